package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: help, bad options, the fd limit, and run/sweep output files against real Redis. */
class CommandLineTest {

    private static LaunchedServer redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.startOrSkip();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        RedisServer.closeQuietly(redis);
    }

    static void assertPng(Path file) throws Exception {
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as(file + " decodes").isNotNull();
        assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
    }

    @Test
    void helpNamesEverySubcommand() {
        Cli help = Cli.run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("run", "sweep", "compare", "check");
        assertThat(Cli.run("run", "--help").out()).contains("--connections", "--pipeline", "--rate", "--protocol", "--json");
    }

    @Test
    void badOptionsExitWith2AndSayWhy() {
        assertThat(Cli.run("run", "--workload", "scan").code()).isEqualTo(2);
        assertThat(Cli.run("run", "--duration", "soon").err()).contains("'soon' is not a duration");
        Cli zero = Cli.run("run", "--connections", "0");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).contains("--connections must be at least 1, got 0");
        assertThat(Cli.run("run", "--read-ratio", "1.5").code()).isEqualTo(2);
        assertThat(Cli.run("nonsense").code()).isEqualTo(2);
    }

    @Test
    void tooManyConnectionsForTheFileDescriptorLimitIsAClearError() {
        Cli run = Cli.run("run", "--connections", "50000000");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("50000000 connections need about", "(ulimit -n)", "Raise the limit");
    }

    @Test
    void aServerThatIsNotThereIsCountedNotThrown() {
        Cli run = Cli.run("run", "--port", "1", "--connections", "3", "--duration", "300ms", "--warmup", "0", "-q");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("3 wanted: 0 connects succeeded", "refused: connect: Connection refused");
    }

    @Test
    void runPrintsTheNumbersAndWritesJsonAndCsv(@TempDir Path out) throws Exception {
        Cli run = Cli.run("run", "--port", "" + redis.port(), "--connections", "5", "--pipeline", "4",
                "--duration", "1s", "--warmup", "0", "--json", "--csv", "--out", out.toString());
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("run: set over resp to 127.0.0.1:" + redis.port(), "throughput", "ops/s",
                "errors       0", "refused 0 · reset 0 · timeout 0 · protocol 0 · wrong value 0", "latency ms   p50",
                "wrote " + out.resolve("run.json"), "wrote " + out.resolve("run.csv"));
        assertThat(Files.readString(out.resolve("run.json"))).contains("\"ops_per_sec\": ", "\"errors\": 0", "\"p99.9\": ");
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
