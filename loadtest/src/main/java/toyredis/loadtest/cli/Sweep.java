package toyredis.loadtest.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import toyredis.loadtest.load.LoadException;
import toyredis.loadtest.load.LoadRun;
import toyredis.loadtest.load.LoadSpec;
import toyredis.loadtest.load.RunResult;
import toyredis.loadtest.load.ServerFootprint;
import toyredis.loadtest.report.Charts;
import toyredis.loadtest.report.Report;

/** The same load at each connection count in turn, one table row per point as it finishes. */
final class Sweep {

    private Sweep() {
    }

    static long millisPerPoint(LoadSpec spec) {
        return spec.warmup().toMillis() + spec.duration().toMillis();
    }

    /** Runs every point; {@code offsetMillis} places this sweep on a longer progress bar. */
    static List<RunResult> run(String server, LoadSpec template, List<Integer> connectionCounts,
            ProgressDisplay progress, long offsetMillis, PrintWriter out) throws LoadException {
        return run(server, template, connectionCounts, progress, offsetMillis, out, () -> ServerFootprint.UNKNOWN);
    }

    /**
     * The same, also sampling the server's footprint while each point runs (with every progress
     * update, about four times a second) and keeping its peak: threads and memory are what the
     * connections cost while they are open.
     */
    static List<RunResult> run(String server, LoadSpec template, List<Integer> connectionCounts,
            ProgressDisplay progress, long offsetMillis, PrintWriter out, Supplier<ServerFootprint> footprint)
            throws LoadException {
        List<RunResult> results = new ArrayList<>();
        for (int connections : connectionCounts) {
            LoadRun.Progress bar = progress.forRun(offsetMillis, server + " c=" + connections);
            ServerFootprint[] peak = {ServerFootprint.UNKNOWN};
            LoadRun.Progress step = (elapsed, replies) -> {
                bar.update(elapsed, replies);
                peak[0] = peak[0].max(footprint.get());
            };
            RunResult result = LoadRun.execute(server, template.withConnections(connections), step).withFootprint(peak[0]);
            results.add(result);
            out.print(Report.tableRow(result));
            out.flush();
            offsetMillis += millisPerPoint(template);
        }
        return results;
    }

    /** throughput.png, error-rate.png and latency.png for one server's sweep. */
    static List<Path> charts(Path dir, String server, List<RunResult> results) {
        String what = results.get(0).spec().workload().lowerCase() + " over " + results.get(0).spec().protocol().lowerCase();
        return List.of(
                Charts.save(dir, "throughput", "Throughput vs connections: " + server + " (" + what + ")",
                        "ops/s", false, List.of(new Charts.Line(server, results, RunResult::opsPerSecond))),
                Charts.save(dir, "error-rate", "Error rate vs connections: " + server + " (" + what + ")",
                        "errors (% of requests)", false,
                        List.of(new Charts.Line(server, results, r -> 100 * r.errorRate()))),
                Charts.save(dir, "latency", "Latency percentiles vs connections: " + server + " (" + what + ")",
                        "latency (ms, log scale)", true, List.of(
                                new Charts.Line("p50", results, r -> r.latency().p50()),
                                new Charts.Line("p90", results, r -> r.latency().p90()),
                                new Charts.Line("p99", results, r -> r.latency().p99()),
                                new Charts.Line("p99.9", results, r -> r.latency().p999()))));
    }
}
