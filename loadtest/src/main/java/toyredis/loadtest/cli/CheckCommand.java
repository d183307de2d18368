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
            "Exit codes: 0 every case passed, 1 a case failed or nothing answers,",
            "  2 bad usage.",
            "Examples:",
            "  check --stage 2 --port 6379",
            "  check --stage 5 --port 7005 --start \\",
            "    \"java -jar stage5-aof/target/stage5-aof.jar --port {port} --dir {dir}\"",
            "  check --stage 6 --port 7006 --start \"redis-server --port {port}",
            "    --dir {dir} --appendonly yes --appendfsync always --save ''\""})
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

    @Override
    public Integer call() throws Exception {
        if (stage < 1 || stage > CheckSuite.LAST_STAGE) {
            throw new ParameterException(spec.commandLine(), "--stage must be between 1 and " + CheckSuite.LAST_STAGE + ", got " + stage);
        }
        PrintWriter out = spec.commandLine().getOut();
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
}
