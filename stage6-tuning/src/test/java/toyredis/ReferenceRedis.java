package toyredis;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * A real Redis 7 to compare against: a Testcontainers {@code redis:7.0} container where Docker
 * runs, else {@code redis-server} from the PATH on a free port. Either way it runs with one
 * database, no snapshots and an append-only file, like stage 5, so SELECT and CONFIG GET answer
 * alike; a local one keeps its file in a temporary directory.
 */
final class ReferenceRedis implements AutoCloseable {

    private static final List<String> OPTIONS = List.of("--save", "", "--appendonly", "yes", "--databases", "1");

    private final String host;
    private final int port;
    private final AutoCloseable process;
    private final String description;

    private ReferenceRedis(String host, int port, AutoCloseable process, String description) {
        this.host = host;
        this.port = port;
        this.process = process;
        this.description = description;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    @Override
    public String toString() {
        return description;
    }

    /**
     * Skips the calling test when a tool it needs is missing, with the reason, except in CI
     * (the environment variable {@code CI} is set), where nothing may be skipped for a missing
     * tool: there the test fails and says what to install.
     */
    static void requireOrSkip(boolean present, String missing) {
        if (present) {
            return;
        }
        if (System.getenv("CI") != null) {
            org.junit.jupiter.api.Assertions.fail(missing + " (CI is set, so this test may not be skipped)");
        }
        org.junit.jupiter.api.Assumptions.abort(missing);
    }

    /** A running reference, or null with the reason printed (the caller then skips). */
    static ReferenceRedis startOrNull() throws Exception {
        if (dockerAvailable()) {
            GenericContainer<?> container = new GenericContainer<>("redis:7.0")
                    .withExposedPorts(6379)
                    .withCommand(concat(List.of("redis-server"), OPTIONS).toArray(String[]::new));
            container.start();
            return new ReferenceRedis(container.getHost(), container.getMappedPort(6379), container::stop,
                    "redis:7.0 container");
        }
        String redisServer = findOnPath("redis-server");
        if (redisServer == null) {
            System.out.println("Reference Redis unavailable: no Docker engine and no redis-server on the PATH;"
                    + " differential tests skipped (install redis-server to run them).");
            return null;
        }
        int port = freePort();
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("reference-redis-");
        List<String> command = concat(List.of(redisServer, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--dir", dir.toString()), OPTIONS);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        ReferenceRedis redis = new ReferenceRedis("127.0.0.1", port, () -> {
            stop(process);
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }, redisServer + " on port " + port);
        if (!redis.answersPing(Duration.ofSeconds(10))) {
            redis.close();
            throw new IllegalStateException(redisServer + " did not answer PING within 10 s on port " + port);
        }
        return redis;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private boolean answersPing(Duration within) {
        try {
            Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(this::pingOnce);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** One PING on a fresh connection; an IOException means "not listening yet". */
    private boolean pingOnce() throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = socket.getInputStream().readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        }
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static String findOnPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File file = new File(dir, program);
            if (file.canExecute()) {
                return file.getAbsolutePath();
            }
        }
        return null;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    @Override
    public void close() throws Exception {
        process.close();
    }
}
