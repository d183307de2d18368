package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;
import toyredis.loadtest.load.ErrorKind;
import toyredis.loadtest.load.LoadSpec;
import toyredis.loadtest.load.RunResult;
import toyredis.loadtest.load.ServerFootprint;
import toyredis.loadtest.report.Report;

/**
 * run.csv and run.json: the field names that charts and scripts read stay exactly as they are,
 * both files carry the same numbers, and a server label with a comma, a quote or a newline
 * comes back from the CSV as it went in.
 */
class ReportColumnsTest {

    static final String CSV_HEADER = "server,connections,workload,protocol,pipeline,rate,duration_s,replies,ops_per_sec,"
            + "errors,error_rate,errors_refused,errors_reset,errors_timeout,errors_protocol,errors_wrong_value,"
            + "errors_error_reply,errors_lost_update,errors_other,connect_attempts,connects_failed,p50_ms,p90_ms,p99_ms,"
            + "p999_ms,max_ms,uncorrected_p50_ms,uncorrected_p99_ms,uncorrected_max_ms,connections_served,"
            + "first_reply_p50_ms,first_reply_p99_ms,first_reply_max_ms,server_threads,server_rss_mib";

    static final List<String> JSON_FIELDS = List.of("server", "host", "port", "connections", "workload", "read_ratio",
            "keys", "value_size", "protocol", "pipeline", "rate", "duration_s", "warmup_s", "replies", "ops_per_sec",
            "errors", "error_rate", "requests_whole_run", "errors_by_kind", "error_reasons", "connect_attempts", "connects_succeeded",
            "connects_failed", "connections_served", "first_reply_ms", "server_threads", "server_rss_mib", "latency_ms",
            "uncorrected_latency_ms");

    private static RunResult result(String server) {
        Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
        for (ErrorKind kind : ErrorKind.values()) {
            errors.put(kind, (long) kind.ordinal());
        }
        Map<String, Long> reasons = new TreeMap<>(Map.of("reset: closed by the server", 1L));
        LoadSpec spec = LoadSpec.defaults(6379).withTiming(Duration.ofSeconds(2), Duration.ofMillis(500));
        return new RunResult(server, spec, 123_456, 61_728.0, 130_000, errors, reasons, 51, 50, 1,
                new RunResult.Latency(0.0412, 0.5, 1.25, 4.0, 10.0), new RunResult.Latency(0.03, 0.4, 1.0, 3.0, 9.0), 50,
                new RunResult.Latency(1.5, 2.0, 2.5, 3.0, 3.5), new ServerFootprint(24, 180));
    }

    @Test
    void theCsvHeaderAndTheJsonFieldsKeepTheirNames() {
        RunResult r = result("redis");
        assertThat(Report.csv(List.of(r)).lines().findFirst()).hasValue(CSV_HEADER);
        JsonNode json = JsonMapper.builder().build().readTree(Report.json(List.of(r))).get(0);
        assertThat(new ArrayList<>(json.propertyNames())).containsExactlyInAnyOrderElementsOf(JSON_FIELDS);
        assertThat(new ArrayList<>(json.get("latency_ms").propertyNames())).containsExactly("p50", "p90", "p99", "p99.9", "max");
        assertThat(new ArrayList<>(json.get("errors_by_kind").propertyNames())).containsExactly("refused", "reset", "timeout",
                "protocol", "wrong_value", "error_reply", "lost_update", "other");
    }

    @Test
    void csvAndJsonCarryTheSameNumbers() {
        RunResult r = result("redis");
        Map<String, String> row = csvRows(Report.csv(List.of(r))).get(0);
        JsonNode json = JsonMapper.builder().build().readTree(Report.json(List.of(r))).get(0);
        assertThat(row).containsEntry("replies", "123456").containsEntry("ops_per_sec", "61728")
                .containsEntry("duration_s", "2").containsEntry("errors", "28").containsEntry("errors_other", "7")
                .containsEntry("p50_ms", "0.0412").containsEntry("p999_ms", "4").containsEntry("uncorrected_max_ms", "9")
                .containsEntry("first_reply_p99_ms", "2.5").containsEntry("server_rss_mib", "180");
        assertThat(json.get("replies").asLong()).isEqualTo(123_456);
        assertThat(json.get("ops_per_sec").asDouble()).isEqualTo(61_728.0);
        assertThat(json.get("warmup_s").asDouble()).isEqualTo(0.5);
        assertThat(json.get("errors_by_kind").get("other").asLong()).isEqualTo(7);
        assertThat(json.get("latency_ms").get("p99.9").asDouble()).isEqualTo(4.0);
        assertThat(json.get("uncorrected_latency_ms").get("p90").asDouble()).isEqualTo(0.4);
        assertThat(json.get("first_reply_ms").get("p99").asDouble()).isEqualTo(2.5);
        assertThat(json.get("error_reasons").get("reset: closed by the server").asLong()).isEqualTo(1);
        assertThat(json.get("server_threads").asLong()).isEqualTo(24);
    }

    @Test
    void theSummaryPrintsTheJsonsNumbers() {
        RunResult r = result("redis");
        JsonNode json = JsonMapper.builder().build().readTree(Report.json(List.of(r))).get(0);
        assertThat(json.get("requests_whole_run").asLong()).isEqualTo(130_028);
        assertThat(Report.summary(r)).contains(
                "throughput   61,728 ops/s  (123,456 right replies in 2 s)",
                "errors       28  (0.022 % of 130,028 requests answered or failed",
                "other 7",
                "connections  50 wanted: 50 connects succeeded, 1 failed (51 attempts)",
                "served       50 of 50 connections",
                "first reply  p50 1.50  p90 2.00  p99 2.50  p99.9 3.00  max 3.50",
                "      1 × reset: closed by the server",
                "latency ms   p50 0.0412  p90 0.500  p99 1.25  p99.9 4.00  max 10.0");
    }

    @Test
    void anUnknownFootprintIsEmptyInCsvAndNullInJson() {
        RunResult r = result("redis").withFootprint(ServerFootprint.UNKNOWN);
        assertThat(csvRows(Report.csv(List.of(r))).get(0)).containsEntry("server_threads", "").containsEntry("server_rss_mib", "");
        assertThat(JsonMapper.builder().build().readTree(Report.json(List.of(r))).get(0).get("server_threads").isNull()).isTrue();
    }

    @Test
    void aLabelWithCommaQuoteAndNewlineSurvivesTheCsv() {
        String label = "stage5:--appendfsync always, \"fast\"\nsecond line\r\nthird";
        String onlyNewline = "stage5\n--appendfsync always";
        List<Map<String, String>> rows = csvRows(Report.csv(List.of(result(label), result(onlyNewline), result("redis"))));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsEntry("server", label).containsEntry("connections", "50");
        assertThat(rows.get(1)).containsEntry("server", onlyNewline).containsEntry("connections", "50");
        assertThat(rows.get(2)).containsEntry("server", "redis");
    }

    private static List<Map<String, String>> csvRows(String csv) {
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            return rows.readAll();
        }
    }
}
