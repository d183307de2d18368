package toyredis;

/**
 * What the server needs to know before it starts: where to listen and how many connections may
 * wait to be accepted ({@code backlog}) or be open at once ({@code maxClients}), how connections
 * are served ({@link IoModel}: event loops, or threads as {@link ThreadMode} says, {@code poolSize}
 * only for {@link ThreadMode#POOL}), how they share the data ({@link StoreKind}), the longest bulk
 * string a client may send, and the append-only file.
 */
public record ServerConfig(String bind, int port, int backlog, int maxClients, IoModel io, int eventLoops,
        ThreadMode threads, int poolSize, StoreKind store, long protoMaxBulkLen, AofConfig aof) {

    public static final int DEFAULT_POOL_SIZE = 8;
    /** Redis's tcp-backlog. */
    public static final int DEFAULT_BACKLOG = 511;
    /** Redis's maxclients. */
    public static final int DEFAULT_MAX_CLIENTS = 10_000;
    /** The default store: as fast as concurrent, in two thirds of the memory (see the chapter). */
    public static final StoreKind DEFAULT_STORE = StoreKind.COMPACT;
    /**
     * Event loops: half the cores, the rest left to the kernel's network work and to clients on the
     * same machine. On the 2-core machine of the chapter one loop beat two (see the chapter).
     */
    public static final int DEFAULT_EVENT_LOOPS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    /** Loopback on an ephemeral port, event loops, no append-only file: what most tests use. */
    public static ServerConfig forTests() {
        return new ServerConfig("127.0.0.1", 0, DEFAULT_BACKLOG, DEFAULT_MAX_CLIENTS, IoModel.NIO, DEFAULT_EVENT_LOOPS,
                ThreadMode.VIRTUAL, DEFAULT_POOL_SIZE, DEFAULT_STORE, RespReader.DEFAULT_MAX_BULK_LENGTH, AofConfig.disabled());
    }

    /** As {@link #forTests()}, but a thread per connection of the given kind. */
    public static ServerConfig forTests(ThreadMode threads) {
        return forTests().withIo(IoModel.THREADS).withThreads(threads);
    }

    /** As {@link #forTests()}, with the given store. */
    public static ServerConfig forTests(StoreKind store) {
        return forTests().withStore(store);
    }

    public ServerConfig withIo(IoModel model) {
        return new ServerConfig(bind, port, backlog, maxClients, model, eventLoops, threads, poolSize, store, protoMaxBulkLen, aof);
    }

    public ServerConfig withThreads(ThreadMode mode) {
        return new ServerConfig(bind, port, backlog, maxClients, io, eventLoops, mode, poolSize, store, protoMaxBulkLen, aof);
    }

    public ServerConfig withPoolSize(int size) {
        return new ServerConfig(bind, port, backlog, maxClients, io, eventLoops, threads, size, store, protoMaxBulkLen, aof);
    }

    public ServerConfig withStore(StoreKind kind) {
        return new ServerConfig(bind, port, backlog, maxClients, io, eventLoops, threads, poolSize, kind, protoMaxBulkLen, aof);
    }

    public ServerConfig withProtoMaxBulkLen(long bytes) {
        return new ServerConfig(bind, port, backlog, maxClients, io, eventLoops, threads, poolSize, store, bytes, aof);
    }

    public ServerConfig withAof(AofConfig file) {
        return new ServerConfig(bind, port, backlog, maxClients, io, eventLoops, threads, poolSize, store, protoMaxBulkLen, file);
    }

    public ServerConfig withMaxClients(int max) {
        return new ServerConfig(bind, port, backlog, max, io, eventLoops, threads, poolSize, store, protoMaxBulkLen, aof);
    }

    public ServerConfig withBacklog(int size) {
        return new ServerConfig(bind, port, size, maxClients, io, eventLoops, threads, poolSize, store, protoMaxBulkLen, aof);
    }
}
