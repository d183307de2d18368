package toyredis;

import java.util.function.LongSupplier;

/**
 * What the server needs to know before it starts: where to listen, how clients share the data
 * ({@link StoreKind}), the longest bulk string a client may send, the append-only file, and the
 * clock that decides when keys expire (Unix milliseconds; tests pass one they move by hand). Built
 * with {@link Builder}: adding an option is one component, one field, one setter.
 */
public record ServerConfig(String bind, int port, StoreKind store, long protoMaxBulkLen, AofConfig aof, LongSupplier clock) {

    /** The default store: the fastest safe one, measured with redis-benchmark (see the chapter). */
    public static final StoreKind DEFAULT_STORE = StoreKind.CONCURRENT;

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
        private LongSupplier clock = System::currentTimeMillis;

        public Builder bind(String address) { this.bind = address; return this; }
        public Builder port(int number) { this.port = number; return this; }
        public Builder store(StoreKind kind) { this.store = kind; return this; }
        public Builder protoMaxBulkLen(long bytes) { this.protoMaxBulkLen = bytes; return this; }
        public Builder aof(AofConfig file) { this.aof = file; return this; }
        public Builder clock(LongSupplier millis) { this.clock = millis; return this; }

        public ServerConfig build() {
            return new ServerConfig(bind, port, store, protoMaxBulkLen, aof, clock);
        }
    }
}
