package toyredis.loadtest.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import toyredis.loadtest.load.LoadException;
import toyredis.loadtest.load.LoadRun;
import toyredis.loadtest.load.LoadSpec;
import toyredis.loadtest.load.RunResult;
import toyredis.loadtest.load.ServerFootprint;
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
}
