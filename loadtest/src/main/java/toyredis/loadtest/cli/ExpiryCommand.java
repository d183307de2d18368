package toyredis.loadtest.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;
import toyredis.loadtest.load.LoadException;
import toyredis.loadtest.report.ChartLook;
import toyredis.loadtest.report.ChartSet;
import toyredis.loadtest.report.Charts;
import toyredis.loadtest.report.Report;
import toyredis.loadtest.servers.Info;
import toyredis.loadtest.servers.LaunchedServer;
import toyredis.loadtest.servers.ServerEntry;
import toyredis.loadtest.units.Units;

/**
 * What keys nobody reads again cost a server after they expire: chapter 6's active-expiry chart.
 * Lazy expiry removes a dead key only when a command touches it, so keys that are never read stay
 * in memory for good; Redis also samples keys with a deadline in its event loop and deletes the
 * dead ones. Each server gets the same keys with a TTL, written as fast as pipelining allows and
 * never read; then, at each tick, the command reads what the server still holds: its memory (as
 * {@code memory} reads it), DBSIZE, INFO keyspace's {@code expires} and INFO stats'
 * {@code expired_keys}.
 */
@Command(name = "expiry", mixinStandardHelpOptions = true,
        header = "write keys with a TTL, never read them; chart the memory each server still holds.",
        description = {"Starts each server (stage 4 or later, or redis-server), SETs --keys keys",
            "(key:0000001 ... to 10-byte values) with PX --ttl, pipelined, and never reads",
            "them. Then, from the moment the last one was acknowledged, every --every for",
            "--for, it reads what the server holds: memory (a stage's live heap after a",
            "full GC, through jcmd GC.class_histogram; Redis's used_memory), DBSIZE,",
            "INFO keyspace's expires= (keys with a deadline) and INFO stats' expired_keys.",
            "A sample that takes longer than --every (a full GC of a big heap) makes the",
            "next late, or skips it if it is a whole tick late (the output says so);",
            "each row has the time it was taken. Prints each sample and writes",
            "expiry.csv, expiry-memory.png (MB held over the empty server, a line per",
            "server) and expiry-keys.png (DBSIZE). With lazy expiry only, dead keys stay",
            "until something reads them, so the lines stay up; with active expiry (and",
            "Redis) they fall soon after the deadline.",
            "Example (docs/scripts/stage6-expiry-chart.sh runs it):",
            "  expiry --server \"lazy only=stage6:--active-expiry no\" \\",
            "      --server \"active=stage6\" --server \"Redis=redis\""})
final class ExpiryCommand implements Callable<Integer> {

    /** The CSV's columns: one row per sample; keys and ttl_ms repeat so that --from-csv can title the chart. */
    static final List<String> COLUMNS = List.of("server", "keys", "ttl_ms", "seconds", "memory_bytes", "held_bytes",
            "dbsize", "expires", "expired_keys");

    @Spec
    private CommandSpec spec;

    @Option(names = "--server", paramLabel = "[LEGEND=]NAME[:OPTIONS]",
            description = {"A server to fill, repeatable: stage4, stage5, stage6 or redis, with its own options",
                "after a colon, e.g. \"stage6:--active-expiry no\". " + ChartOptions.SERVER_NAME_HELP})
    private List<String> servers = new ArrayList<>();

    @Option(names = "--from-csv", paramLabel = "FILE", description = ChartOptions.FROM_CSV_HELP)
    private Path fromCsv;

    @Option(names = "--keys", defaultValue = "1000000", paramLabel = "N",
            description = "Keys to write, at least 1 (default: ${DEFAULT-VALUE}).")
    private int keys;

    @Option(names = "--ttl", defaultValue = "5s", paramLabel = "TIME", converter = UnitConverter.ForDuration.class,
            description = "Each key's time to live, sent as SET ... PX (default: ${DEFAULT-VALUE}). TIME: a whole number"
                + " with ms, s, m or h, such as " + Units.DURATION_EXAMPLES + ", at least 1ms.")
    private Duration ttl;

