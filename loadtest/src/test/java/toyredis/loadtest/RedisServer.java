package toyredis.loadtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import toyredis.loadtest.servers.LaunchedServer;
import toyredis.loadtest.servers.ServerEntry;

/**
 * A real redis-server on a free port for a test class. Where it is absent the test is skipped
 * with the reason printed, except in CI (the {@code CI} environment variable set), where nothing
 * may be skipped for a missing tool: there the test fails and says what to install.
 */
final class RedisServer {

    private RedisServer() {
    }

    static LaunchedServer startOrSkip() throws Exception {
        requireOrSkip(ServerEntry.redisServerOnPath(), "redis-server is not on the PATH (apt-get install redis-server)");
        int port = LaunchedServer.freePort();
        Path log = Files.createTempFile("redis-", ".log");
        return LaunchedServer.start("redis-server", List.of("redis-server", "--port", "" + port, "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no"), port, log);
    }

    /** Returns if the tool is there; else fails in CI, or skips with the reason printed elsewhere. */
    static void requireOrSkip(boolean present, String missing) {
        if (present) {
            return;
        }
        if (System.getenv("CI") != null) {
            org.junit.jupiter.api.Assertions.fail(missing + " (CI is set, so this test may not be skipped)");
        }
        System.out.println("SKIPPED: " + missing);
        org.junit.jupiter.api.Assumptions.abort(missing);
    }

    /**
     * One redis-server for a whole test class: {@code @RegisterExtension static final
     * RedisServer.PerClass redis = new RedisServer.PerClass();} starts it before the first test
     * (or skips / fails the class as {@link #requireOrSkip} says) and stops it after the last.
     */
    static final class PerClass implements BeforeAllCallback, AfterAllCallback {

        private LaunchedServer server;

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            server = startOrSkip();
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            closeQuietly(server);
        }

        int port() {
            return server.port();
        }
    }

    static void closeQuietly(AutoCloseable server) throws Exception {
        if (server != null) {
            server.close();
        }
    }

}
