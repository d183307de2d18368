package toyredis.loadtest.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import toyredis.loadtest.load.ErrorKind;
import toyredis.loadtest.load.RunResult;
import toyredis.loadtest.load.Workload;
import toyredis.loadtest.units.Units;

/**
 * Which charts each command draws, with their names, titles and axes: the command line only asks
 * for them. A sweep gets three; a comparison one per metric and workload, a line per server (like
 * with like: one command per chart); crash and memory one bar chart each.
 */
public final class ChartSet {

    private ChartSet() {
    }

    /** throughput.png, error-rate.png and latency.png for one server's sweep. */
    public static List<Path> sweep(Path dir, String server, List<RunResult> results) {
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

    /**
     * compare's charts: one set per workload (each line the same command against another server),
     * suffixed "-set", "-ping"... when there is more than one workload.
     */
    public static List<Path> comparison(Path dir, List<List<RunResult>> sweeps) {
        Map<Workload, List<List<RunResult>>> byWorkload = new LinkedHashMap<>();
        for (List<RunResult> sweep : sweeps) {
            byWorkload.computeIfAbsent(sweep.get(0).spec().workload(), w -> new ArrayList<>()).add(sweep);
        }
        List<Path> files = new ArrayList<>();
        for (Map.Entry<Workload, List<List<RunResult>>> group : byWorkload.entrySet()) {
            String suffix = byWorkload.size() == 1 ? "" : "-" + group.getKey().lowerCase();
            files.addAll(comparisonOf(dir, suffix, group.getValue()));
        }
        return files;
    }

    private static List<Path> comparisonOf(Path dir, String suffix, List<List<RunResult>> sweeps) {
        List<RunResult> all = sweeps.stream().flatMap(List::stream).toList();
        List<Path> files = new ArrayList<>(List.of(
                chart(dir, "throughput" + suffix, "Throughput vs connections", "ops/s", false, sweeps,
                        RunResult::opsPerSecond),
                chart(dir, "error-rate" + suffix, "Error rate vs connections", "errors (% of requests)", false, sweeps,
                        r -> 100 * r.errorRate()),
                errorsByKind(dir, "errors" + suffix, "Errors" + errorKinds(all) + " vs connections", sweeps),
                chart(dir, "connections-served" + suffix, "Connections served (got a reply) vs connections",
                        "connections", false, sweeps, RunResult::connectionsServed),
                chart(dir, "latency-p50" + suffix, "Median latency (p50) vs connections", "latency (ms, log scale)",
                        true, sweeps, r -> r.latency().p50()),
                chart(dir, "latency-p99" + suffix, "Tail latency (p99) vs connections", "latency (ms, log scale)",
                        true, sweeps, r -> r.latency().p99())));
        // Only servers the harness started itself have a process to look at (not Docker, not --redis).
        List<List<RunResult>> measured = sweeps.stream().filter(s -> s.get(0).footprint().known()).toList();
        if (!measured.isEmpty()) {
            files.add(chart(dir, "server-threads" + suffix, "Server threads (peak) vs connections", "threads", false,
                    measured, r -> r.footprint().threads()));
            files.add(chart(dir, "server-memory" + suffix, "Server resident memory (peak) vs connections", "MiB",
                    false, measured, r -> r.footprint().rssMib()));
        }
        return files;
    }

    /** " (lost update 698 · timeout 42)": the kinds of error counted in the whole comparison. */
    public static String errorKinds(List<RunResult> all) {
        StringJoiner kinds = new StringJoiner(" · ", " (", ")").setEmptyValue("");
        for (ErrorKind kind : ErrorKind.values()) {
            long count = all.stream().mapToLong(r -> r.errors(kind)).sum();
            if (count > 0) {
                kinds.add(String.format(Locale.ROOT, "%s %,d", kind.label(), count));
            }
        }
        return kinds.toString();
    }

    /**
     * Error counts, one line per server and kind of error it had (refused, timeout, lost update...),
     * on a linear axis from zero, so that a single error shows; a server without errors gets one
     * line at zero.
     */
    private static Path errorsByKind(Path dir, String name, String title, List<List<RunResult>> sweeps) {
        List<Charts.Line> lines = new ArrayList<>();
        for (List<RunResult> sweep : sweeps) {
            String server = sweep.get(0).server();
            List<ErrorKind> kinds = Arrays.stream(ErrorKind.values())
                    .filter(kind -> sweep.stream().anyMatch(r -> r.errors(kind) > 0)).toList();
            if (kinds.isEmpty()) {
                lines.add(new Charts.Line(server + " (no errors)", sweep, RunResult::errorCount));
            }
            for (ErrorKind kind : kinds) {
                lines.add(new Charts.Line(server + " (" + kind.label() + ")", sweep, r -> r.errors(kind)));
            }
        }
        return Charts.save(dir, name, title + subtitle(sweeps), "errors (count)", false, lines);
    }

    private static String subtitle(List<List<RunResult>> sweeps) {
        RunResult any = sweeps.get(0).get(0);
        return String.format(" (%s, pipeline %d, %s per point)", any.spec().workload().lowerCase(),
                any.spec().pipeline(), Units.format(any.spec().duration()));
    }

    private static Path chart(Path dir, String name, String title, String yTitle, boolean logY,
            List<List<RunResult>> sweeps, ToDoubleFunction<RunResult> value) {
        List<Charts.Line> lines = new ArrayList<>();
        for (List<RunResult> sweep : sweeps) {
            RunResult first = sweep.get(0);
            String what = first.spec().workload().lowerCase() + "/" + first.spec().protocol().lowerCase();
            lines.add(new Charts.Line(first.server() + " (" + what + ")", sweep, value));
        }
        return Charts.save(dir, name, title + subtitle(sweeps), yTitle, logY, lines);
    }

    /** crash-lost.png: the acknowledged writes each server lost, a group of bars per round. */
    public static Path crashLost(Path dir, int writers, int rounds, Map<String, List<Double>> lostByServer) {
        List<String> categories = IntStream.rangeClosed(1, rounds).mapToObj(round -> "round " + round).toList();
        // The legend gives each server's counts too: a bar of height zero cannot be seen.
        Map<String, List<Double>> series = new LinkedHashMap<>();
        lostByServer.forEach((server, lost) -> series.put(server + ": lost "
                + lost.stream().map(n -> String.format("%,d", n.longValue())).collect(Collectors.joining(", ")), lost));
        return Charts.bars(dir, "crash-lost", "Acknowledged writes lost at kill -9 (" + writers + " writers)",
                "acknowledged writes lost", categories, series);
    }

    /** memory-per-key.png: bytes per key of each server, a group of bars per key count. */
    public static Path memoryPerKey(Path dir, List<Integer> keyCounts, Map<String, List<Double>> perKey) {
        List<String> categories = keyCounts.stream().map(n -> String.format("%,d keys", n)).toList();
        return Charts.bars(dir, "memory-per-key", "Memory per key: 11-byte keys, 10-byte values",
                "bytes per key (live heap or used_memory)", categories, perKey);
    }
}
