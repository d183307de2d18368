package toyredis;

/**
 * What the server needs to know before it starts: where to listen, how clients share the data
 * ({@link StoreKind}), the longest bulk string a client may send, the append-only file, and, new
 * in stage 6, how connections are served ({@link IoModel}; {@code eventLoops} for nio), how many
 * may wait to be accepted ({@code backlog}) and be open at once ({@code maxClients}), the clock of
 * expiry (Unix ms) and {@code activeExpiry}. Built with {@link Builder}: adding an option is one
 * component, one field, one setter.
 */
public record ServerConfig(String bind, int port, StoreKind store, long protoMaxBulkLen, AofConfig aof,
        IoModel io, int eventLoops, int backlog, int maxClients, java.util.function.LongSupplier clock, boolean activeExpiry) {

    /** The default store: as fast as concurrent, in two thirds of the memory (see the chapter). */
    public static final StoreKind DEFAULT_STORE = StoreKind.COMPACT;
    public static final int DEFAULT_BACKLOG = 511;        // Redis's tcp-backlog
    public static final int DEFAULT_MAX_CLIENTS = 10_000; // Redis's maxclients
    /** Half the cores, the rest left to the kernel's network work and to clients on the same machine. */
    public static final int DEFAULT_EVENT_LOOPS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    /** Loopback on an ephemeral port, every other option at its default: what tests start from. */
    public static Builder forTests() {
        return new Builder().port(0);
    }

    /** One field per option, each starting at its default, and one setter for each. */
    public static final class Builder {
        private String bind = "127.0.0.1";
        private int port = 6379;
        private StoreKind store = DEFAULT_STORE;
        private long protoMaxBulkLen = RespReader.DEFAULT_MAX_BULK_LENGTH;
        private AofConfig aof = AofConfig.disabled();
        private IoModel io = IoModel.NIO;
        private int eventLoops = DEFAULT_EVENT_LOOPS;
        private int backlog = DEFAULT_BACKLOG;
        private int maxClients = DEFAULT_MAX_CLIENTS;
        private java.util.function.LongSupplier clock = System::currentTimeMillis;
        private boolean activeExpiry = true;

        public Builder bind(String address) { this.bind = address; return this; }
        public Builder port(int number) { this.port = number; return this; }
        public Builder store(StoreKind kind) { this.store = kind; return this; }
        public Builder protoMaxBulkLen(long bytes) { this.protoMaxBulkLen = bytes; return this; }
        public Builder aof(AofConfig file) { this.aof = file; return this; }
        public Builder io(IoModel model) { this.io = model; return this; }
        public Builder eventLoops(int count) { this.eventLoops = count; return this; }
        public Builder backlog(int size) { this.backlog = size; return this; }
        public Builder maxClients(int max) { this.maxClients = max; return this; }
        public Builder clock(java.util.function.LongSupplier millis) { this.clock = millis; return this; }
        public Builder activeExpiry(boolean on) { this.activeExpiry = on; return this; }

        public ServerConfig build() {
            return new ServerConfig(bind, port, store, protoMaxBulkLen, aof, io, eventLoops, backlog, maxClients, clock, activeExpiry);
        }
    }
}
