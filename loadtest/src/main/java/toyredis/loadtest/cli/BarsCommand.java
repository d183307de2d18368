package toyredis.loadtest.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import toyredis.loadtest.report.ChartLook;
import toyredis.loadtest.report.Charts;
import toyredis.loadtest.report.Report;
import toyredis.loadtest.report.ServerStyles;

/**
 * A bar chart of figures other runs measured, read from their CSV files, such as the throughput
 * of each fsync mode (a group of bars each) for stage 5 and Redis (a bar each), or the latency of
 * a steady run against a run with the server frozen. Measures nothing itself.
 */
@Command(name = "bars", mixinStandardHelpOptions = true,
        header = "Draw a bar chart from CSV files that run, sweep or compare wrote (measures nothing).",
        description = {"Each bar is one row of the CSV files (after --where): the row of its group and",
            "its series, and its value the --value column (or the series' own @COLUMN).",
            "A group is a --group (the rows whose server column contains TEXT) or, without",
            "--group, a GROUP=FILE of --csv (that file's rows). A series is the rows whose",
            "server column contains TEXT (empty: any row). A series whose TEXT is stage1 ...",
            "stage6 or redis has that server's colour; other series come in pairs of a colour",
            "and its lighter shade (give two bars of one measure as neighbours).",
            "Examples (docs/scripts/stage5-fsync-chart.sh and loadtest/coordinated-omission.sh run such):",
            "  bars --csv docs/charts/stage5-fsync.csv --where workload=set \\",
            "      --where connections=50 --group \"always=appendfsync always\" \\",
            "      --group \"no=appendfsync no\" --series \"stage 5=stage5\" \\",
            "      --series \"Redis=redis\" --name fsync",
            "  bars --csv steady=a/run.csv --csv \"server frozen=b/run.csv\" \\",
            "      --series p99=@p99_ms --series \"p99 uncorrected=@uncorrected_p99_ms\" \\",
            "      --name latency --y-title \"latency, ms\""})
final class BarsCommand implements Callable<Integer> {

    private static final Pattern SERVER = Pattern.compile("stage[1-6]|redis");

    @Spec
    private CommandSpec spec;

    @Option(names = "--csv", required = true, paramLabel = "[GROUP=]FILE",
            description = "A CSV file that run, sweep or compare wrote, repeatable; GROUP names its rows' group.")
    private List<String> files = new ArrayList<>();

    @Option(names = "--where", paramLabel = "COLUMN=VALUE", description = "Only the rows with this value, repeatable.")
    private Map<String, String> where = new LinkedHashMap<>();

    @Option(names = "--group", paramLabel = "LEGEND=TEXT",
            description = "A group of bars, repeatable, in this order: the rows whose server contains TEXT.")
    private Map<String, String> groups = new LinkedHashMap<>();

    @Option(names = "--series", required = true, paramLabel = "LEGEND=TEXT[@COLUMN]",
            description = "One bar in each group, repeatable: the row whose server contains TEXT; its @COLUMN or --value.")
    private Map<String, String> series = new LinkedHashMap<>();

    @Option(names = "--value", defaultValue = "ops_per_sec", paramLabel = "COLUMN",
            description = "The column a bar shows (default: ${DEFAULT-VALUE}).")
    private String value;

    @Option(names = "--name", defaultValue = "bars", paramLabel = "CHART",
            description = "The chart's file name without .png (default: ${DEFAULT-VALUE}).")
    private String name;

    @Option(names = "--y-title", defaultValue = "", paramLabel = "TEXT", description = "The y axis's title.")
    private String yTitle;

    @Mixin
    private OutputOptions output;

    @Mixin
    private ChartOptions charts;

    /** A row and the group its file gave it (null: none). */
    private record Row(String fileGroup, Map<String, String> columns) {
        boolean serverContains(String text) {
            return columns.getOrDefault("server", "").contains(text);
        }
    }

    @Override
    public Integer call() {
        List<Row> rows = rows();
        Map<String, String> groupText = new LinkedHashMap<>(groups);
        boolean byFile = groups.isEmpty();
        if (byFile) {
            rows.stream().map(Row::fileGroup).filter(g -> g != null).distinct().forEach(g -> groupText.put(g, g));
        }
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        for (Map.Entry<String, String> one : series.entrySet()) {
            String[] textAndColumn = one.getValue().split("@", 2);
            String column = textAndColumn.length == 2 ? textAndColumn[1] : value;
            List<Double> values = new ArrayList<>();
            for (Map.Entry<String, String> group : groupText.entrySet()) {
                List<Row> matching = rows.stream()
                        .filter(r -> byFile ? group.getKey().equals(r.fileGroup()) : r.serverContains(group.getValue()))
                        .filter(r -> r.serverContains(textAndColumn[0])).toList();
                if (matching.size() != 1) {
                    throw new ParameterException(spec.commandLine(), matching.size() + " rows for group \"" + group.getKey()
                            + "\" and series \"" + one.getKey() + "\" (one needed): narrow them with --where, --group or --series");
                }
                String text = matching.get(0).columns().get(column);
                if (text == null || text.isBlank()) {
                    throw new ParameterException(spec.commandLine(), "no value in column " + column + "; the columns: "
                            + String.join(", ", matching.get(0).columns().keySet()));
                }
                values.add(Double.parseDouble(text));
            }
            bars.put(one.getKey(), values);
        }
        ChartLook look = charts.look(List.of());
        Path file = Charts.bars(output.directory(), name, name, yTitle, new ArrayList<>(groupText.keySet()), bars,
                colours(), false, look);
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + file);
        out.flush();
        return ChartOptions.checkNamed(look, spec);
    }

    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String file : files) {
            int equals = file.indexOf('=');
            String group = equals > 0 ? file.substring(0, equals) : null;
            for (Map<String, String> columns : Report.readCsv(Path.of(file.substring(equals + 1)))) {
                if (where.entrySet().stream().allMatch(w -> w.getValue().equals(columns.get(w.getKey())))) {
                    rows.add(new Row(group, columns));
                }
            }
        }
        return rows;
    }

    /** A series named for a server (stage5, redis) in that server's colour, the others in pairs. */
    private Map<String, java.awt.Color> colours() {
        List<String> legends = new ArrayList<>(series.keySet());
        Map<String, java.awt.Color> colours = Charts.pairedColours(legends);
        List<String> servers = legends.stream().map(legend -> series.get(legend).split("@", 2)[0])
                .filter(text -> SERVER.matcher(text).matches()).toList();
        ServerStyles styles = charts.look(servers, List.of()).servers();
        for (String legend : legends) {
            String text = series.get(legend).split("@", 2)[0];
            if (servers.contains(text)) {
                colours.put(legend, styles.colour(text));
            }
        }
        return colours;
    }
}
