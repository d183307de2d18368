package toyredis.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link StoreBenchmark} with 1 and 2 threads (JMH takes one thread count per run; the
 * workshop machines have two cores, and more threads than cores measures the scheduler), prints
 * one Markdown table of all results, ready for the chapter, and writes them to
 * {@code target/jmh/stage3-jmh.csv} and {@code stage3-jmh.png}. Any JMH option may be given
 * (for example {@code -p store=atom,locked -wi 1}); {@code -t N} runs only that thread count.
 *
 * <p>{@code mvn -f stage3-shared-state/pom.xml -q test-compile exec:exec@jmh}
 */
public final class RunBenchmarks {

    private static final List<Integer> THREAD_COUNTS = List.of(1, 2);

    public static void main(String[] args) throws Exception {
        CommandLineOptions given = new CommandLineOptions(args);
        List<Integer> threadCounts = given.getThreads().hasValue() ? List.of(given.getThreads().get()) : THREAD_COUNTS;
        List<RunResult> results = new ArrayList<>();
        for (int threads : threadCounts) {
            OptionsBuilder options = new OptionsBuilder();
            options.parent(given);
            if (given.getIncludes().isEmpty()) {
                options.include(StoreBenchmark.class.getName());
            }
            results.addAll(new Runner(options.threads(threads).build()).run());
        }
        System.out.println();
        System.out.println(markdown(results, threadCounts));
        BenchmarkChart.write(BenchmarkChart.rows(results), Path.of("target", "jmh"));
        System.out.println("CSV and chart: " + Path.of("target", "jmh").toAbsolutePath());
    }

    /** One row per workload and store, one column per thread count: score ± error. */
    static String markdown(Collection<RunResult> results, List<Integer> threadCounts) {
        Map<String, Map<Integer, Result<?>>> rows = new TreeMap<>();
        String unit = "";
        for (RunResult run : results) {
            String row = "| " + BenchmarkChart.workload(run) + " | " + run.getParams().getParam("store") + " |";
            rows.computeIfAbsent(row, r -> new TreeMap<>()).put(run.getParams().getThreads(), run.getPrimaryResult());
            unit = run.getPrimaryResult().getScoreUnit();
        }
        StringBuilder table = new StringBuilder("| workload | store |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (int threads : threadCounts) {
            table.append(' ').append(threads).append(threads == 1 ? " thread" : " threads").append(" (").append(unit).append(") |");
            rule.append("---:|");
        }
        table.append('\n').append(rule).append('\n');
        rows.forEach((row, byThreads) -> {
            table.append(row);
            for (int threads : threadCounts) {
                table.append(cell(byThreads.get(threads)));
            }
            table.append('\n');
        });
        return table.toString();
    }

    private static String cell(Result<?> result) {
        if (result == null) {
            return " - |";
        }
        if (Double.isNaN(result.getScoreError())) { // a single measurement has no error bar
            return String.format(Locale.ROOT, " %.2f |", result.getScore());
        }
        String digits = result.getScore() < 1 ? "%.3f" : "%.2f"; // channel's scores are hundredths
        return String.format(Locale.ROOT, " " + digits + " ± " + digits + " |", result.getScore(), result.getScoreError());
    }
}
