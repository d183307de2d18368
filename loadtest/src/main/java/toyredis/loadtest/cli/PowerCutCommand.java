package toyredis.loadtest.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import toyredis.loadtest.check.Crash;
import toyredis.loadtest.check.CrashRound;
import toyredis.loadtest.load.LoadException;
import toyredis.loadtest.powercut.PowerCutFilesystem;
import toyredis.loadtest.report.ChartLook;
import toyredis.loadtest.report.ChartSet;
import toyredis.loadtest.report.Report;
import toyredis.loadtest.servers.LaunchedServer;
import toyredis.loadtest.servers.ServerEntry;
import toyredis.loadtest.units.Units;

/**
 * What fsync buys, measured: the same writers lose nothing to a {@code kill -9} (the kernel keeps
 * what the server wrote) and, unless the server fsynced, a lot to a power cut (the page cache is
 * gone with the power). Each round runs {@code crash}'s round twice on a power-cut filesystem:
 * once with a kill -9, once with a power cut, and counts the acknowledged writes each lost.
 */
@Command(name = "powercut", mixinStandardHelpOptions = true,
        header = "kill -9 and power-cut each server while clients write; count the acknowledged writes each lost.",
        description = {"Starts each server with its --dir on a fresh power-cut filesystem (FUSE,",
            "Linux): it passes everything through, but a cut keeps only what was",
            "fsynced, as a machine that loses power keeps only what reached the disk.",
            "Each round does crash's round twice: --writers clients SET and INCR for",
            "--write-for, kill -9, restart on the same directory, count what was lost;",
            "then writers again, kill -9 and a power cut, restart, count, and note how",
            "long before the cut the oldest lost write was answered (the loss window).",
            "Prints one line per round, writes powercut.csv and powercut-lost.png (per",
            "server: kill -9 and power cut, sums over the rounds).",
            "What to see: appendfsync always loses 0 to both; everysec loses 0 to kill -9",
            "and, to a power cut, only writes answered in the last second or two; no",
            "loses 0 to kill -9 and everything the kernel had not yet written out to a",
            "power cut (often all of it).",
            "Redis needs \"redis:--appendonly yes\". Where FUSE is missing it says so, exit 2.",
            "Example:",
            "  powercut --rounds 1 --server \"stage5:--appendfsync always\" \\",
            "    --server \"stage5:--appendfsync no\" --server \"redis:--appendonly yes\""})
final class PowerCutCommand implements Callable<Integer> {

    private static final List<String> COLUMNS = List.of("server", "round", "crash", "writers", "acknowledged", "lost",
            "counted_twice", "loss_window_ms");

    @Spec
    private CommandSpec spec;

    @Option(names = "--server", paramLabel = "[LEGEND=]NAME[:OPTIONS]",
            description = {"A server to crash, repeatable: stage5, stage6 or redis, with that server's own options after",
                "a colon, e.g. \"stage5:--appendfsync no\", \"redis:--appendonly yes --appendfsync everysec\".",
                ChartOptions.SERVER_NAME_HELP})
    private List<String> servers = new ArrayList<>();

