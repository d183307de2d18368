package toyredis.loadtest.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import toyredis.loadtest.report.ChartLook;
import toyredis.loadtest.report.Charts;
import toyredis.loadtest.report.Report;

/**
 * A bar chart of figures other runs measured, read from their CSV files: e.g. the latency of a
 * steady run against that of a run with the server frozen, each from the intended and from the
 * actual send time (the harness chapter's coordinated-omission chart). Measures nothing itself.
 */
@Command(name = "bars", mixinStandardHelpOptions = true,
        header = "Draw a bar chart from CSV files that run, sweep or compare wrote (measures nothing).",
        description = {"One group of bars per --csv (its first row), one bar per --bar in each group: the",
            "value of that CSV column. Bars of the same measure come in pairs of a colour and its",
            "lighter shade (give them as neighbours, e.g. p99_ms then uncorrected_p99_ms).",
            "Example:",
            "  bars --csv steady=a/run.csv --csv \"server frozen=b/run.csv\" --bar p99=p99_ms \\\\",
            "      --bar \"p99 uncorrected=uncorrected_p99_ms\" --name latency --y-title \"latency, ms\" \\\\",
            "      --title \"latency=A 1 s freeze: p99 ...\" --out target/bars"})
final class BarsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--csv", required = true, paramLabel = "GROUP=FILE",
            description = "A group of bars named GROUP, from the first row of FILE, repeatable, in this order.")
    private Map<String, Path> files = new LinkedHashMap<>();

    @Option(names = "--bar", required = true, paramLabel = "LEGEND=COLUMN",
            description = "One bar in each group, the value of COLUMN, named LEGEND in the legend, repeatable.")
    private Map<String, String> bars = new LinkedHashMap<>();

    @Option(names = "--name", defaultValue = "bars", paramLabel = "CHART",
            description = "The chart's file name without .png (default: ${DEFAULT-VALUE}).")
    private String name;

    @Option(names = "--y-title", defaultValue = "", paramLabel = "TEXT", description = "The y axis's title.")
    private String yTitle;

    @Mixin
    private OutputOptions output;

    @Mixin
    private ChartOptions charts;

    @Override
    public Integer call() {
        Map<String, List<Double>> series = new LinkedHashMap<>();
        bars.keySet().forEach(legend -> series.put(legend, new ArrayList<>()));
        for (Map.Entry<String, Path> group : files.entrySet()) {
            List<Map<String, String>> rows = Report.readCsv(group.getValue());
            if (rows.isEmpty()) {
                throw new ParameterException(spec.commandLine(), group.getValue() + " has no rows");
            }
            for (Map.Entry<String, String> bar : bars.entrySet()) {
                String text = rows.get(0).get(bar.getValue());
                if (text == null || text.isBlank()) {
                    throw new ParameterException(spec.commandLine(), group.getValue() + " has no column " + bar.getValue()
                            + "; its columns: " + String.join(", ", rows.get(0).keySet()));
                }
                series.get(bar.getKey()).add(Double.parseDouble(text));
            }
        }
        ChartLook look = charts.look(List.of());
        Path file = Charts.bars(output.directory(), name, name, yTitle, new ArrayList<>(files.keySet()), series,
                Charts.pairedColours(new ArrayList<>(series.keySet())), false, look);
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + file);
        out.flush();
        return ChartOptions.checkNamed(look, spec);
    }
}
