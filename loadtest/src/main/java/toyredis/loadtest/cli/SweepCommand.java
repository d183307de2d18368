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
import toyredis.loadtest.load.LoadSpec;
import toyredis.loadtest.load.RunResult;
import toyredis.loadtest.report.ChartLook;
import toyredis.loadtest.report.ChartSet;
import toyredis.loadtest.report.Report;

@Command(name = "sweep",
        header = "The same load at several connection counts: a table, CSV and charts.",
        description = {"The same workload at several connection counts: a table, CSV, JSON and PNG charts",
            "(throughput, error rate and latency percentiles vs connections).",
            "Example: sweep --port 6379 --connections 1,10,50,100,500,1000 --duration 3s"})
final class SweepCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private TargetOptions target;

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
        LoadSpec template = load.toSpec(target.host, target.port, connectionCounts.smallest());
        load.toSpec(target.host, target.port, connectionCounts.largest()); // validates the largest too
        FdLimit.check(spec.commandLine(), connectionCounts.largest());
        PrintWriter out = spec.commandLine().getOut();
        out.println("sweep: " + template.describe().replaceFirst(", \\d+ connections", ", connections " + connectionCounts.values));
        out.print(Report.tableHeader());
        out.flush();
        List<RunResult> results;
        long total = Sweep.millisPerPoint(template) * connectionCounts.values.size();
        try (ProgressDisplay progress = ProgressDisplay.start("sweep", total, output.quiet)) {
            results = Sweep.run(target.label(), template, connectionCounts.values, progress, 0, out);
        }
        List<Path> files = new ArrayList<>();
        files.add(output.write("sweep.csv", Report.csv(results)));
        files.add(output.write("sweep.json", Report.json(results)));
        ChartLook look = charts.look(List.of());
        files.addAll(ChartSet.sweep(output.directory(), target.label(), results, look));
        files.forEach(file -> out.println("wrote " + file));
        out.flush();
        return ChartOptions.checkNamed(look, spec);
    }
}
