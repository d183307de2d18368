package toyredis;

/**
 * What the server needs to know before it starts: where to listen, which threads serve the
 * clients ({@code poolSize} only matters for {@link ThreadMode#POOL}), how they share the data
 * ({@link StoreKind}), the longest bulk string a client may send, and the append-only file.
 */
public record ServerConfig(String bind, int port, ThreadMode threads, int poolSize, StoreKind store,
        long protoMaxBulkLen, AofConfig aof) {

    public static final int DEFAULT_POOL_SIZE = 8;
    /** The default store: the fastest safe one, measured with redis-benchmark (see the chapter). */
    public static final StoreKind DEFAULT_STORE = StoreKind.CONCURRENT;

    /** Loopback on an ephemeral port, without an append-only file: what tests use. */
    public static ServerConfig forTests(ThreadMode threads) {
        return new ServerConfig("127.0.0.1", 0, threads, DEFAULT_POOL_SIZE, DEFAULT_STORE,
                RespReader.DEFAULT_MAX_BULK_LENGTH, AofConfig.disabled());
    }

    /** Loopback on an ephemeral port with virtual threads and the given store. */
    public static ServerConfig forTests(StoreKind store) {
        return forTests(ThreadMode.VIRTUAL).withStore(store);
    }

    public ServerConfig withPoolSize(int size) {
        return new ServerConfig(bind, port, threads, size, store, protoMaxBulkLen, aof);
    }

    public ServerConfig withStore(StoreKind kind) {
        return new ServerConfig(bind, port, threads, poolSize, kind, protoMaxBulkLen, aof);
    }

    public ServerConfig withProtoMaxBulkLen(long bytes) {
        return new ServerConfig(bind, port, threads, poolSize, store, bytes, aof);
    }

    public ServerConfig withAof(AofConfig file) {
        return new ServerConfig(bind, port, threads, poolSize, store, protoMaxBulkLen, file);
    }
}
