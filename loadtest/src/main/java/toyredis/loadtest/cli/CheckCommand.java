package toyredis.loadtest.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import toyredis.loadtest.check.CheckSuite;
import toyredis.loadtest.check.Checker;
import toyredis.loadtest.check.DurabilityCases;
import toyredis.loadtest.powercut.PowerCutFilesystem;
import toyredis.loadtest.random.RandomCheck;
import toyredis.loadtest.servers.LaunchedServer;
import toyredis.loadtest.units.Units;

@Command(name = "check",
        header = "Conformance cases for a stage: bytes sent, expected and received.",
        description = {"Conformance cases for a stage, run in order against your server: each",
            "shows the bytes sent, expected and received; the first failure stops the check.",
            "--stage N runs stage N's cases and the earlier stages' cases that still apply:",
            "  1: the greeting · 2: text PING/ECHO/QUIT · 3: stage 2's cases + SET/GET/INCR",
            "  4-6: RESP cases, byte for byte as Redis 7 (the text cases no longer apply)",
            "From stage 3 on, 8 clients INCR one key at once: no update may be lost.",
            "Stage 5 adds crash cases, so check starts the server itself (--start) to",
            "  stop, kill -9 and restart it: a restart after SIGTERM, kill -9 under",
            "  writers, racing SETs, BGREWRITEAOF under writers, and a rewrite that must",
            "  shrink the files (it waits for rewrites with INFO persistence).",
            "Stage 6 adds a burst of --connections clients at once; 200,000 keys SET",
            "  with PX 1000 and never read, which must leave DBSIZE (at most a tenth",
            "  left) within 5 s of their deadline, as Redis's active expiry removes",
            "  them; then the crash cases with --connections writers.",
            "--power-loss (stages 5-6, with --start): {dir} is a power-cut filesystem",
            "  that keeps only what the server fsynced; only the three cases that kill",
            "  run, each with a power cut instead of kill -9, and each cut shows what it",
            "  lost and how long before the cut the oldest lost write was answered.",
            "  Any loss fails (appendfsync always keeps everything); --loss-window 2s",
            "  forgives writes answered in the last 2 s before the cut (everysec).",
            "--random N (stages 4-6): instead of the cases, N random sequences of",
            "  requests, valid and invalid, RESP and inline, each sent whole to a",
            "  reference Redis (--reference-port) and cut into pieces to your server;",
            "  every reply must be the same bytes (TTL and PTTL may differ by the",
            "  moment between the two). FLUSHALL runs before each sequence on both",
            "  servers: use servers whose data you do not need. The first difference",
            "  is shrunk to a short sequence, shown as a redis-cli script. --seed S",
            "  replays: sequence i uses seed S+i.",
            "Exit codes: 0 every case passed, 1 a case failed or nothing answers,",
            "  2 bad usage.",
            "Examples:",
            "  check --stage 2 --port 6379",
            "  check --stage 5 --port 7005 --start \\",
            "    \"java -jar stage5-aof/target/stage5-aof.jar --port {port} --dir {dir}\"",
            "  check --stage 6 --port 7006 --start \"redis-server --port {port}",
            "    --dir {dir} --appendonly yes --appendfsync always --save ''\"",
            "  check --stage 4 --port 6379 --random 1000 --reference-port 6380",
            "  check --stage 5 --port 7005 --power-loss --loss-window 2s --start \\",
            "    \"java -jar stage5-aof/target/stage5-aof.jar --port {port} --dir {dir}\""})
