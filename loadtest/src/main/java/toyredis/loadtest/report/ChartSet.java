package toyredis.loadtest.report;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.ToDoubleFunction;
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
    public static List<Path> sweep(Path dir, String server, List<RunResult> results, ChartLook look) {
        String what = results.get(0).spec().workload().lowerCase() + " over " + results.get(0).spec().protocol().lowerCase();
        return List.of(
                Charts.save(dir, "throughput", "Throughput vs connections: " + server + " (" + what + ")",
                        "ops/s", Charts.Axis.AUTO, List.of(new Charts.Line(server, results, RunResult::opsPerSecond)), look),
                Charts.save(dir, "error-rate", "Error rate vs connections: " + server + " (" + what + ")",
                        "errors (% of requests)", Charts.Axis.AUTO,
                        List.of(new Charts.Line(server, results, r -> 100 * r.errorRate())), look),
                Charts.save(dir, "latency", "Latency percentiles vs connections: " + server + " (" + what + ")",
                        "latency, ms", Charts.Axis.LOG, List.of(
                                new Charts.Line("p50", results, r -> r.latency().p50()),
                                new Charts.Line("p90", results, r -> r.latency().p90()),
                                new Charts.Line("p99", results, r -> r.latency().p99()),
                                new Charts.Line("p99.9", results, r -> r.latency().p999())), look));
    }

    /**
     * compare's charts: one set per workload (each line the same command against another server),
     * suffixed "-set", "-ping"... when there is more than one workload.
     */
    public static List<Path> comparison(Path dir, List<List<RunResult>> sweeps, ChartLook look) {
        Map<Workload, List<List<RunResult>>> byWorkload = new LinkedHashMap<>();
        for (List<RunResult> sweep : sweeps) {
            byWorkload.computeIfAbsent(sweep.get(0).spec().workload(), w -> new ArrayList<>()).add(sweep);
        }
        List<Path> files = new ArrayList<>();
        for (Map.Entry<Workload, List<List<RunResult>>> group : byWorkload.entrySet()) {
            String suffix = byWorkload.size() == 1 ? "" : "-" + group.getKey().lowerCase();
            files.addAll(comparisonOf(dir, suffix, group.getValue(), look));
        }
        return files;
    }

    private static List<Path> comparisonOf(Path dir, String suffix, List<List<RunResult>> sweeps, ChartLook look) {
        List<RunResult> all = sweeps.stream().flatMap(List::stream).toList();
        List<Path> files = new ArrayList<>(List.of(
                chart(dir, "throughput" + suffix, "Throughput vs connections", "ops/s", Charts.Axis.AUTO, sweeps,
                        RunResult::opsPerSecond, look),
                chart(dir, "error-rate" + suffix, "Error rate vs connections", "errors (% of requests)", Charts.Axis.AUTO,
                        sweeps, r -> 100 * r.errorRate(), look),
                errorsByKind(dir, "errors" + suffix, "Errors" + errorKinds(all) + " vs connections", sweeps, look),
                // A share, not a count: a count of served connections against the connections open
                // lies on y = x whenever all are served, and 97 of 100 looks like 100.
                chart(dir, "connections-served" + suffix, "Share of connections that got a reply",
                        "connections served (% of those open)", Charts.Axis.LINEAR, sweeps,
                        r -> 100.0 * r.connectionsServed() / r.spec().connections(), look),
                chart(dir, "latency-p50" + suffix, "Median latency (p50) vs connections", "latency, ms",
                        Charts.Axis.LOG, sweeps, r -> r.latency().p50(), look),
                chart(dir, "latency-p99" + suffix, "Tail latency (p99) vs connections", "latency, ms",
                        Charts.Axis.LOG, sweeps, r -> r.latency().p99(), look),
                firstReply(dir, "first-reply" + suffix, sweeps, look)));
        // Only servers the harness started itself have a process to look at (not Docker, not --redis).
        List<List<RunResult>> measured = sweeps.stream().filter(s -> s.get(0).footprint().known()).toList();
        if (!measured.isEmpty()) {
            files.add(chart(dir, "server-threads" + suffix, "Server threads (peak during each point) vs connections",
                    "threads", Charts.Axis.AUTO, measured, r -> r.footprint().threads(), look));
            files.add(chart(dir, "server-memory" + suffix, "Server resident memory (peak during each point) vs connections",
                    "MiB", Charts.Axis.AUTO, measured, r -> r.footprint().rssMib(), look));
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
     * line at zero. A server's second and further kinds are dashed lines of its colour.
     */
    private static Path errorsByKind(Path dir, String name, String title, List<List<RunResult>> sweeps, ChartLook look) {
        List<Charts.Line> lines = new ArrayList<>();
        for (List<RunResult> sweep : sweeps) {
            String server = sweep.get(0).server();
            String legend = look.servers().name(server);
            Color colour = look.servers().colour(server);
            List<ErrorKind> kinds = Arrays.stream(ErrorKind.values())
                    .filter(kind -> sweep.stream().anyMatch(r -> r.errors(kind) > 0)).toList();
            if (kinds.isEmpty()) {
                lines.add(new Charts.Line(legend + " (no errors)", sweep, RunResult::errorCount, colour, false));
            }
            for (ErrorKind kind : kinds) {
                lines.add(new Charts.Line(legend + " (" + kind.label() + ")", sweep, r -> r.errors(kind), colour,
                        kind != kinds.get(0)));
            }
        }
        return Charts.save(dir, name, title + subtitle(sweeps), "errors (count)", Charts.Axis.LINEAR, lines, look);
    }

    /** Time from a connection's first connect attempt to its first reply: p50 (solid) and p99 (dashed) per server. */
    private static Path firstReply(Path dir, String name, List<List<RunResult>> sweeps, ChartLook look) {
        List<Charts.Line> lines = new ArrayList<>();
        for (List<RunResult> sweep : sweeps) {
            String legend = legend(sweeps, sweep, look);
            Color colour = look.servers().colour(sweep.get(0).server());
            lines.add(new Charts.Line(legend + " p50", sweep, r -> r.firstReply().p50(), colour, false));
            lines.add(new Charts.Line(legend + " p99", sweep, r -> r.firstReply().p99(), colour, true));
        }
        return Charts.save(dir, name, "Time to a connection's first reply vs connections" + subtitle(sweeps),
                "time to first reply, ms", Charts.Axis.LOG, lines, look);
    }

    private static String subtitle(List<List<RunResult>> sweeps) {
        RunResult any = sweeps.get(0).get(0);
        return String.format(" (%s, pipeline %d, %s per point)", any.spec().workload().lowerCase(),
                any.spec().pipeline(), Units.format(any.spec().duration()));
    }

    /** The server's name, with the protocol it spoke when the chart mixes protocols. */
    private static String legend(List<List<RunResult>> sweeps, List<RunResult> sweep, ChartLook look) {
        RunResult first = sweep.get(0);
        boolean mixed = sweeps.stream().map(s -> s.get(0).spec().protocol()).distinct().count() > 1;
        String name = look.servers().name(first.server());
        return mixed ? name + " (" + first.spec().protocol().lowerCase() + ")" : name;
    }

    private static Path chart(Path dir, String name, String title, String yTitle, Charts.Axis axis,
            List<List<RunResult>> sweeps, ToDoubleFunction<RunResult> value, ChartLook look) {
        List<Charts.Line> lines = new ArrayList<>();
        for (List<RunResult> sweep : sweeps) {
            lines.add(new Charts.Line(legend(sweeps, sweep, look), sweep, value,
                    look.servers().colour(sweep.get(0).server()), false));
        }
        return Charts.save(dir, name, title + subtitle(sweeps), yTitle, axis, lines, look);
    }

    /**
     * crash-lost.png: the acknowledged writes each server lost over all its rounds, one bar per
     * server in its colour with the count printed over it (a zero reads as "0"), no legend: each
     * bar stands over its server's name.
     */
    public static Path crashLost(Path dir, int writers, int rounds, Map<String, List<Double>> lostByServer,
            ChartLook look) {
        // Each bar's count in its name: a bar of height zero has no room for a label of its own.
        List<String> categories = lostByServer.entrySet().stream().map(server -> String.format(Locale.ROOT, "%s: %,d",
                look.servers().name(server.getKey()), Math.round(server.getValue().stream().mapToDouble(Double::doubleValue).sum())))
                .toList();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        Map<String, Color> colours = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, List<Double>> server : lostByServer.entrySet()) {
            List<Double> values = new ArrayList<>(Collections.nCopies(categories.size(), (Double) null));
            values.set(i++, server.getValue().stream().mapToDouble(Double::doubleValue).sum());
            series.put(server.getKey(), values);
            colours.put(server.getKey(), look.servers().colour(server.getKey()));
        }
        return Charts.bars(dir, "crash-lost", "Acknowledged writes lost in " + rounds + " kill -9 rounds ("
                + writers + " writers)", "acknowledged writes lost (sum of " + rounds + " rounds)", categories,
                series, colours, true, look);
    }

    /**
     * powercut-lost.png: per server a group of two bars, the acknowledged writes that {@code kill -9}
     * lost and those a power cut lost, each the sum of {@code rounds} rounds; the two sums are in
     * the server's category name too, since a bar of height zero has no room for a label.
     */
    public static Path powerCutLost(Path dir, int writers, int rounds, Map<String, List<Double>> killLost,
            Map<String, List<Double>> cutLost, ChartLook look) {
        List<String> categories = new ArrayList<>();
        List<Double> killed = new ArrayList<>();
        List<Double> cut = new ArrayList<>();
        for (String server : killLost.keySet()) {
            double k = killLost.get(server).stream().mapToDouble(Double::doubleValue).sum();
            double c = cutLost.getOrDefault(server, List.of()).stream().mapToDouble(Double::doubleValue).sum();
            categories.add(String.format(Locale.ROOT, "%s: %,d / %,d", look.servers().name(server), Math.round(k), Math.round(c)));
            killed.add(k);
            cut.add(c);
        }
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("kill -9", killed);
        series.put("power cut", cut);
        Map<String, Color> colours = Map.of("kill -9", new Color(70, 110, 170), "power cut", new Color(215, 95, 30));
        return Charts.bars(dir, "powercut-lost", "Acknowledged writes lost to kill -9 / to a power cut, " + rounds + " rounds of "
                + writers + " writers each", "acknowledged writes lost (sum of " + rounds + " rounds)", categories, series,
                colours, false, look);
    }

    /** memory-per-key.png: bytes per key of each server, a group of bars per key count. */
    public static Path memoryPerKey(Path dir, List<Integer> keyCounts, Map<String, List<Double>> perKey, ChartLook look) {
        List<String> categories = keyCounts.stream().map(n -> String.format("%,d keys", n)).toList();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        Map<String, Color> colours = new LinkedHashMap<>();
        perKey.forEach((server, values) -> {
            series.put(look.servers().name(server), values);
            colours.put(look.servers().name(server), look.servers().colour(server));
        });
        return Charts.bars(dir, "memory-per-key", "Memory per key: 11-byte keys, 10-byte values",
                "bytes per key (live heap or used_memory)", categories, series, colours, false, look);
    }

    /**
     * expiry-memory.png and expiry-keys.png: what each server still holds, second by second after
     * it was sent {@code keys} keys with a TTL that nobody reads again: the memory they hold (MB over
     * the empty server) and DBSIZE. A dashed line marks the last key's deadline.
     */
    public static List<Path> expiry(Path dir, int keys, long ttlMillis, List<Charts.TimeLine> heldMegabytes,
            List<Charts.TimeLine> dbsize, ChartLook look) {
        String what = String.format(Locale.ROOT, "%,d keys written with a %s TTL, never read", keys,
                Units.format(java.time.Duration.ofMillis(ttlMillis)));
        String xTitle = "seconds since the last key was written (dashed: its deadline)";
        return List.of(
                Charts.overTime(dir, "expiry-memory", "Memory held after " + what, xTitle,
                        "MB held over the empty server (live heap or used_memory)", heldMegabytes, ttlMillis / 1000.0, look),
                Charts.overTime(dir, "expiry-keys", "DBSIZE after " + what, xTitle, "DBSIZE (keys, dead ones included)",
                        dbsize, ttlMillis / 1000.0, look));
    }
}
