package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * End to end with Redis's own tools, where they are installed: redis-cli (one-shot commands,
 * interactive session, --pipe mass insertion) and redis-benchmark. Skipped with a reason where not.
 */
class RedisToolsTest {

    /** Stage 5 runs these stage 4 tests with its append-only file on: nothing it adds may change a reply. */
    @TempDir
    static Path dataDir;

    private static Server server;

    @BeforeAll
    static void start() throws IOException {
        server = new Server(ServerConfig.forTests().aof(AofConfig.in(dataDir).build()).build()).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void emptyTheStore() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            jedis.flushAll();
        }
    }

    /** What a finished tool printed (stdout and stderr together), and its exit code. */
    record Output(int exitCode, String text) {
    }

    private static String tool(String name) {
        String path = ReferenceRedis.findOnPath(name);
        ReferenceRedis.requireOrSkip(path != null, name + " is not on the PATH (install redis-tools, the package with redis-cli and redis-benchmark)");
        return path;
    }

    private static Output run(List<String> command, byte[] stdin, int timeoutSeconds) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(stdin);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                process.getInputStream().transferTo(out);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s; printed: " + out);
        }
        reader.join(5_000);
        return new Output(process.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    private static List<String> cli(String... args) {
        List<String> command = new ArrayList<>(List.of(tool("redis-cli"), "-p", String.valueOf(server.port())));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void redisCliSetThenGet() throws Exception {
        assertThat(run(cli("SET", "a", "b"), new byte[0], 30)).isEqualTo(new Output(0, "OK\n"));
        assertThat(run(cli("GET", "a"), new byte[0], 30)).isEqualTo(new Output(0, "b\n"));
        assertThat(run(cli("GET", "missing"), new byte[0], 30)).isEqualTo(new Output(0, "\n"));
        // redis-cli prints an error followed by an empty line, against real Redis too.
        assertThat(run(cli("INCR", "a"), new byte[0], 30).text()).isEqualTo("ERR value is not an integer or out of range\n\n");
    }

    /** Without arguments redis-cli starts its interactive loop, asking COMMAND DOCS for hints first. */
    @Test
    void redisCliSessionReadingCommandsFromStdin() throws Exception {
        Output output = run(cli(), "SET greeting hello\nGET greeting\nDBSIZE\n".getBytes(StandardCharsets.UTF_8), 30);
        assertThat(output).isEqualTo(new Output(0, "OK\nhello\n1\n"));
    }

    @Test
    void redisCliPipeLoadsOneHundredThousandSets(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream commands = new ByteArrayOutputStream();
        for (int i = 0; i < 100_000; i++) {
            commands.writeBytes(DifferentialCorpus.resp("SET", "key:" + i, "value:" + i));
        }
        Path file = dir.resolve("sets.resp");
        Files.write(file, commands.toByteArray());
        Output output = run(cli("--pipe"), Files.readAllBytes(file), 60);
        assertThat(output.exitCode()).as(output.text()).isZero();
        assertThat(output.text()).contains("errors: 0, replies: 100000");
        assertThat(run(cli("DBSIZE"), new byte[0], 30).text()).isEqualTo("100000\n");
    }

    @Test
    void redisBenchmarkFinishesWithoutErrors() throws Exception {
        List<String> command = List.of(tool("redis-benchmark"), "-p", String.valueOf(server.port()),
                "-t", "set,get,incr", "-n", "100000", "-c", "50", "-q");
        Output output = run(command, new byte[0], 90);
        assertThat(output.exitCode()).as(output.text()).isZero();
        String[] lines = output.text().replace("\r", "\n").lines().filter(line -> !line.isBlank()).toArray(String[]::new);
        List<String> summaries = java.util.Arrays.stream(lines).filter(line -> line.contains("requests per second")).toList();
        assertThat(summaries).as(output.text()).hasSize(3)
                .anySatisfy(line -> assertThat(line).startsWith("SET: "))
                .anySatisfy(line -> assertThat(line).startsWith("GET: "))
                .anySatisfy(line -> assertThat(line).startsWith("INCR: "));
        assertThat(output.text()).doesNotContainIgnoringCase("error").doesNotContain("WARNING");
    }
}
