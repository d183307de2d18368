package toyredis.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import org.openjdk.jmh.results.RunResult;

/**
 * Writes the benchmark results as a CSV and a bar chart: one group of bars per store, one bar per
 * workload and thread count. The y axis is logarithmic because {@code channel} is hundreds of
 * times slower than the rest: on a linear axis it would not show. (The error bars are
 * in the CSV and the chapter's table: XChart draws them wrongly on a log axis.)
 *
 * <p>The chart can be redrawn from a CSV without running the benchmarks again:
 * {@code java -cp ... toyredis.bench.BenchmarkChart stage3-jmh.csv OUTPUT_DIR}.
 */
public final class BenchmarkChart {

    /** One cell of the results: a workload on a store with a number of threads, in ops/µs. */
    record Row(String workload, String store, int threads, double score, double error) {
    }

    private static final Color[] WORKLOAD_COLORS = {new Color(30, 90, 170), new Color(30, 130, 60), new Color(190, 90, 20)};

    private BenchmarkChart() {
    }

    public static void main(String[] args) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            rows.add(new Row(cells[0], cells[1], Integer.parseInt(cells[2]), Double.parseDouble(cells[3]),
                    Double.parseDouble(cells[4])));
        }
        chart(rows, Path.of(args[1]));
    }

    static List<Row> rows(Collection<RunResult> results) {
        return results.stream().map(run -> new Row(workload(run), run.getParams().getParam("store"),
                run.getParams().getThreads(), run.getPrimaryResult().getScore(), run.getPrimaryResult().getScoreError())).toList();
    }

    static void write(List<Row> rows, Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("workload,store,threads,ops_per_us,error_99_9\n");
        for (Row row : rows) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%.4f,%.4f%n", row.workload(), row.store(), row.threads(),
                    row.score(), row.error()));
        }
        Files.writeString(dir.resolve("stage3-jmh.csv"), csv);
        chart(rows, dir);
    }

    private static void chart(List<Row> rows, Path dir) throws IOException {
        List<String> stores = rows.stream().map(Row::store).distinct().toList();
        List<String> workloads = rows.stream().map(Row::workload).distinct().toList();
        List<Integer> threadCounts = rows.stream().map(Row::threads).distinct().sorted().toList();
        System.setProperty("java.awt.headless", "true");
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(560)
                .title("The stores without the network (JMH, 3 forks x 5 s per bar)")
                .xAxisTitle("store").yAxisTitle("million operations per second (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.01); // bars start at the axis minimum, which a log axis cannot put at zero
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisDecimalPattern("#,##0.##");
        for (int w = 0; w < workloads.size(); w++) {
            String workload = workloads.get(w);
            for (int threads : threadCounts) {
                List<Double> scores = new ArrayList<>();
                for (String store : stores) {
                    scores.add(rows.stream().filter(r -> r.workload().equals(workload) && r.store().equals(store)
                            && r.threads() == threads).mapToDouble(Row::score).findFirst().orElse(0));
                }
                String name = workload + ", " + threads + (threads == 1 ? " thread" : " threads");
                // One colour per workload, lighter for more threads: pairs of bars compare at a glance.
                Color color = WORKLOAD_COLORS[w % WORKLOAD_COLORS.length];
                chart.addSeries(name, stores, scores).setFillColor(threads == 1 ? color : color.brighter().brighter());
            }
        }
        BitmapEncoder.saveBitmap(chart, dir.resolve("stage3-jmh.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static String workload(RunResult run) {
        return run.getParams().getBenchmark().replaceAll(".*\\.", "");
    }
}
