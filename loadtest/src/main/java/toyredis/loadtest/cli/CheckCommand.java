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

@Command(name = "check",
        header = "Conformance cases for a stage: bytes sent, expected and received.",
        description = {"Conformance cases for a stage, run in order against your server: each shows the bytes",
            "sent, expected and received; the first failure stops the check.",
            "--stage N runs stage N's cases and the earlier stages' cases that still apply:",
            "  1: the greeting · 2: text PING/ECHO/QUIT · 3: stage 2's cases + SET/GET/INCR",
            "  4-6: RESP cases, byte for byte as Redis 7 (the text cases no longer apply)",
            "From stage 3 on, a last case has 8 clients INCR one key at once: no update may be lost.",
            "Exit codes: 0 every case passed, 1 a case failed or nothing answers, 2 bad usage.",
            "Example: check --stage 2 --port 6379"})
final class CheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private TargetOptions target;

    @Option(names = "--stage", required = true, paramLabel = "N", description = "The stage your server implements, 1 to 6.")
    private int stage;

    @Option(names = "--timeout", defaultValue = "2s", paramLabel = "TIME", converter = DurationConverter.class,
            description = "How long to wait for each reply (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() {
        if (stage < 1 || stage > CheckSuite.LAST_STAGE) {
            throw new ParameterException(spec.commandLine(), "--stage must be between 1 and " + CheckSuite.LAST_STAGE + ", got " + stage);
        }
        List<CheckSuite> suites = CheckSuite.forStage(stage);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("check: stage %d against %s, cases from %s%n%n", stage, target.label(),
                suites.stream().map(CheckSuite::file).collect(Collectors.joining(", ")));
        boolean passed = new Checker(target.host, target.port, timeout, out).run(suites, stage >= 3);
        return passed ? 0 : 1;
    }
}
