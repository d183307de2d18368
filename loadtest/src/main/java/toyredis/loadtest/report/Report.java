package toyredis.loadtest.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import toyredis.loadtest.units.Units;
import toyredis.loadtest.load.ErrorKind;
import toyredis.loadtest.load.LoadSpec;
import toyredis.loadtest.load.RunResult;

/** Turns results into text for people (a summary, a table) and for programs (CSV, JSON). */
public final class Report {

    private Report() {
    }

    /** The multi-line summary `run` prints. */
    public static String summary(RunResult r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "throughput   %,.0f ops/s  (%,d right replies in %s)%n",
                r.opsPerSecond(), r.replies(), Units.format(r.spec().duration())));
        out.append(String.format(Locale.ROOT, "errors       %,d  (%.3f %% of %,d requests answered or failed, warm-up included)%n",
                r.errorCount(), 100 * r.errorRate(), r.repliesWholeRun() + r.errorCount()));
        StringJoiner kinds = new StringJoiner(" · ", "             ", "%n");
        for (ErrorKind kind : ErrorKind.values()) {
            kinds.add(kind.label() + " " + r.errors(kind));
        }
        out.append(String.format(kinds.toString()));
        out.append(String.format(Locale.ROOT, "connections  %,d wanted: %,d connects succeeded, %,d failed (%,d attempts)%n",
                r.spec().connections(), r.connectsSucceeded(), r.connectsFailed(), r.connectAttempts()));
        out.append(String.format(Locale.ROOT, "served       %,d of %,d connections got a reply in the measured window%s%n",
                r.connectionsServed(), r.spec().connections(),
                r.connectionsServed() < r.spec().connections() ? "  <- the others waited in vain" : ""));
        out.append("first reply  ").append(percentiles(r.firstReply()))
                .append("  ms from a connection's first connect to its first reply\n");
        for (Map.Entry<String, Long> reason : topReasons(r, 8)) {
            out.append(String.format(Locale.ROOT, "             %,7d × %s%n", reason.getValue(), reason.getKey()));
        }
        String from = r.spec().rate() > 0 ? "  from the intended send time (coordinated omission corrected)" : "";
        out.append("latency ms   ").append(percentiles(r.latency())).append(from).append('\n');
        if (r.spec().rate() > 0) {
            out.append("             ").append(percentiles(r.serviceTime()))
                    .append("  from the actual send time (uncorrected, for comparison)\n");
        }
        return out.toString();
    }

    private static List<Map.Entry<String, Long>> topReasons(RunResult r, int limit) {
        List<Map.Entry<String, Long>> reasons = new ArrayList<>(r.errorReasons().entrySet());
        reasons.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return reasons.subList(0, Math.min(limit, reasons.size()));
    }

    private static String percentiles(RunResult.Latency l) {
        return String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  p99.9 %s  max %s",
                ms(l.p50()), ms(l.p90()), ms(l.p99()), ms(l.p999()), ms(l.max()));
    }

    /** Three significant digits: 0.0412, 0.412, 4.12, 41.2, 412. */
    public static String ms(double millis) {
        if (millis == 0) {
            return "0";
        }
        if (millis >= 100) {
            return String.format(Locale.ROOT, "%.0f", millis);
        }
        int decimals = Math.max(0, 2 - (int) Math.floor(Math.log10(millis)));
        return String.format(Locale.ROOT, "%." + decimals + "f", millis);
    }

    public static String tableHeader() {
        return String.format("%-28s %7s %7s %12s %9s %8s %8s %8s %8s %8s %8s %9s%n", "server", "conns", "served",
                "ops/s", "errors", "err %", "p50 ms", "p90 ms", "p99 ms", "p99.9", "max ms", "conn fail");
    }

    public static String tableRow(RunResult r) {
        return String.format(Locale.ROOT, "%-28s %7d %7d %,12.0f %9d %8.3f %8s %8s %8s %8s %8s %9d%n",
                r.server(), r.spec().connections(), r.connectionsServed(), r.opsPerSecond(), r.errorCount(), 100 * r.errorRate(),
                ms(r.latency().p50()), ms(r.latency().p90()), ms(r.latency().p99()), ms(r.latency().p999()),
                ms(r.latency().max()), r.connectsFailed());
    }

    public static String csvHeader() {
        StringJoiner columns = new StringJoiner(",", "", "\n");
        for (String c : List.of("server", "connections", "workload", "protocol", "pipeline", "rate",
                "duration_s", "replies", "ops_per_sec", "errors", "error_rate")) {
            columns.add(c);
        }
        for (ErrorKind kind : ErrorKind.values()) {
            columns.add("errors_" + kind.column());
        }
        for (String c : List.of("connect_attempts", "connects_failed", "p50_ms", "p90_ms", "p99_ms", "p999_ms",
                "max_ms", "uncorrected_p50_ms", "uncorrected_p99_ms", "uncorrected_max_ms", "connections_served",
                "first_reply_p50_ms", "first_reply_p99_ms", "first_reply_max_ms", "server_threads", "server_rss_mib")) {
            columns.add(c);
        }
        return columns.toString();
    }

    public static String csvRow(RunResult r) {
        LoadSpec s = r.spec();
        StringJoiner values = new StringJoiner(",", "", "\n");
        values.add(csvText(r.server())).add("" + s.connections()).add(s.workload().lowerCase())
                .add(s.protocol().lowerCase()).add("" + s.pipeline()).add("" + s.rate())
                .add(num(s.duration().toMillis() / 1000.0)).add("" + r.replies()).add(num(r.opsPerSecond()))
                .add("" + r.errorCount()).add(num(r.errorRate()));
        for (ErrorKind kind : ErrorKind.values()) {
            values.add("" + r.errors(kind));
        }
        values.add("" + r.connectAttempts()).add("" + r.connectsFailed())
                .add(num(r.latency().p50())).add(num(r.latency().p90())).add(num(r.latency().p99()))
                .add(num(r.latency().p999())).add(num(r.latency().max()))
                .add(num(r.serviceTime().p50())).add(num(r.serviceTime().p99())).add(num(r.serviceTime().max()))
                .add("" + r.connectionsServed()).add(num(r.firstReply().p50())).add(num(r.firstReply().p99()))
                .add(num(r.firstReply().max()))
                .add(r.footprint().known() ? "" + r.footprint().threads() : "")
                .add(r.footprint().known() ? "" + r.footprint().rssMib() : "");
        return values.toString();
    }

    public static String csv(List<RunResult> results) {
        StringBuilder out = new StringBuilder(csvHeader());
        results.forEach(r -> out.append(csvRow(r)));
        return out.toString();
    }

    /** Jackson, pretty-printed with {@code "name": value} (its default puts a space before the colon too). */
    private static final ObjectWriter JSON = JsonMapper.builder().build().writer().with(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectNameValueSpacing(Separators.Spacing.AFTER)));

    /** A JSON array with one object per result, its fields in a fixed order (snake_case names). */
    public static String json(List<RunResult> results) {
        List<Map<String, Object>> array = new ArrayList<>();
        for (RunResult r : results) {
            LoadSpec s = r.spec();
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("server", r.server());
            o.put("host", s.host());
            o.put("port", s.port());
            o.put("connections", s.connections());
            o.put("workload", s.workload().lowerCase());
            o.put("read_ratio", decimal(s.readRatio()));
            o.put("keys", s.keys());
            o.put("value_size", s.valueSize());
            o.put("protocol", s.protocol().lowerCase());
            o.put("pipeline", s.pipeline());
            o.put("rate", s.rate());
            o.put("duration_s", decimal(s.duration().toMillis() / 1000.0));
            o.put("warmup_s", decimal(s.warmup().toMillis() / 1000.0));
            o.put("replies", r.replies());
            o.put("ops_per_sec", decimal(r.opsPerSecond()));
            o.put("errors", r.errorCount());
            o.put("error_rate", decimal(r.errorRate()));
            Map<String, Long> byKind = new LinkedHashMap<>();
            for (ErrorKind kind : ErrorKind.values()) {
                byKind.put(kind.column(), r.errors(kind));
            }
            o.put("errors_by_kind", byKind);
            o.put("error_reasons", r.errorReasons());
            o.put("connect_attempts", r.connectAttempts());
            o.put("connects_succeeded", r.connectsSucceeded());
            o.put("connects_failed", r.connectsFailed());
            o.put("connections_served", r.connectionsServed());
            o.put("first_reply_ms", latency(r.firstReply()));
            o.put("server_threads", r.footprint().known() ? r.footprint().threads() : null);
            o.put("server_rss_mib", r.footprint().known() ? r.footprint().rssMib() : null);
            o.put("latency_ms", latency(r.latency()));
            o.put("uncorrected_latency_ms", latency(r.serviceTime()));
            array.add(o);
        }
        return JSON.writeValueAsString(array) + "\n";
    }

    private static Map<String, Object> latency(RunResult.Latency l) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("p50", decimal(l.p50()));
        o.put("p90", decimal(l.p90()));
        o.put("p99", decimal(l.p99()));
        o.put("p99.9", decimal(l.p999()));
        o.put("max", decimal(l.max()));
        return o;
    }

    /** Seven significant digits, no trailing zeros: 0.0412, 350896, 2.071551. */
    private static BigDecimal decimal(double value) {
        return new BigDecimal(value).round(new MathContext(7)).stripTrailingZeros();
    }

    private static String num(double value) {
        return decimal(value).toPlainString();
    }

    private static String csvText(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
