package toyredis.loadtest.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import toyredis.loadtest.load.LoadException;
import toyredis.loadtest.load.LoadRun;
import toyredis.loadtest.load.LoadSpec;
import toyredis.loadtest.load.RunResult;
import toyredis.loadtest.report.Report;

@Command(name = "run",
        header = "One load point: ops/s, errors by kind, latency percentiles.",
        description = {"One load point against --host/--port: ops/s, errors by kind, latency percentiles.",
            "Example: run --port 6379 --connections 50 --pipeline 16 --workload set --duration 10s"})
final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private TargetOptions target;

    @Option(names = {"-c", "--connections"}, defaultValue = "50", paramLabel = "N",
            description = "Open connections, each with its own batch in flight (default: ${DEFAULT-VALUE}).")
    private int connections;

    @Mixin
    private LoadOptions load;

    @Mixin
    private OutputOptions output;

    @Option(names = "--json", description = "Also write run.json into --out.")
    private boolean json;

    @Option(names = "--csv", description = "Also write run.csv into --out.")
    private boolean csv;

    @Override
    public Integer call() throws LoadException {
        LoadSpec loadSpec = load.toSpec(target.host, target.port, connections);
        FdLimit.check(spec.commandLine(), connections);
        PrintWriter out = spec.commandLine().getOut();
        out.println("run: " + loadSpec.describe());
        out.flush();
        RunResult result;
        long total = loadSpec.warmup().toMillis() + loadSpec.duration().toMillis();
        try (ProgressDisplay progress = ProgressDisplay.start("run", total, output.quiet)) {
            result = LoadRun.execute(target.label(), loadSpec, progress.forRun(0, target.label()));
        }
        out.print(Report.summary(result));
        List<Path> files = new ArrayList<>();
        if (json) {
            files.add(output.write("run.json", Report.json(List.of(result))));
        }
        if (csv) {
            files.add(output.write("run.csv", Report.csv(List.of(result))));
        }
        files.forEach(file -> out.println("wrote " + file));
        out.flush();
        return 0;
    }
}
