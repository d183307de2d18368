package toyredis.loadtest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import toyredis.loadtest.load.LoadException;
import toyredis.loadtest.load.LoadSpec;
import toyredis.loadtest.load.RunResult;
import toyredis.loadtest.load.ServerFootprint;
import toyredis.loadtest.load.Workload;
import toyredis.loadtest.report.ChartLook;
import toyredis.loadtest.report.ChartSet;
import toyredis.loadtest.report.Report;
import toyredis.loadtest.servers.LaunchedServer;
import toyredis.loadtest.servers.RedisContainer;
import toyredis.loadtest.servers.ServerEntry;
import toyredis.loadtest.servers.StartedServer;
import toyredis.loadtest.units.Units;

@Command(name = "compare", mixinStandardHelpOptions = true,
        header = "Start each stage (and real Redis), sweep each, draw one chart per metric.",
        description = {"Starts each stage's runnable jar (and real Redis) on its own free port,",
            "one after the other, runs the same sweep against each with the protocol it",
            "speaks (a fresh server for each workload), stops it, and draws one chart per metric and workload with one line",
            "per server, so that a chart compares like with like: stage 1 gets the",
            "greeting workload, stage 2 PING, stage 3 on and Redis PING and then",
            "--workload (default set). Stages 1-3 speak text lines, stage 4 on and Redis",
            "RESP.",
            "Default: every stageN-* module that exists (1-6), plus Redis when",
            "redis-server is on PATH (else in Docker, image redis:7, when a Docker",
            "engine runs).",
            "Each server keeps its colour in every chart: stage 1 brown, 2 orange, 3",
            "green, 4 purple, 5 blue, 6 cyan, Redis red; a second variant of a stage black,",
            "then magenta, pure blue, dark red, indigo.",
            "Example:",
            "  compare --server stage2 --server \"stage3:--store atom\" --server redis \\",
            "      --title \"throughput-ping=Stage 3 answers PING as fast as stage 2\""})
