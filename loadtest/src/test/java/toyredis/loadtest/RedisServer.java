package toyredis.loadtest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A real redis-server on a free port for a test class; skips (with the reason printed) where it is absent. */
final class RedisServer {

    private RedisServer() {
    }

    static LaunchedServer startOrSkip() throws Exception {
        boolean present = ServerEntry.redisServerOnPath();
        if (!present) {
            System.out.println("SKIPPED: redis-server is not on PATH (CI installs it; apt-get install redis-server)");
        }
        assumeTrue(present, "redis-server is not on PATH");
        int port = LaunchedServer.freePort();
        Path log = Files.createTempFile("redis-", ".log");
        return LaunchedServer.start("redis-server", List.of("redis-server", "--port", "" + port, "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no"), port, log);
    }

    static void closeQuietly(AutoCloseable server) throws Exception {
        if (server != null) {
            server.close();
        }
    }

}