    @Option(names = "--from-csv", paramLabel = "FILE", description = ChartOptions.FROM_CSV_HELP)
    private Path fromCsv;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N",
            description = "Rounds per server, each a kill -9 and a power cut (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--writers", defaultValue = "8", paramLabel = "N",
            description = "Clients writing at the moment of each crash (default: ${DEFAULT-VALUE}).")
    private int writers;

    @Option(names = "--write-for", defaultValue = "3s", paramLabel = "TIME", converter = UnitConverter.ForDuration.class,
            description = "How long the clients write before each crash (default: ${DEFAULT-VALUE}): longer than"
                + " everysec's window, so that its loss shows as the last seconds only."
                + " TIME: 0, or a whole number with ms, s, m or h, such as " + Units.DURATION_EXAMPLES + ".")
    private Duration writeFor;

    @Option(names = "--timeout", defaultValue = "10s", paramLabel = "TIME", converter = UnitConverter.ForDuration.class,
            description = "How long a client waits for each reply (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Mixin
    private WorkbookRoot root;

    @Mixin
    private OutputOptions output;

    @Mixin
    private ChartOptions charts;

    @Override
    public Integer call() throws Exception {
        if (fromCsv != null) {
            return redraw();
        }
        List<ServerEntry> entries = CrashCommand.serversToCrash("powercut", servers, rounds, writers, root, spec);
        String missing = PowerCutFilesystem.unavailable();
        if (missing != null) {
            spec.commandLine().getErr().println("powercut: " + missing);
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("powercut: %s, %d rounds of %d writers for %s, then kill -9; %d writers for %s, then a power cut%n",
                entries.stream().map(ServerEntry::label).toList(), rounds, writers, Units.format(writeFor), writers,
                Units.format(writeFor));
        List<List<Object>> rows = new ArrayList<>();
        Map<String, List<Double>> killLost = new LinkedHashMap<>();
        Map<String, List<Double>> cutLost = new LinkedHashMap<>();
        for (ServerEntry entry : entries) {
            int port = LaunchedServer.freePort();
            try (PowerCutFilesystem fs = PowerCutFilesystem.mountTemporary();
                    LaunchedServer server = LaunchedServer.fromShellCommand(CrashCommand.shellCommand(entry, port), port,
                            fs.mountPoint())) {
                server.start();
                for (int round = 1; round <= rounds; round++) {
                    String prefix = "powercut:" + round;
                    CrashRound.Outcome killed = CrashRound.run(server, Crash.kill9(), "127.0.0.1", writers, writeFor, timeout,
                            prefix + ":kill");
                    CrashRound.Outcome cut = CrashRound.run(server, Crash.powerCut(fs), "127.0.0.1", writers, writeFor, timeout,
                            prefix + ":cut");
                    out.printf(Locale.ROOT, "%-44s round %d: kill -9 lost %,d of %,d%s; power cut lost %,d of %,d%s%s%n",
                            entry.label(), round, killed.lost(), killed.acknowledged(), twice(killed), cut.lost(),
                            cut.acknowledged(), twice(cut), cut.lossWindow() == null ? "" : String.format(Locale.ROOT,
                                    ", oldest lost answered %.1f s before the cut", cut.lossWindow().toMillis() / 1000.0));
                    out.flush();
                    rows.add(row(entry.label(), round, "kill -9", killed));
                    rows.add(row(entry.label(), round, "power cut", cut));
                    killLost.computeIfAbsent(entry.label(), s -> new ArrayList<>()).add((double) killed.lost());
                    cutLost.computeIfAbsent(entry.label(), s -> new ArrayList<>()).add((double) cut.lost());
                }
            }
        }
        ChartLook look = charts.look(entries);
        List<Path> files = List.of(output.write("powercut.csv", Report.csv(COLUMNS, rows)),
                ChartSet.powerCutLost(output.directory(), writers, rounds, killLost, cutLost, look));
        files.forEach(file -> out.println("wrote " + file));
        out.flush();
        return ChartOptions.checkNamed(look, spec);
    }

    private List<Object> row(String server, int round, String crash, CrashRound.Outcome outcome) {
        return List.of(server, round, crash, writers, outcome.acknowledged(), outcome.lost(), outcome.countedTwice(),
                outcome.lossWindow() == null ? "" : outcome.lossWindow().toMillis());
    }

    private static String twice(CrashRound.Outcome outcome) {
        return outcome.countedTwice() > 0 ? String.format(Locale.ROOT, " (INCRs counted twice %,d)", outcome.countedTwice()) : "";
    }

    /** The chart again from a powercut.csv: each server's losses to kill -9 and to power cuts. */
    private int redraw() throws LoadException {
        Map<String, List<Double>> killLost = new LinkedHashMap<>();
        Map<String, List<Double>> cutLost = new LinkedHashMap<>();
        int csvWriters = 0;
        for (Map<String, String> row : Report.readCsv(fromCsv)) {
            Map<String, List<Double>> lost = row.get("crash").equals("power cut") ? cutLost : killLost;
            killLost.computeIfAbsent(row.get("server"), s -> new ArrayList<>()); // the servers in the CSV's order
            lost.computeIfAbsent(row.get("server"), s -> new ArrayList<>()).add(Double.parseDouble(row.get("lost")));
            csvWriters = Integer.parseInt(row.get("writers"));
        }
        ChartLook look = charts.look(new ArrayList<>(killLost.keySet()), CrashCommand.named(servers, root));
        int csvRounds = cutLost.values().stream().mapToInt(List::size).max().orElse(0);
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + ChartSet.powerCutLost(output.directory(), csvWriters, csvRounds, killLost, cutLost, look));
        out.flush();
        return ChartOptions.checkNamed(look, spec);
    }
}