public final class CompareCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--server", paramLabel = "[LEGEND=]NAME[:OPTIONS]",
            description = {"A server to compare, repeatable: stage1 ... stage6, redis or redis-docker, with that server's",
                "own options after a colon, e.g. \"stage3:--store atom\", \"redis:--appendonly yes\".",
                ChartOptions.SERVER_NAME_HELP})
    private List<String> servers = new ArrayList<>();

    @Option(names = "--redis", paramLabel = "HOST:PORT",
            description = "Also compare a Redis that is already running there (started by you, e.g. in Docker).")
    private String externalRedis;

    @Option(names = "--no-redis", description = "Do not add real Redis to the default list.")
    private boolean noRedis;

    @Option(names = "--from-csv", paramLabel = "FILE", description = ChartOptions.FROM_CSV_HELP)
    private Path fromCsv;

    @Mixin
    private WorkbookRoot root;

    @Mixin
    private ConnectionCounts connectionCounts;

    @Mixin
    private LoadOptions load;

    @Mixin
    private OutputOptions output;

    @Mixin
    private ChartOptions charts;

    @Override
    public Integer call() throws LoadException {
        if (fromCsv != null) {
            return redraw();
        }
        LoadSpec template = load.toSpec("127.0.0.1", 6379, connectionCounts.smallest());
        FdLimit.check(spec.commandLine(), connectionCounts.largest());
        List<ServerEntry> entries = entries();
        PrintWriter out = spec.commandLine().getOut();
        out.println("compare: " + entries.stream().map(ServerEntry::label).toList() + ", connections " + connectionCounts.values
                + ", " + Units.format(template.duration()) + " per point (+"
                + Units.format(template.warmup()) + " warm-up), pipeline " + template.pipeline()
                + ", one sweep per server and workload");
        out.print(Report.tableHeader());
        out.flush();

        Path dir = output.directory();
        List<List<RunResult>> sweeps = new ArrayList<>();
        long perSweep = Sweep.millisPerPoint(template) * connectionCounts.values.size();
        int sweepCount = entries.stream().mapToInt(e -> e.workloads(template.workload()).size()).sum();
        try (ProgressDisplay progress = ProgressDisplay.start("compare", perSweep * sweepCount, output.quiet)) {
            for (ServerEntry entry : entries) {
                sweeps.addAll(sweep(entry, template, dir, progress, perSweep, sweeps.size(), out));
            }
        }
        List<RunResult> all = sweeps.stream().flatMap(List::stream).toList();
        List<Path> files = new ArrayList<>();
        files.add(output.write("compare.csv", Report.csv(all)));
        files.add(output.write("compare.json", Report.json(all)));
        ChartLook look = charts.look(entries);
        files.addAll(ChartSet.comparison(dir, sweeps, look));
        files.forEach(file -> out.println("wrote " + file));
        out.flush();
        return ChartOptions.checkNamed(look, spec);
    }

    /** The charts again from a compare.csv: a sweep per server and workload, in the CSV's order. */
    private int redraw() throws LoadException {
        Map<String, List<RunResult>> sweeps = new LinkedHashMap<>();
        for (RunResult result : Report.fromCsv(fromCsv)) {
            sweeps.computeIfAbsent(result.server() + "\n" + result.spec().workload(), key -> new ArrayList<>()).add(result);
        }
        List<ServerEntry> named = new ArrayList<>();
        for (String server : servers) {
            named.add(ServerEntry.parse(server, root.directory()));
        }
        ChartLook look = charts.look(sweeps.values().stream().map(sweep -> sweep.get(0).server()).toList(), named);
        PrintWriter out = spec.commandLine().getOut();
        ChartSet.comparison(output.directory(), new ArrayList<>(sweeps.values()), look)
                .forEach(file -> out.println("wrote " + file));
        out.flush();
        return ChartOptions.checkNamed(look, spec);
    }

    private List<ServerEntry> entries() throws LoadException {
        Path workbook = root.directory();
        List<ServerEntry> entries = new ArrayList<>();
        if (servers.isEmpty()) {
            entries.addAll(ServerEntry.defaults(workbook, !noRedis && externalRedis == null));
        }
        for (String server : servers) {
            entries.add(ServerEntry.parse(server, workbook));
        }
        if (externalRedis != null) {
            entries.add(ServerEntry.external(externalRedis));
        }
        if (entries.isEmpty()) {
            throw new LoadException("nothing to compare: no stageN-* module under " + workbook.toAbsolutePath().normalize()
                    + " and no redis-server on PATH (use --root, --server or --redis)");
        }
        checkRunnable(entries);
        return entries;
    }

    /** Each stage's jar is built, and redis-server is on PATH if a Redis is to be started. */
    static void checkRunnable(List<ServerEntry> entries) throws LoadException {
        List<String> missing = entries.stream()
                .filter(e -> e.jar() != null && !Files.isRegularFile(e.jar()))
                .map(e -> e.jar().toString()).toList();
        if (!missing.isEmpty()) {
            throw new LoadException("missing runnable jar(s) " + missing + ": run " + ServerEntry.PACKAGE_COMMAND
                    + " in the workbook directory first");
        }
        if (entries.stream().anyMatch(ServerEntry::docker) && !RedisContainer.dockerAvailable()) {
            throw new LoadException("redis-docker needs a running Docker engine, and Testcontainers found none:"
                    + " start Docker, or use --server redis with a local redis-server");
        }
        if (entries.stream().anyMatch(e -> e.isRedis() && !e.docker() && e.external() == null)
                && !ServerEntry.redisServerOnPath()) {
            throw new LoadException("redis-server is not on PATH: install it (e.g. apt-get install redis-server)"
                    + " or point --redis at a running Redis");
        }
    }

    /**
     * Sweeps each of the server's workloads, each on a freshly started server, so that its memory
     * and threads at a point are what that sweep cost so far, not what an earlier workload's 1,000
     * connections left behind (a JVM keeps the heap it has grown); {@code done} sweeps came before.
     */
    private List<List<RunResult>> sweep(ServerEntry entry, LoadSpec template, Path dir, ProgressDisplay progress,
            long perSweep, int done, PrintWriter out) throws LoadException {
        if (entry.external() != null) {
            String[] hostPort = entry.external().split(":");
            return sweepEach(entry, template.withTarget(hostPort[0], Integer.parseInt(hostPort[1])), progress,
                    perSweep, done, out, () -> ServerFootprint.UNKNOWN);
        }
        List<Workload> workloads = entry.workloads(template.workload());
        List<List<RunResult>> sweeps = new ArrayList<>();
        for (Workload workload : workloads) {
            int port;
            try {
                port = LaunchedServer.freePort();
            } catch (IOException e) {
                throw new LoadException("no free port: " + e.getMessage());
            }
            String logName = workloads.size() == 1 ? entry.logFileName()
                    : entry.logFileName().replace(".log", "-" + workload.lowerCase() + ".log");
            try (StartedServer server = entry.docker() ? RedisContainer.start(entry.options())
                    : LaunchedServer.start(entry.label(), entry.command(port), port, dir.resolve(logName))) {
                LoadSpec target = template.withTarget(server.host(), server.port()).withWorkload(workload, entry.protocol());
                sweeps.add(Sweep.run(entry.label(), target, connectionCounts.values, progress,
                        perSweep * (done + sweeps.size()), out, server::footprint));
            }
        }
        return sweeps;
    }

    private List<List<RunResult>> sweepEach(ServerEntry entry, LoadSpec target, ProgressDisplay progress,
            long perSweep, int done, PrintWriter out, Supplier<ServerFootprint> footprint) throws LoadException {
        List<List<RunResult>> sweeps = new ArrayList<>();
        for (Workload workload : entry.workloads(target.workload())) {
            sweeps.add(Sweep.run(entry.label(), target.withWorkload(workload, entry.protocol()), connectionCounts.values,
                    progress, perSweep * (done + sweeps.size()), out, footprint));
        }
        return sweeps;
    }
}