    @Option(names = "--every", defaultValue = "1s", paramLabel = "TIME", converter = UnitConverter.ForDuration.class,
            description = "Time between two samples, at least 1ms (default: ${DEFAULT-VALUE}).")
    private Duration every;

    @Option(names = "--for", defaultValue = "30s", paramLabel = "TIME", converter = UnitConverter.ForDuration.class,
            description = "How long to sample after the write, 0 for one sample (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Mixin
    private WorkbookRoot root;

    @Mixin
    private OutputOptions output;

    @Mixin
    private ChartOptions charts;

    /** What a server held at one moment, {@code seconds} after its last key was acknowledged. */
    record Sample(double seconds, long memory, long dbsize, long expires, long expiredKeys) {
    }

    @Override
    public Integer call() throws Exception {
        if (fromCsv != null) {
            return redraw();
        }
        if (servers.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--server=[LEGEND=]NAME[:OPTIONS]' (or --from-csv FILE)");
        }
        if (keys < 1) {
            throw new ParameterException(spec.commandLine(), "--keys must be at least 1, got " + keys);
        }
        if (ttl.toMillis() < 1 || every.toMillis() < 1) {
            throw new ParameterException(spec.commandLine(), "--ttl and --every must be at least 1ms, got --ttl "
                    + Units.format(ttl) + " and --every " + Units.format(every));
        }
        List<ServerEntry> entries = root.servers(servers, spec, entry -> MemoryCommand.refusal("expiry", entry));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("expiry: %,d keys with a %s TTL into %s; a sample every %s for %s%n", keys, Units.format(ttl),
                entries.stream().map(ServerEntry::label).toList(), Units.format(every), Units.format(duration));
        out.flush();
        List<List<Object>> rows = new ArrayList<>();
        for (ServerEntry entry : entries) {
            int port = LaunchedServer.freePort();
            Path log = output.directory().resolve(entry.logFileName());
            try (LaunchedServer server = LaunchedServer.start(entry.label(), entry.command(port), port, log);
                    Jedis jedis = MemoryCommand.connect(server)) {
                long empty = MemoryCommand.memoryKeptAlive(entry, server, jedis);
                long started = System.nanoTime();
                MemoryCommand.load(jedis, 0, keys, SetParams.setParams().px(ttl.toMillis()), entry.label());
                long written = System.nanoTime();
                out.printf("%-30s wrote %,d keys in %.1f s%n", entry.label(), keys, (written - started) / 1e9);
                for (Sample s : sample(entry, server, jedis, written, empty, out)) {
                    rows.add(List.of(entry.label(), keys, ttl.toMillis(), String.format(Locale.ROOT, "%.2f", s.seconds()),
                            s.memory(), s.memory() - empty, s.dbsize(), s.expires(), s.expiredKeys()));
                }
            }
        }
        ChartLook look = charts.look(entries);
        List<Path> files = new ArrayList<>();
        files.add(output.write("expiry.csv", Report.csv(COLUMNS, rows)));
        files.addAll(draw(rows(rows), look));
        files.forEach(file -> out.println("wrote " + file));
        out.flush();
        return ChartOptions.checkNamed(look, spec);
    }

    /**
     * One sample now and one at each tick of --every until --for has passed since {@code written}.
     * A sample still running at the next tick makes that one late; one running past two ticks
     * skips the first of them (said in the output), so the samples keep to the ticks and the last
     * one is taken at --for.
     */
    private List<Sample> sample(ServerEntry entry, LaunchedServer server, Jedis jedis, long written, long empty,
            PrintWriter out) throws LoadException, InterruptedException {
        List<Sample> samples = new ArrayList<>();
        long ticks = duration.toMillis() / every.toMillis();
        int skipped = 0;
        for (long tick = 0; tick <= ticks; tick++) {
            long due = written + tick * every.toNanos();
            if (tick < ticks && System.nanoTime() > due + every.toNanos()) {
                skipped++;
                continue;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // a timer: the tick is the point
            }
            long memory = MemoryCommand.memoryKeptAlive(entry, server, jedis);
            double seconds = (System.nanoTime() - written) / 1e9;
            long dbsize = jedis.dbSize();
            long expires = Info.keyspace(Info.fields(jedis.info("keyspace")), "expires");
            String expired = Info.fields(jedis.info("stats")).get("expired_keys");
            if (expired == null) {
                throw new LoadException(entry.label() + "'s INFO stats has no expired_keys field (Redis 7 has one)");
            }
            Sample s = new Sample(seconds, memory, dbsize, expires, Long.parseLong(expired));
            out.printf(Locale.ROOT, "%-30s %6.1f s: %,8.1f MB held, DBSIZE %,d, expires %,d, expired_keys %,d%n", entry.label(),
                    seconds, (memory - empty) / 1e6, dbsize, expires, s.expiredKeys());
            out.flush();
            samples.add(s);
        }
        if (skipped > 0) {
            out.printf("%-30s %d of %d ticks skipped: a sample took longer than --every %s%n", entry.label(), skipped,
                    ticks + 1, Units.format(every));
        }
        return samples;
    }

    /** The rows of a CSV (written now or read back), as text by column. */
    private static List<Map<String, String>> rows(List<List<Object>> rows) {
        List<Map<String, String>> texts = new ArrayList<>();
        for (List<Object> row : rows) {
            Map<String, String> text = new LinkedHashMap<>();
            for (int i = 0; i < COLUMNS.size(); i++) {
                text.put(COLUMNS.get(i), String.valueOf(row.get(i)));
            }
            texts.add(text);
        }
        return texts;
    }

    /** Both charts from the CSV's rows, a line per server in the order the rows name them. */
    private List<Path> draw(List<Map<String, String>> rows, ChartLook look) {
        Map<String, Charts.TimeLine> held = new LinkedHashMap<>();
        Map<String, Charts.TimeLine> dbsize = new LinkedHashMap<>();
        for (Map<String, String> row : rows) {
            String server = row.get("server");
            double seconds = Double.parseDouble(row.get("seconds"));
            Charts.TimeLine memory = held.computeIfAbsent(server, s -> new Charts.TimeLine(s, new ArrayList<>(), new ArrayList<>()));
            memory.seconds().add(seconds);
            memory.values().add(Long.parseLong(row.get("held_bytes")) / 1e6);
            Charts.TimeLine keyCount = dbsize.computeIfAbsent(server, s -> new Charts.TimeLine(s, new ArrayList<>(), new ArrayList<>()));
            keyCount.seconds().add(seconds);
            keyCount.values().add(Double.parseDouble(row.get("dbsize")));
        }
        Map<String, String> first = rows.getFirst();
        return ChartSet.expiry(output.directory(), Integer.parseInt(first.get("keys")), Long.parseLong(first.get("ttl_ms")),
                new ArrayList<>(held.values()), new ArrayList<>(dbsize.values()), look);
    }

    /** The charts again from an expiry.csv, measuring nothing; --server only names the legends. */
    private int redraw() throws LoadException {
        if (!Files.isRegularFile(fromCsv)) {
            throw new ParameterException(spec.commandLine(), "--from-csv " + fromCsv + ": no such file");
        }
        List<Map<String, String>> rows = Report.readCsv(fromCsv);
        if (rows.isEmpty() || !rows.getFirst().keySet().containsAll(COLUMNS)) {
            throw new ParameterException(spec.commandLine(), fromCsv + " is not a CSV that expiry wrote: it needs the columns "
                    + String.join(",", COLUMNS) + " and at least one row");
        }
        List<ServerEntry> named = new ArrayList<>();
        for (String server : servers) {
            named.add(ServerEntry.parse(server, root.directory()));
        }
        ChartLook look = charts.look(rows.stream().map(row -> row.get("server")).toList(), named);
        PrintWriter out = spec.commandLine().getOut();
        draw(rows, look).forEach(file -> out.println("wrote " + file));
        out.flush();
        return ChartOptions.checkNamed(look, spec);
    }
}