final class CheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private TargetOptions target;

    @Option(names = "--stage", required = true, paramLabel = "N", description = "The stage your server implements, 1 to 6.")
    private int stage;

    @Option(names = "--timeout", paramLabel = "TIME", converter = UnitConverter.ForDuration.class,
            description = "How long to wait for each reply, and at stage 6 for the whole burst (default: 2s; 10s from stage 5)."
                + " TIME: 0, or a whole number with ms, s, m or h, such as " + Units.DURATION_EXAMPLES + ".")
    private Duration timeout;

    @Option(names = "--start", paramLabel = "COMMAND",
            description = "Start the server with this shell command (sh -c, in its own process group, from this"
                + " directory) and stop it at the end. {port} becomes --port, {dir} a fresh temporary directory that"
                + " stays the same across restarts. Required from stage 5.")
    private String start;

    @Option(names = "--connections", defaultValue = "1000", paramLabel = "N",
            description = "Stage 6: clients in the burst and writers in the crash cases (default: ${DEFAULT-VALUE}).")
    private int connections;

    @Option(names = "--power-loss",
            description = "Stages 5-6: put {dir} on a power-cut filesystem and run only the cases that kill the server,"
                + " each with a power cut (only fsynced data survives) instead of kill -9. Needs --start and FUSE (Linux).")
    private boolean powerLoss;

    @Option(names = "--loss-window", paramLabel = "TIME", converter = UnitConverter.ForDuration.class,
            description = "With --power-loss: a case still passes if every acknowledged write it lost was answered within"
                + " TIME before the cut, such as 2s for appendfsync everysec (default: any loss fails).")
    private Duration lossWindow;

    @Option(names = "--random", paramLabel = "N",
            description = "Stages 4-6: run N random sequences compared with the reference Redis instead of the cases.")
    private Integer random;

    @Option(names = "--reference-port", paramLabel = "PORT",
            description = "With --random: the port of the reference redis-server (its data is flushed too).")
    private Integer referencePort;

    @Option(names = "--reference-host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "With --random: the reference's host (default: ${DEFAULT-VALUE}).")
    private String referenceHost;

    @Option(names = "--seed", paramLabel = "S",
            description = "With --random: the first sequence's seed (default: from the clock, printed).")
    private Long seed;

    @Override
    public Integer call() throws Exception {
        if (stage < 1 || stage > CheckSuite.LAST_STAGE) {
            throw new ParameterException(spec.commandLine(), "--stage must be between 1 and " + CheckSuite.LAST_STAGE + ", got " + stage);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (lossWindow != null && !powerLoss) {
            throw new ParameterException(spec.commandLine(), "--loss-window applies only with --power-loss");
        }
        if (powerLoss && stage < 5) {
            throw new ParameterException(spec.commandLine(), "--power-loss needs --stage 5 or 6 (a server that writes a file),"
                    + " got --stage " + stage);
        }
        if (powerLoss && start == null) {
            throw new ParameterException(spec.commandLine(), "--power-loss needs --start \"COMMAND\" with {port} and {dir}:"
                    + " check starts your server with its data directory on the power-cut filesystem");
        }
        if (random != null) {
            return random(out, timeout != null ? timeout : Duration.ofSeconds(stage >= 5 ? 10 : 2));
        }
        if (referencePort != null || seed != null) {
            throw new ParameterException(spec.commandLine(), "--reference-port and --seed apply only with --random");
        }
        if (stage >= 5 && start == null) {
            spec.commandLine().getErr().println("check: stage " + stage + " kills and restarts your server, so check must start it:"
                    + " add --start \"COMMAND\" with {port} and {dir} in it (see check --help)");
            return 2;
        }
        if (connections < 1) {
            throw new ParameterException(spec.commandLine(), "--connections must be at least 1, got " + connections);
        }
        if (stage >= 6) {
            FdLimit.check(spec.commandLine(), connections);
        }
        Duration wait = timeout != null ? timeout : Duration.ofSeconds(stage >= 5 ? 10 : 2);
        if (powerLoss) {
            return powerLoss(out, wait);
        }
        List<CheckSuite> suites = CheckSuite.forStage(stage);
        out.printf("check: stage %d against %s, cases from %s%n", stage, target.label(),
                suites.stream().map(CheckSuite::file).collect(Collectors.joining(", ")));
        if (start == null) {
            out.println();
            return new Checker(target.host, target.port, wait, out).run(suites, stage >= 3) ? 0 : 1;
        }
        try (LaunchedServer server = LaunchedServer.fromShellCommand(start, target.port)) {
            out.printf("server: %s%n%n", server.command());
            server.start();
            List<Checker.CodedCase> more = DurabilityCases.forStage(stage, server, target.host, connections, wait, out);
            boolean passed = new Checker(target.host, target.port, wait, out).run(suites, stage >= 3, more);
            return passed ? 0 : 1;
        }
    }

    /** --random: sequences compared with a reference Redis, against a running server or one --start starts. */
    private int random(PrintWriter out, Duration wait) throws Exception {
        if (stage < 4) {
            throw new ParameterException(spec.commandLine(), "--random needs --stage 4, 5 or 6 (RESP and Redis's commands),"
                    + " got --stage " + stage);
        }
        if (random < 1) {
            throw new ParameterException(spec.commandLine(), "--random must be at least 1, got " + random);
        }
        if (referencePort == null) {
            throw new ParameterException(spec.commandLine(), "--random needs --reference-port PORT: a redis-server to compare with,"
                    + " such as one started with redis-server --port 6380 --save '' --appendonly no");
        }
        if (powerLoss) {
            throw new ParameterException(spec.commandLine(), "--random and --power-loss are separate checks: give one of them");
        }
        long first = seed != null ? seed : System.currentTimeMillis();
        String replay = "check --stage " + stage + " --host " + target.host + " --port " + target.port + " --reference-host "
                + referenceHost + " --reference-port " + referencePort + " --random 1 --seed %d";
        out.printf("check: stage %d against %s, random sequences compared with the reference at %s:%d%n", stage,
                target.label(), referenceHost, referencePort);
        RandomCheck check = new RandomCheck(referenceHost, referencePort, target.host, target.port, wait, out);
        if (start == null) {
            return check.run(first, random, replay) ? 0 : 1;
        }
        try (LaunchedServer server = LaunchedServer.fromShellCommand(start, target.port)) {
            out.printf("server: %s%n", server.command());
            server.start();
            return check.run(first, random, replay) ? 0 : 1;
        }
    }

    /**
     * --power-loss: the server's {dir} on a power-cut filesystem, and only the cases that crash it.
     * Both are closed at the end, and by their shutdown hooks on SIGTERM or Ctrl-C.
     */
    private int powerLoss(PrintWriter out, Duration wait) throws Exception {
        String missing = PowerCutFilesystem.unavailable();
        if (missing != null) {
            spec.commandLine().getErr().println("check: " + missing);
            return 2;
        }
        out.printf("check: stage %d against %s, power loss: only the cases that kill the server, each with a power cut"
                + " instead of kill -9%n", stage, target.label());
        out.printf("  {dir} is on a power-cut filesystem: a cut keeps only what the server fsynced; %s%n", lossWindow == null
                ? "any lost acknowledged write fails"
                : "a case passes if every lost write was answered within " + Units.format(lossWindow) + " before the cut");
        try (PowerCutFilesystem fs = PowerCutFilesystem.mountTemporary();
                LaunchedServer server = LaunchedServer.fromShellCommand(start, target.port, fs.mountPoint())) {
            out.printf("server: %s%n%n", server.command());
            server.start();
            List<Checker.CodedCase> cases = DurabilityCases.forPowerLoss(stage, server, fs, target.host, connections, wait,
                    lossWindow, out);
            return new Checker(target.host, target.port, wait, out).run(List.of(), false, cases) ? 0 : 1;
        }
    }
}
