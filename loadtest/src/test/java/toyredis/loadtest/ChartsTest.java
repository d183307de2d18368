package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import toyredis.loadtest.load.ErrorKind;
import toyredis.loadtest.load.LoadSpec;
import toyredis.loadtest.load.RunResult;
import toyredis.loadtest.load.ServerFootprint;
import toyredis.loadtest.load.Workload;
import toyredis.loadtest.protocol.Protocol;
import toyredis.loadtest.report.ChartLook;
import toyredis.loadtest.report.ChartSet;
import toyredis.loadtest.report.Charts;
import toyredis.loadtest.report.Report;
import toyredis.loadtest.report.ServerStyles;
import toyredis.loadtest.servers.ServerEntry;

/** What the charts promise: a log axis where values span orders of magnitude, one colour per server, titles as told. */
class ChartsTest {

    @TempDir
    Path dir;

    @Test
    void aLogAxisOnlyWhereTheValuesSpanTwoOrdersOfMagnitude() {
        assertThat(Charts.logScale(List.of(360.0, 137_592.0))).as("stage 3 against stage 4 pipelined").isTrue();
        assertThat(Charts.logScale(List.of(1.0, 100.0))).as("exactly 100 times").isTrue();
        assertThat(Charts.logScale(List.of(2_585.0, 107_000.0))).as("41 times: linear still reads").isFalse();
        assertThat(Charts.logScale(List.of(0.0, 5_000.0))).as("a zero cannot go on a log axis").isFalse();
        assertThat(Charts.logScale(List.of())).isFalse();
    }

    @Test
    void eachStageAndRedisHaveTheirColourWhateverElseIsInTheRun() {
        ServerStyles all = styles("stage1", "stage2", "stage3", "redis");
        ServerStyles some = styles("stage3", "redis");
        assertThat(all.colour("stage3")).isEqualTo(some.colour("stage3")).isEqualTo(new Color(44, 160, 44));
        assertThat(all.colour("redis")).isEqualTo(some.colour("redis")).isEqualTo(new Color(214, 39, 40));
    }

    @Test
    void variantsOfOneStageGetColoursFarFromEachOtherAndFromEveryStage() {
        ServerStyles styles = styles("stage5:--appendfsync always", "stage5", "stage5:--appendfsync no",
                "redis:--appendfsync always", "redis:--appendfsync no");
        List<Color> colours = List.of("stage5 --appendfsync always", "stage5", "stage5 --appendfsync no",
                "redis --appendfsync always", "redis --appendfsync no").stream().map(styles::colour).toList();
        ServerStyles stages = styles("redis", "stage1", "stage2", "stage3", "stage4", "stage5", "stage6");
        List<Color> stageColours = List.of("redis", "stage1", "stage2", "stage3", "stage4", "stage5", "stage6").stream()
                .map(stages::colour).toList();
        for (int i = 0; i < colours.size(); i++) {
            for (int j = i + 1; j < colours.size(); j++) {
                assertThat(distance(colours.get(i), colours.get(j))).as("servers %d and %d", i, j).isGreaterThan(100);
            }
            if (i != 0 && i != 3) { // the first stage5 and the first redis have their stage's own colour
                for (Color stage : stageColours) {
                    assertThat(distance(colours.get(i), stage)).as("variant %d against a stage's colour", i).isGreaterThan(100);
                }
            }
        }
    }

    /** The set chart has no stage 1 line (stage 1 speaks no SET); stage 3 is still drawn in stage 3's green. */
    @Test
    void aServerKeepsItsColourInAChartWhereAnotherHasNoLine() throws IOException {
        ServerStyles styles = styles("stage1", "stage3");
        ChartSet.comparison(dir, List.of(List.of(result("stage1", Workload.GREETING, 10, 5_000)),
                List.of(result("stage3", Workload.SET, 10, 20_000), result("stage3", Workload.SET, 50, 30_000))),
                ChartLook.DEFAULT.withServers(styles));
        assertThat(pixels(dir.resolve("throughput-set.png"), styles.colour("stage3"))).isGreaterThan(50);
        assertThat(pixels(dir.resolve("throughput-set.png"), styles.colour("stage1"))).isZero();
        assertThat(pixels(dir.resolve("throughput-greeting.png"), styles.colour("stage1"))).isGreaterThan(50);
    }

    @Test
    void aTitleGivenForAChartReplacesItsOwnAndATitleForNoChartIsReported() throws IOException {
        ChartLook look = new ChartLook(Map.of("throughput", "Stage 3 is 10 times faster", "thruput", "typo"), Set.of(),
                ServerStyles.NONE);
        List<Path> files = ChartSet.sweep(dir, "stage3", List.of(result("stage3", Workload.SET, 10, 20_000)), look);
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("throughput.png");
        assertThat(look.titleOf("throughput", "Throughput vs connections")).isEqualTo("Stage 3 is 10 times faster");
        assertThat(look.titleOf("latency", "Latency percentiles")).isEqualTo("Latency percentiles");
        assertThat(look.unknownCharts()).containsExactly("thruput");
        // ...and it is the title drawn: the same chart under its own title is another image.
        Path own = Files.createDirectories(dir.resolve("own"));
        ChartSet.sweep(own, "stage3", List.of(result("stage3", Workload.SET, 10, 20_000)), ChartLook.DEFAULT);
        assertThat(Files.readAllBytes(dir.resolve("throughput.png"))).isNotEqualTo(Files.readAllBytes(own.resolve("throughput.png")));
        assertThat(Files.readAllBytes(dir.resolve("latency.png"))).isEqualTo(Files.readAllBytes(own.resolve("latency.png")));
    }

