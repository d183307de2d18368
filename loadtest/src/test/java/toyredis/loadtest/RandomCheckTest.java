package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import toyredis.loadtest.servers.LaunchedServer;

/**
 * check --random: stages 4, 5 and 6 answer thousands of random sequences exactly as Redis does
 * (in CI on every run, with new seeds each time, printed), and a server with one wrong error
 * string fails, shrunk to the one request that shows it. {@code -Drandom.sequences=N} runs
 * longer; {@code -Drandom.seed=S} replays a run.
 */
class RandomCheckTest {

    private static final int SEQUENCES = Integer.getInteger("random.sequences", 5_000);
    private static final long SEED = Long.getLong("random.seed", System.currentTimeMillis());

    @Test
    void stage4AnswersEveryRandomSequenceAsRedisDoes() throws Exception {
        try (LaunchedServer stage = StageJar.start("stage4-commands")) {
            assertTheSameAsRedis(stage, 4);
        }
    }

    @Test
    void stage5AnswersEveryRandomSequenceAsRedisDoes(@TempDir Path dir) throws Exception {
        try (LaunchedServer stage = StageJar.start("stage5-aof", "--dir", dir.toString())) {
            assertTheSameAsRedis(stage, 5);
        }
    }

    @Test
    void stage6AnswersEveryRandomSequenceAsRedisDoes(@TempDir Path dir) throws Exception {
        try (LaunchedServer stage = StageJar.start("stage6-tuning", "--dir", dir.toString())) {
            assertTheSameAsRedis(stage, 6);
        }
    }

    private static void assertTheSameAsRedis(LaunchedServer stage, int number) throws Exception {
        try (LaunchedServer redis = RedisServer.startOrSkip()) {
            Cli check = random(number, stage.port(), redis.port(), SEQUENCES, SEED);
            // The seeds and the outcome go to the build's output, so that a failure in CI can be replayed.
            System.out.printf("stage %d, check --random %d --seed %d:%n%s", number, SEQUENCES, SEED, check.out());
            assertThat(check.out()).as(check.out())
                    .contains("random: " + SEQUENCES + " sequences, seeds " + SEED + " to " + (SEED + SEQUENCES - 1))
                    .contains("every reply the same as the reference's");
            assertThat(check.code()).isZero();
        }
    }

    /** Stage 4 behind a proxy that gets one error string wrong: the first sequence that meets it fails, shrunk to it. */
    @Test
    void aServerWithOneWrongErrorStringFailsWithTheShortestSequenceThatShowsIt() throws Exception {
        byte[] right = "-ERR value is not an integer or out of range\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] wrong = "-ERR value is not an integer\r\n".getBytes(StandardCharsets.US_ASCII);
        try (LaunchedServer stage = StageJar.start("stage4-commands");
                FakeServer oneWrongError = new FakeServer(client -> proxy(client, stage.port(), right, wrong));
                LaunchedServer redis = RedisServer.startOrSkip()) {
            Cli check = random(4, oneWrongError.port(), redis.port(), SEQUENCES, 42);
            assertThat(check.code()).as(check.out()).isEqualTo(1);
            assertThat(check.out())
                    .containsPattern("random: sequence \\d+ of " + SEQUENCES + " \\(seed \\d+\\) differs from the reference")
                    .containsPattern("shrunk from \\d+ requests in \\d+ writes to [12] in 1 ")
                    .contains("\"-ERR value is not an integer or out of range\\r\\n\"")
                    .contains("\"-ERR value is not an integer\\r\\n\"")
                    .containsPattern("check --stage 4 .* --random 1 --seed \\d+");
            String script = check.out().substring(check.out().indexOf("FLUSHALL"), check.out().indexOf("the bytes, exactly"));
            assertThat(script).containsPattern("(?i)(INCR|DECR|SELECT|GETEX|EXPIRE|SET)");
        }
    }

    @Test
    void theSameSeedGivesTheSameSequenceAndVerdictTwice() throws Exception {
        try (LaunchedServer stage = StageJar.start("stage4-commands"); LaunchedServer redis = RedisServer.startOrSkip()) {
            Cli first = random(4, stage.port(), redis.port(), 200, 7);
            Cli second = random(4, stage.port(), redis.port(), 200, 7);
            String counts = "random: 200 sequences, \\d+ requests in \\d+ writes";
            assertThat(first.out()).containsPattern(counts);
            assertThat(first.out().replaceAll("\\(\\d+\\.\\d s\\)", "")).isEqualTo(second.out().replaceAll("\\(\\d+\\.\\d s\\)", ""));
        }
    }

    @Test
    void withoutAReferenceItSaysWhatToStartAndExits1() throws Exception {
        try (LaunchedServer stage = StageJar.start("stage4-commands")) {
            Cli check = random(4, stage.port(), LaunchedServer.freePort(), 10, 1);
            assertThat(check.code()).isEqualTo(1);
            assertThat(check.out()).contains("nothing answers at 127.0.0.1:").contains("start a reference, such as redis-server --port");
        }
    }

    @Test
    void badUsageIsExplainedInOneLineAndExits2() {
        Cli noReference = Cli.run("check", "--stage", "4", "--random", "10");
        assertThat(noReference.code()).isEqualTo(2);
        assertThat(noReference.err()).contains("--random needs --reference-port PORT");
        Cli stage3 = Cli.run("check", "--stage", "3", "--random", "10", "--reference-port", "1");
        assertThat(stage3.code()).isEqualTo(2);
        assertThat(stage3.err()).contains("--random needs --stage 4, 5 or 6");
        Cli seedAlone = Cli.run("check", "--stage", "4", "--seed", "3");
        assertThat(seedAlone.code()).isEqualTo(2);
        assertThat(seedAlone.err()).contains("--reference-port and --seed apply only with --random");
    }

    private static Cli random(int stage, int port, int referencePort, int sequences, long seed) {
        return Cli.run("check", "--stage", "" + stage, "--port", "" + port, "--reference-port", "" + referencePort,
                "--random", "" + sequences, "--seed", "" + seed);
    }

    /** Passes bytes both ways, replacing each reply line {@code from} by {@code to} on the way back. */
    private static void proxy(Socket client, int port, byte[] from, byte[] to) throws IOException {
        try (Socket upstream = new Socket("127.0.0.1", port)) {
            upstream.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
            Thread.ofVirtual().start(() -> {
                try {
                    client.getInputStream().transferTo(upstream.getOutputStream());
                    upstream.shutdownOutput();
                } catch (IOException e) {
                    // either side left: the other direction ends too
                }
            });
            InputStream in = new BufferedInputStream(upstream.getInputStream());
            OutputStream out = client.getOutputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                line.write(b);
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    out.write(Arrays.equals(bytes, from) ? to : bytes);
                    line.reset();
                }
            }
            out.write(line.toByteArray());
        }
    }
}
