package toyredis;

/**
 * What the server needs to know before it starts: where to listen, and which threads serve the
 * clients ({@code poolSize} only matters for {@link ThreadMode#POOL}).
 */
public record ServerConfig(String bind, int port, ThreadMode threads, int poolSize) {

    public static final int DEFAULT_POOL_SIZE = 8;

    /** Loopback on an ephemeral port: what tests use. */
    public static ServerConfig forTests(ThreadMode threads) {
        return new ServerConfig("127.0.0.1", 0, threads, DEFAULT_POOL_SIZE);
    }

    public ServerConfig withPoolSize(int size) {
        return new ServerConfig(bind, port, threads, size);
    }
}
