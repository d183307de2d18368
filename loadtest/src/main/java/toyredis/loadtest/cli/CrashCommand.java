package toyredis.loadtest.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import toyredis.loadtest.check.CrashRound;
import toyredis.loadtest.servers.LaunchedServer;
import toyredis.loadtest.load.LoadException;
import toyredis.loadtest.report.ChartLook;
import toyredis.loadtest.report.ChartSet;
import toyredis.loadtest.report.Report;
import toyredis.loadtest.servers.ServerEntry;
import toyredis.loadtest.units.Units;

/**
 * How many acknowledged writes a {@code kill -9} costs each server: the chart of chapter 5's
 * flush-delay pitfall. Each round starts writers, kills the server in the middle of their writes,
 * restarts it on the same directory and counts what was lost; {@code check} judges one such
 * round, this command measures several and draws them.
 */
@Command(name = "crash", mixinStandardHelpOptions = true,
        header = "kill -9 each server while clients write; count the acknowledged writes it lost.",
        description = {"Starts each server (a stage's jar or redis-server) in a fresh data",
            "directory, then for each round: --writers clients SET and INCR as fast as",
            "it answers, each remembering what was acknowledged; after --write-for,",
            "kill -9 to the server's process group; restart on the same directory; read",
            "back every acknowledged write. Prints and charts the acknowledged writes",
            "lost per server and round (crash.csv, crash-lost.png). A server that keeps",
            "its promise loses 0 every time; one that answers before it writes loses",
            "what it had not written yet.",
            "Stages 5-6 and Redis get --dir; Redis needs \"redis:--appendonly yes\".",
            "Example:",
            "  crash --server stage5 --server \"stage5:--aof-flush-delay 100ms\""})
final class CrashCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--server", paramLabel = "[LEGEND=]NAME[:OPTIONS]",
            description = {"A server to crash, repeatable: stage1 ... stage6 or redis, with that server's own options",
                "after a colon, e.g. \"stage5:--appendfsync always\", \"redis:--appendonly yes\".",
                ChartOptions.SERVER_NAME_HELP})
    private List<String> servers = new ArrayList<>();

    @Option(names = "--from-csv", paramLabel = "FILE", description = ChartOptions.FROM_CSV_HELP)
    private Path fromCsv;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N", description = "Crashes per server (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--writers", defaultValue = "8", paramLabel = "N",
            description = "Clients writing at the moment of the kill (default: ${DEFAULT-VALUE}).")
    private int writers;

    @Option(names = "--write-for", defaultValue = "1s", paramLabel = "TIME", converter = UnitConverter.ForDuration.class,
            description = "How long the clients write before each kill (default: ${DEFAULT-VALUE})."
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
        List<ServerEntry> entries = serversToCrash("crash", servers, rounds, writers, root, spec);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("crash: %s, %d rounds of %d writers for %s, then kill -9%n", entries.stream().map(ServerEntry::label).toList(),
                rounds, writers, Units.format(writeFor));
        List<List<Object>> rows = new ArrayList<>();
        Map<String, List<Double>> lostByServer = new LinkedHashMap<>();
        for (ServerEntry entry : entries) {
            int port = LaunchedServer.freePort();
            try (LaunchedServer server = LaunchedServer.fromShellCommand(shellCommand(entry, port), port)) {
                server.start();
                for (int round = 1; round <= rounds; round++) {
                    CrashRound.Outcome outcome = CrashRound.run(server, "127.0.0.1", writers, writeFor, timeout, "crash:" + round);
                    out.printf("%-44s round %d: acknowledged %d, lost %d%s%n", entry.label(), round, outcome.acknowledged(),
                            outcome.lost(), outcome.countedTwice() > 0 ? ", INCRs counted twice " + outcome.countedTwice() : "");
                    out.flush();
                    rows.add(List.of(entry.label(), round, writers, outcome.acknowledged(), outcome.lost(),
                            outcome.countedTwice()));
                    lostByServer.computeIfAbsent(entry.label(), s -> new ArrayList<>()).add((double) outcome.lost());
                }
            }
        }
        ChartLook look = charts.look(entries);
        List<Path> files = List.of(
                output.write("crash.csv", Report.csv(
                        List.of("server", "round", "writers", "acknowledged", "lost", "counted_twice"), rows)),
                ChartSet.crashLost(output.directory(), writers, rounds, lostByServer, look));
        files.forEach(file -> out.println("wrote " + file));
        out.flush();
        return ChartOptions.checkNamed(look, spec);
    }

    /**
     * The servers of {@code crash} and {@code powercut}, checked: at least one, rounds and writers
     * at least 1, and none in Docker (the harness must kill the server's own process).
     */
    static List<ServerEntry> serversToCrash(String command, List<String> servers, int rounds, int writers, WorkbookRoot root,
            CommandSpec spec) throws LoadException {
        if (servers.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--server=[LEGEND=]NAME[:OPTIONS]' (or --from-csv FILE)");
        }
        if (rounds < 1 || writers < 1) {
            throw new ParameterException(spec.commandLine(), "--rounds and --writers must be at least 1");
        }
        return root.servers(servers, spec,
                entry -> entry.docker() ? command + " kills the server's process: use redis, not redis-docker" : null);
    }

    /** The --server options of a redraw, parsed: they name the servers' legends and colours. */
    static List<ServerEntry> named(List<String> servers, WorkbookRoot root) throws LoadException {
        List<ServerEntry> named = new ArrayList<>();
        for (String server : servers) {
            named.add(ServerEntry.parse(server, root.directory()));
        }
        return named;
    }

    /** The chart again from a crash.csv: each server's lost writes, round by round. */
    private int redraw() throws LoadException {
        Map<String, List<Double>> lostByServer = new LinkedHashMap<>();
        int csvWriters = 0;
        for (Map<String, String> row : Report.readCsv(fromCsv)) {
            lostByServer.computeIfAbsent(row.get("server"), s -> new ArrayList<>()).add(Double.parseDouble(row.get("lost")));
            csvWriters = Integer.parseInt(row.get("writers"));
        }
        ChartLook look = charts.look(new ArrayList<>(lostByServer.keySet()), named(servers, root));
        int csvRounds = lostByServer.values().stream().mapToInt(List::size).max().orElse(0);
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + ChartSet.crashLost(output.directory(), csvWriters, csvRounds, lostByServer, look));
        out.flush();
        return ChartOptions.checkNamed(look, spec);
    }

    /** The server's command for {@code sh -c}, each word quoted; stages 5-6 and Redis keep their files in {dir}. */
    static String shellCommand(ServerEntry entry, int port) {
        List<String> words = new ArrayList<>(entry.command(port));
        if (entry.isRedis() || entry.stage() >= 5) {
            words.addAll(List.of("--dir", "{dir}"));
        }
        return words.stream().map(word -> "'" + word.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }
}
