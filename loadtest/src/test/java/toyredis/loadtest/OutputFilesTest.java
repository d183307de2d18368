package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static toyredis.loadtest.CommandLineTest.assertPng;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** run and sweep against a real redis-server: what they print and the files they write. */
class OutputFilesTest {

    @RegisterExtension
    static final RedisServer.PerClass redis = new RedisServer.PerClass();

    @Test
    void runPrintsTheNumbersAndWritesJsonAndCsv(@TempDir Path out) throws Exception {
        Cli run = Cli.run("run", "--port", "" + redis.port(), "--connections", "5", "--pipeline", "4",
                "--duration", "1s", "--warmup", "0", "--json", "--csv", "--out", out.toString());
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("run: set over resp to 127.0.0.1:" + redis.port(), "throughput", "ops/s",
                "errors       0", "refused 0 · reset 0 · timeout 0 · protocol 0 · wrong value 0", "latency ms   p50",
                "wrote " + out.resolve("run.json"), "wrote " + out.resolve("run.csv"));
        assertThat(Files.readString(out.resolve("run.json"))).contains("\"ops_per_sec\": ", "\"errors\": 0", "\"p99.9\": ");
        var json = tools.jackson.databind.json.JsonMapper.builder().build().readTree(out.resolve("run.json").toFile());
        assertThat(json.get(0).get("connections_served").asLong()).isEqualTo(5);
        assertThat(json.get(0).get("errors_by_kind").get("lost_update").asLong()).isZero();
        assertThat(json.get(0).get("latency_ms").get("p50").asDouble()).isPositive();
        List<String> csv = Files.readAllLines(out.resolve("run.csv"));
        assertThat(csv).hasSize(2);
        assertThat(csv.get(0)).startsWith("server,connections,workload,protocol,pipeline");
        assertThat(csv.get(1)).startsWith("127.0.0.1:" + redis.port() + ",5,set,resp,4,");
    }

    @Test
    void sweepWritesCsvAndChartsThatDecode(@TempDir Path out) throws Exception {
        Cli sweep = Cli.run("sweep", "--port", "" + redis.port(), "--connections", "1,4", "--duration", "1s",
                "--warmup", "0", "--workload", "mixed", "--out", out.toString());
        assertThat(sweep.code()).isZero();
        assertThat(sweep.out()).contains("server", "conns", "ops/s", "wrote " + out.resolve("throughput.png"));
        List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
        assertThat(csv).hasSize(3);
        assertThat(csv.get(1)).contains(",1,mixed,resp,");
        assertThat(csv.get(2)).contains(",4,mixed,resp,");
        for (String chart : List.of("throughput.png", "error-rate.png", "latency.png")) {
            assertPng(out.resolve(chart));
        }
    }
}