    @Test
    void barsDrawsACsvsColumnsAndRefusesATitleForAChartItDoesNotDraw() throws IOException {
        Path csv = dir.resolve("run.csv");
        Files.writeString(csv, "server,p99_ms,uncorrected_p99_ms\nredis,650.5,1.2\n");
        Cli ok = Cli.run("bars", "--csv", "frozen=" + csv, "--series", "p99=@p99_ms", "--series", "p99 uncorrected=@uncorrected_p99_ms",
                "--name", "latency", "--title", "latency=The freeze shows only from the intended send time",
                "--out", dir.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ImageIO.read(dir.resolve("latency.png").toFile()).getWidth()).isEqualTo(Charts.WIDTH);
        Cli typo = Cli.run("bars", "--csv", "frozen=" + csv, "--series", "p99=@p99_ms", "--name", "latency",
                "--title", "latncy=typo", "--out", dir.toString());
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("no chart named latncy", "the charts: latency");
    }

    @Test
    void barsFindsOneRowPerGroupAndSeriesAndSaysWhenThereIsNot() throws IOException {
        Path csv = dir.resolve("compare.csv");
        Files.writeString(csv, """
                server,connections,workload,ops_per_sec
                stage5 --appendfsync always,50,set,3938.7
                stage5 --appendfsync always,10,set,3850.3
                redis --appendonly yes --appendfsync always,50,set,44662.7
                stage5 --appendfsync no,50,set,75000
                redis --appendonly yes --appendfsync no,50,set,107000
                """);
        Cli ok = Cli.run("bars", "--csv", csv.toString(), "--where", "connections=50", "--group", "always=appendfsync always",
                "--group", "no=appendfsync no", "--series", "stage 5=stage5", "--series", "Redis=redis", "--name", "fsync",
                "--out", dir.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(pixels(dir.resolve("fsync.png"), styles("redis").colour("redis"))).as("Redis's bars in red").isGreaterThan(500);
        Cli ambiguous = Cli.run("bars", "--csv", csv.toString(), "--group", "always=appendfsync always",
                "--series", "stage 5=stage5", "--out", dir.toString());
        assertThat(ambiguous.code()).isEqualTo(2);
        assertThat(ambiguous.err()).contains("2 rows for group \"always\" and series \"stage 5\"");
    }

    /** Charts drawn again from a CSV show what was measured: the CSV written from what was read back is the same. */
    @Test
    void aCsvReadBackGivesTheSameCsv() throws IOException {
        List<RunResult> results = List.of(result("stage3", Workload.SET, 10, 20_000), result("redis", Workload.PING, 50, 120_000));
        Path csv = dir.resolve("compare.csv");
        Files.writeString(csv, Report.csv(results));
        assertThat(Report.csv(Report.fromCsv(csv))).isEqualTo(Files.readString(csv));
        Cli redraw = Cli.run("compare", "--from-csv", csv.toString(), "--server", "Redis 7=redis", "--out", dir.toString(),
                "--title", "throughput-set=Stage 3 on its own");
        assertThat(redraw.code()).as(redraw.err()).isZero();
        assertThat(dir.resolve("throughput-set.png")).exists();
        assertThat(pixels(dir.resolve("throughput-ping.png"), styles("redis").colour("redis"))).isGreaterThan(50);
    }

    @Test
    void aLegendNameComesBeforeAnEqualsSign() throws Exception {
        Path root = Path.of("..");
        ServerEntry named = ServerEntry.parse("group commit=stage6:--appendfsync always", root);
        assertThat(named.label()).isEqualTo("stage6 --appendfsync always");
        assertThat(named.name()).isEqualTo("group commit");
        ServerEntry unnamed = ServerEntry.parse("redis:--appendfsync=always", root);
        assertThat(unnamed.name()).isEqualTo(unnamed.label()).isEqualTo("redis --appendfsync=always");
    }

    private static ServerStyles styles(String... servers) {
        return ServerStyles.of(List.of(servers).stream().map(text -> {
            String label = text.replace(':', ' ');
            int stage = text.startsWith("redis") ? 0 : text.charAt(5) - '0';
            return new ServerStyles.Server(label, stage, label);
        }).toList());
    }

    private static double distance(Color a, Color b) {
        int r = a.getRed() - b.getRed();
        int g = a.getGreen() - b.getGreen();
        int bl = a.getBlue() - b.getBlue();
        return Math.sqrt(r * r + g * g + bl * bl);
    }

    private static long pixels(Path png, Color colour) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                count += (image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF) ? 1 : 0;
            }
        }
        return count;
    }

    static RunResult result(String server, Workload workload, int connections, double opsPerSecond) {
        LoadSpec spec = LoadSpec.defaults(6379).withWorkload(workload, Protocol.RESP).withConnections(connections);
        Map<ErrorKind, Long> errors = new java.util.EnumMap<>(ErrorKind.class);
        for (ErrorKind kind : ErrorKind.values()) {
            errors.put(kind, (long) kind.ordinal());
        }
        RunResult.Latency latency = new RunResult.Latency(0.1, 0.2, 0.5, 1.0, 2.0);
        return new RunResult(server, spec, (long) opsPerSecond * 10, opsPerSecond, (long) opsPerSecond * 10, errors,
                Map.of(), connections, connections, 0, latency, latency, connections, latency, new ServerFootprint(20, 100));
    }
}
