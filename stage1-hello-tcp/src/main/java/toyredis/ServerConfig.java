package toyredis;

import java.time.Duration;

/**
 * What the server needs to know before it starts: where to listen, and how long to work on each
 * client before greeting it (zero by default; the chapter's experiment sets it to show the queue).
 */
public record ServerConfig(String bind, int port, Duration work) {

    /** Loopback on an ephemeral port, no simulated work: what tests use. */
    public static ServerConfig forTests() {
        return new ServerConfig("127.0.0.1", 0, Duration.ZERO);
    }

    public ServerConfig withWork(Duration perClient) {
        return new ServerConfig(bind, port, perClient);
    }
}
