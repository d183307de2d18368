package toyredis.loadtest.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;
import tools.jackson.dataformat.csv.CsvWriteFeature;
import toyredis.loadtest.units.Units;
import toyredis.loadtest.load.ErrorKind;
import toyredis.loadtest.load.LoadSpec;
import toyredis.loadtest.load.RunResult;
import toyredis.loadtest.load.ServerFootprint;
import toyredis.loadtest.load.Workload;
import toyredis.loadtest.protocol.Protocol;

/** Turns results into text for people (a summary, a table) and for programs (CSV, JSON). */
public final class Report {

    private Report() {
    }

    /**
     * The multi-line summary `run` prints. Its numbers are the columns of the CSV and the JSON,
     * read by their JSON names, so the three can never disagree.
     */
    public static String summary(RunResult r) {
        Map<String, Object> v = fields(r);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "throughput   %,.0f ops/s  (%,d right replies in %s)%n",
                v.get("ops_per_sec"), v.get("replies"), Units.format(r.spec().duration())));
        out.append(String.format(Locale.ROOT, "errors       %,d  (%.3f %% of %,d requests answered or failed, warm-up included)%n",
                v.get("errors"), ((BigDecimal) v.get("error_rate")).movePointRight(2), v.get("requests_whole_run")));
        StringJoiner kinds = new StringJoiner(" · ", "             ", "%n");
        for (ErrorKind kind : ErrorKind.values()) {
            kinds.add(kind.label() + " " + v.get("errors_by_kind/" + kind.column()));
        }
        out.append(String.format(kinds.toString()));
        out.append(String.format(Locale.ROOT, "connections  %,d wanted: %,d connects succeeded, %,d failed (%,d attempts)%n",
                v.get("connections"), v.get("connects_succeeded"), v.get("connects_failed"), v.get("connect_attempts")));
        long served = (Long) v.get("connections_served");
        out.append(String.format(Locale.ROOT, "served       %,d of %,d connections got a reply in the measured window%s%n",
                served, v.get("connections"), served < r.spec().connections() ? "  <- the others waited in vain" : ""));
        out.append("first reply  ").append(percentiles(v, "first_reply_ms"))
                .append("  ms from a connection's first connect to its first reply\n");
        @SuppressWarnings("unchecked")
        List<Map.Entry<String, Long>> reasons = new ArrayList<>(((Map<String, Long>) v.get("error_reasons")).entrySet());
        reasons.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        for (Map.Entry<String, Long> reason : reasons.subList(0, Math.min(8, reasons.size()))) {
            out.append(String.format(Locale.ROOT, "             %,7d × %s%n", reason.getValue(), reason.getKey()));
        }
        String from = r.spec().rate() > 0 ? "  from the intended send time (coordinated omission corrected)" : "";
        out.append("latency ms   ").append(percentiles(v, "latency_ms")).append(from).append('\n');
        if (r.spec().rate() > 0) {
            out.append("             ").append(percentiles(v, "uncorrected_latency_ms"))
                    .append("  from the actual send time (uncorrected, for comparison)\n");
        }
        return out.toString();
    }

    private static String percentiles(Map<String, Object> v, String latency) {
        return String.format(Locale.ROOT, "p50 %s  p90 %s  p99 %s  p99.9 %s  max %s", msField(v, latency + "/p50"),
                msField(v, latency + "/p90"), msField(v, latency + "/p99"), msField(v, latency + "/p99.9"), msField(v, latency + "/max"));
    }

    private static String msField(Map<String, Object> v, String name) {
        return ms(((BigDecimal) v.get(name)).doubleValue());
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

    /**
     * One column of the CSV files and one field of the JSON files, read from a result: the one
     * list both are written from. {@code csv} is the CSV column's name (null: JSON only), {@code json}
     * the field's path in the JSON object, its levels split by '/' (null: CSV only).
     */
    private record Column(String csv, String json, Function<RunResult, Object> value) {
    }

    /** In the CSV's order; the JSON-only fields sit where they read best. */
    private static final List<Column> COLUMNS = columns();

    private static List<Column> columns() {
        List<Column> c = new ArrayList<>();
        c.add(new Column("server", "server", RunResult::server));
        c.add(new Column(null, "host", r -> r.spec().host()));
        c.add(new Column(null, "port", r -> r.spec().port()));
        c.add(new Column("connections", "connections", r -> r.spec().connections()));
        c.add(new Column("workload", "workload", r -> r.spec().workload().lowerCase()));
        c.add(new Column(null, "read_ratio", r -> decimal(r.spec().readRatio())));
        c.add(new Column(null, "keys", r -> r.spec().keys()));
        c.add(new Column(null, "value_size", r -> r.spec().valueSize()));
        c.add(new Column("protocol", "protocol", r -> r.spec().protocol().lowerCase()));
        c.add(new Column("pipeline", "pipeline", r -> r.spec().pipeline()));
        c.add(new Column("rate", "rate", r -> r.spec().rate()));
        c.add(new Column("duration_s", "duration_s", r -> decimal(r.spec().duration().toMillis() / 1000.0)));
        c.add(new Column(null, "warmup_s", r -> decimal(r.spec().warmup().toMillis() / 1000.0)));
        c.add(new Column("replies", "replies", RunResult::replies));
        c.add(new Column("ops_per_sec", "ops_per_sec", r -> decimal(r.opsPerSecond())));
        c.add(new Column("errors", "errors", RunResult::errorCount));
        c.add(new Column("error_rate", "error_rate", r -> decimal(r.errorRate())));
        c.add(new Column(null, "requests_whole_run", r -> r.repliesWholeRun() + r.errorCount()));
        for (ErrorKind kind : ErrorKind.values()) {
            c.add(new Column("errors_" + kind.column(), "errors_by_kind/" + kind.column(), r -> r.errors(kind)));
        }
        c.add(new Column(null, "error_reasons", RunResult::errorReasons));
        c.add(new Column("connect_attempts", "connect_attempts", RunResult::connectAttempts));
        c.add(new Column(null, "connects_succeeded", RunResult::connectsSucceeded));
        c.add(new Column("connects_failed", "connects_failed", RunResult::connectsFailed));
        latency(c, "", "latency_ms", RunResult::latency, "p50", "p90", "p99", "p99.9", "max");
        latency(c, "uncorrected_", "uncorrected_latency_ms", RunResult::serviceTime, "p50", "p99", "max");
        c.add(new Column("connections_served", "connections_served", RunResult::connectionsServed));
        latency(c, "first_reply_", "first_reply_ms", RunResult::firstReply, "p50", "p99", "max");
        c.add(new Column("server_threads", "server_threads", r -> r.footprint().known() ? r.footprint().threads() : null));
        c.add(new Column("server_rss_mib", "server_rss_mib", r -> r.footprint().known() ? r.footprint().rssMib() : null));
        return List.copyOf(c);
    }

    /**
     * The five percentiles of one latency as fields of one JSON object; those named in
     * {@code inCsv} are CSV columns too ({@code p99.9} as {@code p999}: {@code p99_9_ms} reads badly).
     */
    private static void latency(List<Column> c, String csvPrefix, String json, Function<RunResult, RunResult.Latency> of,
            String... inCsv) {
        Map<String, Function<RunResult.Latency, Double>> percentiles = new LinkedHashMap<>();
        percentiles.put("p50", RunResult.Latency::p50);
        percentiles.put("p90", RunResult.Latency::p90);
        percentiles.put("p99", RunResult.Latency::p99);
        percentiles.put("p99.9", RunResult.Latency::p999);
        percentiles.put("max", RunResult.Latency::max);
        List<String> csvNames = List.of(inCsv);
        percentiles.forEach((name, percentile) -> c.add(new Column(
                csvNames.contains(name) ? csvPrefix + name.replace(".", "") + "_ms" : null,
                json + "/" + name, r -> decimal(percentile.apply(of.apply(r))))));
    }

    /** Quotes a value only where it must (a comma, a quote, a line break), not for every space. */
    private static final CsvMapper CSV_MAPPER = CsvMapper.builder().enable(CsvWriteFeature.STRICT_CHECK_FOR_QUOTING).build();

    /** A CSV file: the header, then one row per result, quoted where a value needs it (commas, quotes, newlines). */
    public static String csv(List<RunResult> results) {
        List<Column> columns = COLUMNS.stream().filter(column -> column.csv() != null).toList();
        List<List<Object>> rows = new ArrayList<>();
        for (RunResult r : results) {
            rows.add(columns.stream().map(column -> column.value().apply(r)).toList());
        }
        return csv(columns.stream().map(Column::csv).toList(), rows);
    }

    /**
     * Any CSV file the harness writes (run, sweep, compare, crash, memory): a header line, then the
     * rows. A null is an empty field; a decimal is written plain (12.5, never 1.25E+1).
     */
    public static String csv(List<String> header, List<List<Object>> rows) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        header.forEach(schema::addColumn);
        List<List<String>> text = new ArrayList<>();
        for (List<Object> row : rows) {
            text.add(row.stream().map(Report::csvText).toList());
        }
        return CSV_MAPPER.writer(schema.build()).writeValueAsString(text);
    }

    /** The rows of a CSV file the harness wrote, each a map from column name to text. */
    public static List<Map<String, String>> readCsv(Path file) {
        try (MappingIterator<Map<String, String>> rows = CSV_MAPPER.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            return rows.readAll();
        }
    }

    /**
     * The results a {@code run}, {@code sweep} or {@code compare} CSV holds, for drawing its charts
     * again without measuring. Only what the CSV has comes back (no error reasons, no p90 of the
     * time to first reply: NaN), enough for every chart; written out again, they give the same CSV.
     */
    public static List<RunResult> fromCsv(Path file) {
        List<RunResult> results = new ArrayList<>();
        for (Map<String, String> row : readCsv(file)) {
            Function<String, Double> number = column -> Double.parseDouble(row.get(column));
            Function<String, Long> count = column -> Long.parseLong(row.get(column));
            LoadSpec spec = LoadSpec.defaults(0).withConnections(count.apply("connections").intValue())
                    .withWorkload(Workload.valueOf(row.get("workload").toUpperCase(Locale.ROOT)),
                            Protocol.valueOf(row.get("protocol").toUpperCase(Locale.ROOT)))
                    .withPipeline(count.apply("pipeline").intValue()).withRate(count.apply("rate"))
                    .withTiming(Duration.ofMillis(Math.round(1000 * number.apply("duration_s"))), Duration.ZERO);
            Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
            for (ErrorKind kind : ErrorKind.values()) {
                errors.put(kind, count.apply("errors_" + kind.column()));
            }
            long errorCount = count.apply("errors");
            double errorRate = number.apply("error_rate");
            // error_rate = errors / (replies over the whole run + errors)
            long repliesWholeRun = errorRate > 0 ? Math.round(errorCount / errorRate) - errorCount : count.apply("replies");
            long attempts = count.apply("connect_attempts");
            long failed = count.apply("connects_failed");
            RunResult.Latency latency = new RunResult.Latency(number.apply("p50_ms"), number.apply("p90_ms"),
                    number.apply("p99_ms"), number.apply("p999_ms"), number.apply("max_ms"));
            RunResult.Latency uncorrected = new RunResult.Latency(number.apply("uncorrected_p50_ms"), Double.NaN,
                    number.apply("uncorrected_p99_ms"), Double.NaN, number.apply("uncorrected_max_ms"));
            RunResult.Latency firstReply = new RunResult.Latency(number.apply("first_reply_p50_ms"), Double.NaN,
                    number.apply("first_reply_p99_ms"), Double.NaN, number.apply("first_reply_max_ms"));
            boolean footprint = !row.getOrDefault("server_threads", "").isBlank();
            results.add(new RunResult(row.get("server"), spec, count.apply("replies"), number.apply("ops_per_sec"),
                    repliesWholeRun, errors, Map.of(), attempts, attempts - failed, failed, latency, uncorrected,
                    count.apply("connections_served"), firstReply, footprint
                            ? new ServerFootprint(count.apply("server_threads"), count.apply("server_rss_mib"))
                            : ServerFootprint.UNKNOWN));
        }
        return results;
    }

    private static String csvText(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }

    /** Jackson, pretty-printed with {@code "name": value} (its default puts a space before the colon too). */
    private static final ObjectWriter JSON = JsonMapper.builder().build().writer().with(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectNameValueSpacing(Separators.Spacing.AFTER)));

    /** A JSON array with one object per result, its fields (snake_case names) from the same columns as the CSV. */
    public static String json(List<RunResult> results) {
        List<Map<String, Object>> array = new ArrayList<>();
        for (RunResult r : results) {
            Map<String, Object> o = new LinkedHashMap<>();
            fields(r).forEach((path, value) -> put(o, path.split("/"), value));
            array.add(o);
        }
        return JSON.writeValueAsString(array) + "\n";
    }

    /** Every JSON field of one result, by its path ("latency_ms/p50"), in the columns' order. */
    private static Map<String, Object> fields(RunResult r) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Column column : COLUMNS) {
            if (column.json() != null) {
                fields.put(column.json(), column.value().apply(r));
            }
        }
        return fields;
    }

    /** Puts {@code value} at {@code path} ("latency_ms", "p50"), making the objects on the way. */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> object, String[] path, Object value) {
        Map<String, Object> at = object;
        for (int i = 0; i < path.length - 1; i++) {
            at = (Map<String, Object>) at.computeIfAbsent(path[i], name -> new LinkedHashMap<String, Object>());
        }
        at.put(path[path.length - 1], value);
    }

    /** Seven significant digits, no trailing zeros: 0.0412, 350896, 2.071551. */
    private static BigDecimal decimal(double value) {
        return new BigDecimal(value).round(new MathContext(7)).stripTrailingZeros();
    }
}
