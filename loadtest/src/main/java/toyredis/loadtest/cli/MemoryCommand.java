package toyredis.loadtest.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
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
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;
import toyredis.loadtest.load.LoadException;
import toyredis.loadtest.report.ChartLook;
import toyredis.loadtest.report.ChartSet;
import toyredis.loadtest.report.Report;
import toyredis.loadtest.servers.Info;
import toyredis.loadtest.servers.LaunchedServer;
import toyredis.loadtest.servers.LiveHeap;
import toyredis.loadtest.servers.ServerEntry;

/**
 * What each key costs a server in memory: chapter 6's memory chart. Small keys are loaded in
 * steps, and after each step the command reads what the server holds alive: a stage's live heap
 * (a full GC, then the class histogram's total, through {@code jcmd}) or Redis's
 * {@code used_memory}. Bytes per key is the growth over the empty server, divided by the keys.
 */
@Command(name = "memory", mixinStandardHelpOptions = true,
        header = "load small keys into each server; chart the memory each key costs.",
        description = {"Starts each server (stage 4 or later, or redis-server) and SETs keys",
            "key:0000001, key:0000002, ... (11 bytes) to 10-byte values, pipelined, up",
            "to each count of --keys in turn. After each count it reads the memory the",
            "server keeps alive: for a stage, the objects alive after a full GC (jcmd",
            "GC.class_histogram, from the JDK running this harness); for Redis,",
            "used_memory. Prints and charts the growth per key over the empty server",
            "(memory.csv, memory-per-key.png), with the resident size (RSS) beside it.",
            "With --ttl TIME (such as 1h) every key gets a time to live: what a deadline costs.",
            "Example:",
            "  memory --server stage6 --server \"stage6:--store concurrent\" --server redis"})
final class MemoryCommand implements Callable<Integer> {

    private static final int BATCH = 10_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "[LEGEND=]NAME[:OPTIONS]",
            description = {"A server to fill, repeatable: stage4, stage5, stage6 or redis,",
                "with its own options after a colon, e.g. \"stage6:--store concurrent\".",
                ChartOptions.SERVER_NAME_HELP})
    private List<String> servers = new ArrayList<>();

    @Option(names = "--keys", split = ",", defaultValue = "250000,500000,1000000", paramLabel = "N",
            description = "Key counts to measure at, rising, comma separated (default: ${DEFAULT-VALUE}).")
    private List<Integer> keyCounts;

    @Option(names = "--ttl", defaultValue = "0s", paramLabel = "TIME", converter = UnitConverter.ForDuration.class,
            description = {"SET every key with PX and this time to live, long enough to outlive the run (such as 1h):",
                "what a deadline costs a key (default: ${DEFAULT-VALUE}, no time to live)."})
    private java.time.Duration ttl;

    @Mixin
    private WorkbookRoot root;

    @Mixin
    private OutputOptions output;

    @Mixin
    private ChartOptions charts;

    @Override
    public Integer call() throws Exception {
        if (keyCounts.stream().anyMatch(n -> n < 1) || !keyCounts.equals(keyCounts.stream().sorted().distinct().toList())) {
            throw new ParameterException(spec.commandLine(), "--keys must be rising counts of at least 1, e.g. 250000,500000,1000000");
        }
        List<ServerEntry> entries = root.servers(servers, spec, entry -> refusal("memory", entry));
        PrintWriter out = spec.commandLine().getOut();
        List<List<Object>> rows = new ArrayList<>();
        Map<String, List<Double>> perKey = new LinkedHashMap<>();
        for (ServerEntry entry : entries) {
            int port = LaunchedServer.freePort();
            Path log = output.directory().resolve(entry.logFileName());
            try (LaunchedServer server = LaunchedServer.start(entry.label(), entry.command(port), port, log);
                    Jedis jedis = connect(server)) {
                long empty = memoryKeptAlive(entry, server, jedis);
                int loaded = 0;
                for (int keys : keyCounts) {
                    load(jedis, loaded, keys, ttl.isPositive() ? SetParams.setParams().px(ttl.toMillis()) : new SetParams(), entry.label());
                    loaded = keys;
                    long memory = memoryKeptAlive(entry, server, jedis);
                    double bytesPerKey = (double) (memory - empty) / keys;
                    long rss = server.footprint().rssMib();
                    out.printf("%-36s %,11d keys: %,6.1f bytes per key (%s %,d -> %,d), RSS %,d MiB%n", entry.label(), keys,
                            bytesPerKey, entry.isRedis() ? "used_memory" : "live heap", empty, memory, rss);
                    out.flush();
                    rows.add(List.of(entry.label(), keys, memory, String.format(Locale.ROOT, "%.1f", bytesPerKey), rss));
                    perKey.computeIfAbsent(entry.label(), s -> new ArrayList<>()).add(bytesPerKey);
                }
            }
        }
        ChartLook look = charts.look(entries);
        List<Path> files = List.of(
                output.write("memory.csv", Report.csv(List.of("server", "keys", "memory_bytes", "bytes_per_key", "rss_mib"), rows)),
                ChartSet.memoryPerKey(output.directory(), keyCounts, perKey, look));
        files.forEach(file -> out.println("wrote " + file));
        out.flush();
        return ChartOptions.checkNamed(look, spec);
    }

    /**
     * SETs key {@code from + 1} to key {@code to} with {@code params} (such as a TTL), pipelined in
     * batches; a reply that is not OK (an option the server does not know) stops the load.
     */
    static void load(Jedis jedis, int from, int to, SetParams params, String label) throws LoadException {
        for (int start = from; start < to; start += BATCH) {
            Pipeline pipeline = jedis.pipelined();
            List<Response<String>> replies = new ArrayList<>(BATCH);
            for (int i = start + 1; i <= Math.min(to, start + BATCH); i++) {
                replies.add(pipeline.set(String.format("key:%07d", i), String.format("v%09d", i), params));
            }
            pipeline.sync();
            for (Response<String> reply : replies) {
                try {
                    reply.get();
                } catch (JedisDataException e) {
                    throw new LoadException(label + " answered a SET with an error: " + e.getMessage());
                }
            }
        }
    }

    /** Redis's used_memory, or a stage's live heap: what a full GC leaves, counted object by object. */
    static long memoryKeptAlive(ServerEntry entry, LaunchedServer server, Jedis jedis) throws LoadException {
        if (entry.isRedis()) {
            String usedMemory = Info.fields(jedis.info("memory")).get("used_memory");
            if (usedMemory == null) {
                throw new LoadException("Redis's INFO memory has no used_memory");
            }
            return Long.parseLong(usedMemory);
        }
        return LiveHeap.bytes(server.pid(), entry.label());
    }

    /** A connection that waits long for a reply: a full GC or a big pipeline on a busy machine takes a while. */
    static Jedis connect(LaunchedServer server) {
        return new Jedis(new HostAndPort(server.host(), server.port()), DefaultJedisClientConfig.builder()
                .socketTimeoutMillis(60_000).clientSetInfoConfig(ClientSetInfoConfig.DISABLED).build());
    }

    /** The servers memory and expiry can fill: they start it themselves and SET keys over RESP. */
    static String refusal(String command, ServerEntry entry) {
        return entry.docker() || entry.external() != null || !(entry.isRedis() || entry.stage() >= 4)
                ? command + " starts the server itself and SETs keys over RESP: use stage4, stage5, stage6 or redis, not "
                        + entry.label()
                : null;
    }
}
