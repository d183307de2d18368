package toyredis;

/**
 * What the server needs to know before it starts: where to listen, which threads serve the
 * clients ({@code poolSize} only matters for {@link ThreadMode#POOL}), and how they share the
 * data ({@link StoreKind}).
 */
public record ServerConfig(String bind, int port, ThreadMode threads, int poolSize, StoreKind store) {

    public static final int DEFAULT_POOL_SIZE = 8;

    /** Loopback on an ephemeral port: what tests use. */
    public static ServerConfig forTests(ThreadMode threads) {
        return new ServerConfig("127.0.0.1", 0, threads, DEFAULT_POOL_SIZE, StoreKind.CONCURRENT);
    }

    /** Loopback on an ephemeral port with virtual threads and the given store. */
    public static ServerConfig forTests(StoreKind store) {
        return forTests(ThreadMode.VIRTUAL).withStore(store);
    }

    public ServerConfig withPoolSize(int size) {
        return new ServerConfig(bind, port, threads, size, store);
    }

    public ServerConfig withStore(StoreKind kind) {
        return new ServerConfig(bind, port, threads, poolSize, kind);
    }
}
