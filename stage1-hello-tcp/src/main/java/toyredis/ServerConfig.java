package toyredis;

/** What the server needs to know before it starts: where to listen. */
public record ServerConfig(String bind, int port) {

    /** Loopback on an ephemeral port: what tests use. */
    public static ServerConfig forTests() {
        return new ServerConfig("127.0.0.1", 0);
    }
}
