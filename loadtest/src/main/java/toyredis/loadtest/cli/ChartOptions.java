package toyredis.loadtest.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import toyredis.loadtest.report.ChartLook;
import toyredis.loadtest.report.ServerStyles;
import toyredis.loadtest.servers.ServerEntry;

/**
 * What the charts say: --title for a chart's title, --log-y for a log axis (compare, sweep, crash,
 * memory, bars).
 */
final class ChartOptions {

    /** How --server introduces a name for the legend, in every command that takes --server. */
    static final String SERVER_NAME_HELP = "A name for the charts' legends may come first, before \"=\" (a name"
            + " without \":\"): \"group commit=stage6:--appendfsync always\".";

    @Option(names = "--title", paramLabel = "CHART=TEXT", mapFallbackValue = "",
            description = {"The title of one chart, repeatable; CHART is the chart's file name without .png",
                "(e.g. throughput-set, connections-served, crash-lost), as the command prints it after \"wrote\".",
                "Make it the lesson, true of what was measured: --title \"latency-p50=One client at a time:"
                        + " the 20th waits 1 s\". A CHART that is not drawn is an error (exit code 2)."})
    Map<String, String> titles = new LinkedHashMap<>();

    @Option(names = "--log-y", paramLabel = "CHART",
            description = {"Draw this chart's y axis on a log scale, repeatable. Without it a chart gets a log axis",
                "when all its values are above zero and the largest is 100 times the smallest or more;",
                "latency charts always have one."})
    List<String> logY = new ArrayList<>();

    /** The look of this run's charts, each server with its name and colour. */
    ChartLook look(List<ServerEntry> entries) {
        List<ServerStyles.Server> servers = entries.stream()
                .map(entry -> new ServerStyles.Server(entry.label(), entry.stage(), entry.name())).toList();
        return new ChartLook(titles, new HashSet<>(logY), ServerStyles.of(servers));
    }

    /**
     * The look of charts drawn again from a CSV: its servers' labels in the CSV's order (so the
     * colours are those of the run that wrote it), each with its name from {@code named} if there.
     */
    ChartLook look(List<String> labels, List<ServerEntry> named) {
        List<ServerStyles.Server> servers = new ArrayList<>();
        for (String label : labels.stream().distinct().toList()) {
            String name = named.stream().filter(e -> e.label().equals(label)).map(ServerEntry::name).findFirst().orElse(label);
            Matcher stage = STAGE.matcher(label);
            servers.add(new ServerStyles.Server(label, stage.lookingAt() ? Integer.parseInt(stage.group(1)) : 0, name));
        }
        return new ChartLook(titles, new HashSet<>(logY), ServerStyles.of(servers));
    }

    /** The help of --from-csv, in each command that takes it. */
    static final String FROM_CSV_HELP = "Measure nothing: draw the charts again from FILE, a CSV this command wrote"
            + " (e.g. with new titles). --server then only names legends (\"LEGEND=NAME[:OPTIONS]\"), matched by label.";

    private static final Pattern STAGE = Pattern.compile("stage([1-6])");

    /** 0, or 2 with a message when --title or --log-y named a chart that was not drawn (most likely a typo). */
    static int checkNamed(ChartLook look, CommandSpec spec) {
        List<String> unknown = look.unknownCharts();
        if (unknown.isEmpty()) {
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("no chart named " + String.join(", ", unknown) + " was drawn (--title, --log-y); the charts: "
                + String.join(", ", look.drawn().stream().sorted().toList()));
        err.flush();
        return 2;
    }
}
