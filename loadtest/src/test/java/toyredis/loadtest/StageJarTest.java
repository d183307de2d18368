package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import toyredis.loadtest.load.LoadRun;
import toyredis.loadtest.load.LoadSpec;
import toyredis.loadtest.load.RunResult;
import toyredis.loadtest.load.Workload;
import toyredis.loadtest.protocol.Protocol;
import toyredis.loadtest.servers.LaunchedServer;
import toyredis.loadtest.servers.RedisContainer;
import toyredis.loadtest.servers.ServerEntry;

/** The harness against the stage 2 jar, run as a child process like `compare` runs it. */
class StageJarTest {

    @Test
    void pingOverInlineRunsWithoutErrorsAndTheStage2CasesPass() throws Exception {
        try (LaunchedServer stage2 = StageJar.start("stage2-keepalive")) {
            LoadSpec spec = LoadSpec.defaults(stage2.port()).withWorkload(Workload.PING, Protocol.INLINE)
                    .withConnections(8).withTiming(Duration.ofSeconds(1), Duration.ZERO);
            RunResult result = LoadRun.execute("stage2", spec, LoadRun.Progress.NONE);
            assertThat(result.errorCount()).isZero();
            assertThat(result.replies()).isPositive();
            assertThat(result.latency().p50()).isPositive();

            Cli check = Cli.run("check", "--stage", "2", "--port", "" + stage2.port());
            assertThat(check.out()).contains("all 11 cases passed");
            assertThat(check.code()).isZero();
        }
    }

    @Test
    void compareSweepsEachServerPerWorkloadAndDrawsOneSetOfChartsPerWorkload(@TempDir Path out) throws Exception {
        StageJar.locate("stage2-keepalive");
        boolean withRedis = ServerEntry.redisServerOnPath();
        List<String> args = new java.util.ArrayList<>(List.of("compare", "--root", "..", "--server", "stage2",
                "--connections", "1,3", "--duration", "1s", "--warmup", "0", "--out", out.toString()));
        if (withRedis) {
            args.addAll(List.of("--server", "redis"));
        }
        Cli compare = Cli.run(args.toArray(String[]::new));
        assertThat(compare.code()).as(compare.err()).isZero();
        List<String> csv = Files.readAllLines(out.resolve("compare.csv"));
        assertThat(csv).hasSize(withRedis ? 7 : 3);
        assertThat(csv.get(1)).startsWith("stage2,1,ping,inline,");
        int threads = List.of(csv.get(0).split(",")).indexOf("server_threads");
        assertThat(Long.parseLong(csv.get(1).split(",")[threads])).as("stage 2's threads, from /proc").isPositive();
        // One set of charts per workload; with a single workload the names carry no suffix.
        List<String> suffixes = List.of("");
        if (withRedis) {
            assertThat(csv.get(3)).startsWith("redis,1,ping,resp,");
            assertThat(csv.get(5)).startsWith("redis,1,set,resp,");
            suffixes = List.of("-ping", "-set");
        }
        for (String suffix : suffixes) {
            for (String chart : List.of("throughput", "error-rate", "errors", "connections-served", "latency-p50",
                    "latency-p99", "server-threads", "server-memory")) {
                CommandLineTest.assertPng(out.resolve(chart + suffix + ".png"));
            }
        }
        assertThat(Files.readString(out.resolve("server-stage2.log"))).contains("listening");
    }

    @Test
    void redisInDockerWithoutADockerEngineIsAClearError(@TempDir Path root) {
        org.junit.jupiter.api.Assumptions.assumeFalse(RedisContainer.dockerAvailable(), "a Docker engine runs here");
        Cli compare = Cli.run("compare", "--root", root.toString(), "--server", "redis-docker", "--duration", "1s");
        assertThat(compare.code()).isEqualTo(1);
        assertThat(compare.err()).contains("redis-docker needs a running Docker engine");
    }

    @Test
    void aMissingJarIsNamedWithTheCommandThatBuildsIt(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("stage5-aof"));
        Cli compare = Cli.run("compare", "--root", root.toString(), "--server", "stage5", "--duration", "1s");
        assertThat(compare.code()).isEqualTo(1);
        assertThat(compare.err()).contains("stage5-aof.jar", "./mvnw -q package -DskipTests");
    }
}
