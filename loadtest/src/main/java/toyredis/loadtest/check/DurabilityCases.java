package toyredis.loadtest.check;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;
import toyredis.loadtest.load.LoadException;
import toyredis.loadtest.powercut.PowerCutFilesystem;
import toyredis.loadtest.servers.Info;
import toyredis.loadtest.servers.LaunchedServer;
import toyredis.loadtest.units.Units;

/**
 * What bytes cannot show about stages 5 and 6: that the server keeps its promises across a clean
 * stop, a {@code kill -9}, racing clients and a rewrite of its file. {@code check} started the
 * server itself ({@link LaunchedServer}), so each case can stop, kill and restart it on the same
 * data directory. Each case prints what it expected and what it saw, and returns null when it
 * passed, else why it failed. With {@code check --power-loss} the cases that crash the server
 * crash it with a power cut instead ({@link Crash}): then only what the server fsynced survives,
 * and a case may forgive the writes answered in the last moments before the cut (--loss-window).
 */
public final class DurabilityCases {

    /** How long writers run before the kill: long enough for thousands of acknowledged writes. */
    private static final Duration WRITING = Duration.ofSeconds(1);
    /**
     * Before a power cut the writers run longer: everysec may lose the last second or two, so the
     * oldest write lost must be able to be older than a --loss-window of 2 s.
     */
    private static final Duration POWER_CUT_WRITING = Duration.ofSeconds(3);
    /** A case waits at most this long for writes to be acknowledged, or for a rewrite to end. */
    private static final Duration PATIENCE = CrashRound.PATIENCE;
    /** About this many SETs in the racing case: 2,000 keys for 8 clients, 50 for 1,000. */
    private static final int RACE_SETS = 16_000;
    private static final int REWRITES = 3;
    private static final int OVERWRITES = 20_000;
    /** The expiry cases: a TTL that ends while the server is down, and one that outlives the downtime. */
    private static final Duration SHORT_TTL = Duration.ofSeconds(2);
    private static final Duration LONG_TTL = Duration.ofSeconds(100);
    private static final Duration DOWNTIME = Duration.ofSeconds(4);
    private static final Duration TTL_TOLERANCE = Duration.ofSeconds(2);

    private final LaunchedServer server;
    private final Clients clients;
    private final int writers;
    private final Crash crash;
    /** How long the writers write before the crash. */
    private final Duration writing;
    /** With a power cut: null, any lost acknowledged write fails; else losses answered within it before the cut pass. */
    private final Duration lossWindow;
    private final PrintWriter out;

    /**
     * {@code writers}: how many clients write at once in the crash, race and rewrite cases;
     * {@code crash}: how those cases crash the server.
     */
    private DurabilityCases(LaunchedServer server, Clients clients, int writers, Crash crash, Duration writing,
            Duration lossWindow, PrintWriter out) {
        this.server = server;
        this.clients = clients;
        this.writers = writers;
        this.crash = crash;
        this.writing = writing;
        this.lossWindow = lossWindow;
        this.out = out;
    }

    /**
     * The cases that stage {@code stage} adds to the byte-for-byte ones: none before stage 5; at
     * stage 5 the durability cases with 8 writers; at stage 6 a burst of {@code connections}
     * clients and keys that must expire unread ({@link ActiveExpiryCase}), then the durability
     * cases with that many writers.
     */
    public static List<Checker.CodedCase> forStage(int stage, LaunchedServer server, String host, int connections,
            Duration timeout, PrintWriter out) {
        List<Checker.CodedCase> cases = new ArrayList<>();
        if (stage >= 6) {
            InetSocketAddress address = new InetSocketAddress(host, server.port());
            cases.add(new Checker.CodedCase(connections + " connections opened at once, each answered",
                    () -> ConnectionBurst.run(address, connections, timeout, out)));
            cases.add(new ActiveExpiryCase(new Clients(host, server.port(), timeout), out).codedCase());
        }
        if (stage >= 5) {
            int writers = stage >= 6 ? connections : Checker.INCR_CLIENTS;
            cases.addAll(new DurabilityCases(server, new Clients(host, server.port(), timeout), writers, Crash.kill9(), WRITING,
                    null, out).all());
        }
        return cases;
    }

    /**
     * {@code check --power-loss}: only the cases that crash the server (writers, racing SETs,
     * rewrites under writers), each with a power cut of {@code fs}, which holds the server's data
     * directory. {@code lossWindow}: null (any lost acknowledged write fails) or how long before
     * the cut a lost write may have been answered (everysec's promise: about 2 s).
     */
    public static List<Checker.CodedCase> forPowerLoss(int stage, LaunchedServer server, PowerCutFilesystem fs, String host,
            int connections, Duration timeout, Duration lossWindow, PrintWriter out) {
        int writers = stage >= 6 ? connections : Checker.INCR_CLIENTS;
        return new DurabilityCases(server, new Clients(host, server.port(), timeout), writers, Crash.powerCut(fs),
                POWER_CUT_WRITING, lossWindow, out).crashing();
    }

    private List<Checker.CodedCase> all() {
        List<Checker.CodedCase> cases = new ArrayList<>();
        cases.add(new Checker.CodedCase("a restart after a clean stop (SIGTERM) keeps every key of a mixed workload",
                this::cleanRestart));
        cases.addAll(crashing());
        cases.addAll(List.of(
                new Checker.CodedCase("BGREWRITEAOF after " + OVERWRITES + " overwrites of one key shrinks the data directory",
                        this::rewriteShrinks),
                new Checker.CodedCase("a key SET with PX " + SHORT_TTL.toMillis() + " stays gone after a restart that comes after its"
                        + " deadline", this::shortTtlStaysDead),
                new Checker.CodedCase("a key SET with EX " + LONG_TTL.toSeconds() + " keeps its remaining time across a restart "
                        + DOWNTIME.toSeconds() + " s later, not a fresh " + LONG_TTL.toSeconds() + " s", this::longTtlKeepsWhatIsLeft)));
        return cases;
    }

    /** The cases that crash the server (kill -9 or power cut) and count what the restart kept. */
    private List<Checker.CodedCase> crashing() {
        String many = writers + " clients";
        String forgiven = lossWindow == null ? "" : " (or was answered within " + Units.format(lossWindow) + " before it)";
        return List.of(
                new Checker.CodedCase(crash.name() + " while " + many + " SET and INCR: every acknowledged write survives" + forgiven,
                        this::crash),
                new Checker.CodedCase("racing SETs from " + many + ", " + crash.name() + ": each key keeps the value the live server"
                        + " gave" + forgiven, this::racingSets),
                new Checker.CodedCase(REWRITES + " BGREWRITEAOF while " + many + " SET and INCR, then " + crash.name()
                        + ": nothing lost" + forgiven + ", nothing counted twice", this::rewriteUnderLoad));
    }

    // ---- the cases ------------------------------------------------------------------------------

    private String cleanRestart() throws LoadException {
        Map<String, byte[]> expected = new LinkedHashMap<>(); // null: deleted
        try (Jedis jedis = clients.open()) {
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < 200; i++) {
                put(pipeline, expected, "check:mixed:" + i, binaryValue(i, i % 64));
            }
            put(pipeline, expected, "check:mixed:big", binaryValue(7, 100 * 1024));
            put(pipeline, expected, "check:mixed:empty", new byte[0]);
            for (int i = 0; i < 20; i++) {
                put(pipeline, expected, "check:mixed:" + i, binaryValue(1000 + i, 10)); // overwritten
            }
            for (int i = 20; i < 40; i++) {
                pipeline.del("check:mixed:" + i);
                expected.put("check:mixed:" + i, null);
            }
            for (int c = 0; c < 5; c++) {
                for (int n = 0; n <= c; n++) {
                    pipeline.incr("check:mixed:counter:" + c);
                }
                expected.put("check:mixed:counter:" + c, String.valueOf(c + 1).getBytes());
            }
            pipeline.sync();
        }
        show("expected", expected.size() + " keys as written: 200 SETs of binary values (0-63 bytes), a 100 KB value,"
                + " an empty value, 20 overwritten, 20 deleted, 5 INCR counters");
        server.stop();
        server.start();
        try (Jedis jedis = clients.open()) {
            Pipeline pipeline = jedis.pipelined();
            Map<String, Response<byte[]>> got = new LinkedHashMap<>();
            expected.keySet().forEach(key -> got.put(key, pipeline.get(key.getBytes())));
            pipeline.sync();
            int right = 0;
            String first = null;
            for (var entry : expected.entrySet()) {
                byte[] value = got.get(entry.getKey()).get();
                if (Arrays.equals(value, entry.getValue())) {
                    right++;
                } else if (first == null) {
                    first = "GET " + entry.getKey() + " answered " + describe(value) + ", expected " + describe(entry.getValue());
                }
            }
            show("received", "after SIGTERM and a restart: " + right + " of " + expected.size() + " keys as written");
            return first == null ? null : (expected.size() - right) + " keys differ after the restart; first: " + first;
        }
    }

    private String crash() throws Exception {
        AckedWriters writing = new AckedWriters(clients, "check:crash", writers);
        return crashWhileWritingAndVerify(writing);
    }

    private String racingSets() throws Exception {
        int keys = Math.clamp(RACE_SETS / writers, 50, 2000);
        show("expected", writers + " clients SET each of " + keys + " keys at the same moment (they wait for each other"
                + " before each key); after the " + crash.name() + " and a restart each key holds what GET answered before it");
        long[][] answered = new long[writers][keys]; // when each client's SET of each key was answered (System.nanoTime)
        CyclicBarrier together = new CyclicBarrier(writers);
        List<Thread> racers = new ArrayList<>();
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < writers; c++) {
            int id = c;
            racers.add(Thread.ofPlatform().start(() -> {
                try (Jedis jedis = clients.open()) {
                    for (int k = 0; k < keys; k++) {
                        together.await(PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                        jedis.set("check:race:" + k, "client " + id);
                        answered[id][k] = System.nanoTime();
                    }
                } catch (Exception e) {
                    errors.add(e.toString());
                    together.reset(); // nobody waits forever for a client that failed
                }
            }));
        }
        for (Thread racer : racers) {
            racer.join(PATIENCE.toMillis());
        }
        if (!errors.isEmpty()) {
            return "a racing client failed: " + errors.getFirst();
        }
        List<String> live = getRaced(keys);
        long crashedAt = System.nanoTime();
        String note = crash.crash(server);
        if (note != null) {
            show("the cut", note);
        }
        server.start();
        List<String> restarted = getRaced(keys);
        int same = 0;
        String first = null;
        List<Long> lostAges = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            if (live.get(k) != null && live.get(k).equals(restarted.get(k))) {
                same++;
                continue;
            }
            // The write lost is the one whose value GET showed: "client N" names who sent it.
            lostAges.add(live.get(k) == null ? Long.MAX_VALUE
                    : crashedAt - answered[Integer.parseInt(live.get(k).substring("client ".length()))][k]);
            if (first == null) {
                first = "check:race:" + k + " was " + AckedWriters.show(live.get(k)) + " before the " + crash.name() + ", "
                        + AckedWriters.show(restarted.get(k)) + " after the restart (lost at the " + crash.name() + ", or the file's order"
                        + " is not the order the SETs were applied)";
            }
        }
        show("received", same + " of " + keys + " keys the same after the restart");
        if (crash instanceof Crash.PowerCut) {
            return powerCutVerdict(lostAges.stream().mapToLong(Long::longValue).sorted().toArray(), 0, first);
        }
        return first == null ? null : (keys - same) + " keys changed in the restart; first: " + first;
    }

    private String rewriteUnderLoad() throws Exception {
        AckedWriters writing = new AckedWriters(clients, "check:rewrite", writers);
        try (Jedis admin = clients.open()) {
            for (int r = 0; r < REWRITES; r++) {
                String slow = writing.awaitProgress(CrashRound.MIN_ACKNOWLEDGED, WRITING, PATIENCE); // 1 s between rewrites
                if (slow != null) {
                    return slow;
                }
                String failed = rewrite(admin);
                if (failed != null) {
                    writing.stop();
                    return failed;
                }
            }
        }
        show("rewrites", REWRITES + " finished while the clients wrote");
        return crashWhileWritingAndVerify(writing);
    }

    private String rewriteShrinks() throws Exception {
        String value = null;
        try (Jedis jedis = clients.open()) {
            long start = server.dataBytes();
            for (int from = 0; from < OVERWRITES; from += 1000) {
                Pipeline pipeline = jedis.pipelined();
                for (int i = from; i < from + 1000; i++) {
                    value = "%-100s".formatted("overwrite " + i);
                    pipeline.set("check:shrink", value);
                }
                pipeline.sync();
            }
            long before = server.dataBytes();
            long added = before - start;
            String failed = rewrite(jedis);
            if (failed != null) {
                return failed;
            }
            show("expected", "the overwrites took the data directory from " + start + " to " + before + " bytes; the rewrite"
                    + " removes at least half of the " + added + " they added, and the key keeps its last value");
            long target = before - added / 2;
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            long after = server.dataBytes();
            while (after > target && System.nanoTime() < deadline) { // Redis deletes the old files in the background
                Thread.sleep(50);
                after = server.dataBytes();
            }
            String last = jedis.get("check:shrink");
            show("received", after + " bytes after the rewrite; GET answered " + (value.equals(last) ? "the last value" : AckedWriters.show(last)));
            if (!value.equals(last)) {
                return "the key lost its last value in the rewrite";
            }
            return after <= target ? null : "the data directory went from " + before + " to " + after
                    + " bytes: the rewrite did not drop the overwritten values";
        }
    }

    /**
     * A key whose deadline passes while the server is down must not come back: the file has to hold
     * the deadline (Redis writes SET ... PXAT), not "in 2 s" replayed as a fresh 2 s after the start.
     */
    private String shortTtlStaysDead() throws Exception {
        long deadline;
        try (Jedis jedis = clients.open()) {
            jedis.set("check:ttl:control", "kept");
            jedis.set("check:ttl:short", "v", SetParams.setParams().px(SHORT_TTL.toMillis()));
            deadline = System.currentTimeMillis() + SHORT_TTL.toMillis(); // no earlier than the server's deadline
        }
        show("expected", "SET check:ttl:short v PX " + SHORT_TTL.toMillis() + ", a clean stop, the server down until after the"
                + " deadline, a start: GET check:ttl:short answers nil, and check:ttl:control (no TTL) is still there");
        server.stop();
        downUntil(deadline + 200);
        server.start();
        try (Jedis jedis = clients.open()) {
            String value = jedis.get("check:ttl:short");
            String control = jedis.get("check:ttl:control");
            show("received", "after the restart, " + (System.currentTimeMillis() - deadline) + " ms past the deadline: GET"
                    + " check:ttl:short answered " + AckedWriters.show(value) + ", GET check:ttl:control " + AckedWriters.show(control));
            if (!"kept".equals(control)) {
                return "check:ttl:control was lost in the restart: the server did not keep its data";
            }
            return value == null ? null : "check:ttl:short came back to life after a restart past its deadline (was its time"
                    + " logged as received, PX " + SHORT_TTL.toMillis() + ", rather than as a deadline, PXAT?)";
        }
    }

    /** A key whose deadline outlives the downtime keeps what was left of its time, not its full time again. */
    private String longTtlKeepsWhatIsLeft() throws Exception {
        long before;
        long after;
        try (Jedis jedis = clients.open()) {
            before = System.currentTimeMillis();
            jedis.set("check:ttl:long", "v", SetParams.setParams().ex(LONG_TTL.toSeconds()));
            after = System.currentTimeMillis();
        }
        show("expected", "SET check:ttl:long v EX " + LONG_TTL.toSeconds() + ", a clean stop, a start " + DOWNTIME.toSeconds()
                + " s later: PTTL answers the time left until the deadline (within " + TTL_TOLERANCE.toSeconds() + " s), not a fresh "
                + LONG_TTL.toSeconds() + " s");
        server.stop();
        downUntil(before + DOWNTIME.toMillis());
        server.start();
        try (Jedis jedis = clients.open()) {
            long asked = System.currentTimeMillis();
            long pttl = jedis.pttl("check:ttl:long");
            long answered = System.currentTimeMillis();
            long least = before + LONG_TTL.toMillis() - answered - TTL_TOLERANCE.toMillis();
            long most = after + LONG_TTL.toMillis() - asked + TTL_TOLERANCE.toMillis();
            show("received", "PTTL check:ttl:long answered " + pttl + " ms, " + (asked - before) + " ms after the SET");
            if (pttl >= least && pttl <= most) {
                return null;
            }
            return pttl < 0 ? "check:ttl:long is gone after the restart (PTTL " + pttl + ")"
                    : "PTTL answered " + pttl + " ms, expected " + least + " to " + most + " ms" + (pttl > most
                    ? ": the restart gave the key a fresh lease (was its time logged as received, EX, rather than as a deadline?)" : "");
        }
    }

    /** The downtime: the server is stopped, and the wall clock must pass {@code unixMillis} before it starts. */
    private static void downUntil(long unixMillis) throws InterruptedException {
        long left = unixMillis - System.currentTimeMillis();
        if (left > 0) {
            Thread.sleep(left);
        }
    }

    // ---- shared steps ---------------------------------------------------------------------------

    /** Once the writers have written a while longer, crash the server in the middle of their writes, restart, count. */
    private String crashWhileWritingAndVerify(AckedWriters writes) throws InterruptedException {
        show("expected", "every write acknowledged by the server before the " + crash.name() + " is there after a restart"
                + (lossWindow == null ? "" : ", or was answered within " + Units.format(lossWindow) + " before the cut")
                + (crash instanceof Crash.PowerCut ? " (the clients write for " + Units.format(writing) + " first)" : ""));
        AckedWriters.Verdict verdict;
        try {
            verdict = CrashRound.crashWhileWriting(server, crash, clients, writes, writing, note -> show("the cut", note));
        } catch (LoadException e) {
            return e.getMessage();
        }
        show("received", "acknowledged " + verdict.acknowledged() + ", found " + verdict.found() + ", lost " + verdict.lost()
                + (verdict.countedTwice() > 0 ? ", INCRs counted twice " + verdict.countedTwice() : ""));
        if (crash instanceof Crash.PowerCut) {
            return powerCutVerdict(verdict.lostAges(), verdict.countedTwice(), verdict.firstProblem());
        }
        if (verdict.passed()) {
            return null;
        }
        return (verdict.lost() > 0 ? verdict.lost() + " acknowledged writes lost" : verdict.countedTwice() + " INCRs counted twice")
                + "; first: " + verdict.firstProblem();
    }

    /**
     * After a power cut: prints what it lost and how old the oldest lost write was, and judges it.
     * {@code lostAges}: for each lost acknowledged write, how long before the cut it was answered
     * (nanoseconds, sorted). Without a --loss-window any loss fails; with one, only losses older.
     */
    private String powerCutVerdict(long[] lostAges, long countedTwice, String first) {
        long lost = lostAges.length;
        String oldest = lost == 0 ? "" : String.format(Locale.ROOT, ", the oldest answered %.1f s before the cut",
                Math.max(0, lostAges[lostAges.length - 1]) / 1e9); // answered while the kill was on its way: 0
        out.printf("        power cut: lost %d acknowledged writes%s%n", lost, oldest);
        if (countedTwice > 0) {
            return countedTwice + " INCRs counted twice; first: " + first;
        }
        if (lost == 0) {
            return null;
        }
        if (lossWindow == null) {
            boolean recent = lostAges[lostAges.length - 1] <= Duration.ofSeconds(2).toNanos();
            return "lost " + lost + " acknowledged writes at the power cut" + oldest + (recent ? " (--loss-window 2s allows"
                    + " the last seconds that everysec may lose)" : "") + "; first: " + first;
        }
        long older = Arrays.stream(lostAges).filter(age -> age > lossWindow.toNanos()).count();
        if (older == 0) {
            show("window", "every lost write was answered within " + Units.format(lossWindow) + " before the cut: allowed");
            return null;
        }
        return "lost " + lost + " acknowledged writes at the power cut, " + older + " of them answered more than "
                + Units.format(lossWindow) + " before it" + oldest + "; first: " + first;
    }

    /**
     * BGREWRITEAOF, then waits until INFO persistence says no rewrite is running or scheduled:
     * Redis's {@code aof_rewrite_in_progress} and {@code aof_rewrite_scheduled} fields.
     */
    private String rewrite(Jedis jedis) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                jedis.bgrewriteaof();
                break;
            } catch (JedisDataException e) {
                if (!e.getMessage().contains("in progress") || System.nanoTime() > deadline) {
                    return "BGREWRITEAOF answered an error: " + e.getMessage();
                }
                Thread.sleep(50); // one is running already (an automatic one): wait for it
            }
        }
        while (System.nanoTime() < deadline) {
            Map<String, String> info = Info.fields(jedis.info("persistence"));
            if (!info.containsKey("aof_rewrite_in_progress")) {
                return "INFO persistence has no aof_rewrite_in_progress field; the check reads it, as Redis reports it,"
                        + " to know when a rewrite is done";
            }
            if (info.get("aof_rewrite_in_progress").equals("0") && !"1".equals(info.get("aof_rewrite_scheduled"))) {
                return "err".equals(info.get("aof_last_bgrewrite_status")) ? "the rewrite failed (aof_last_bgrewrite_status:err)" : null;
            }
            Thread.sleep(20);
        }
        return "the rewrite did not finish within " + PATIENCE.toSeconds() + " s";
    }

    private List<String> getRaced(int keys) {
        try (Jedis jedis = clients.open()) {
            Pipeline pipeline = jedis.pipelined();
            List<Response<String>> replies = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                replies.add(pipeline.get("check:race:" + k));
            }
            pipeline.sync();
            return replies.stream().map(Response::get).toList();
        }
    }

    private static void put(Pipeline pipeline, Map<String, byte[]> expected, String key, byte[] value) {
        pipeline.set(key.getBytes(), value);
        expected.put(key, value);
    }

    /** Bytes of every value 0-255, CR and LF included: a file format that is not binary-safe shows. */
    private static byte[] binaryValue(int seed, int length) {
        byte[] value = new byte[length];
        for (int i = 0; i < length; i++) {
            value[i] = (byte) (seed * 31 + i * 7);
        }
        return value;
    }

    private static String describe(byte[] value) {
        return value == null ? "nil" : value.length + " bytes \"" + toyredis.loadtest.protocol.Escapes.escape(
                Arrays.copyOf(value, Math.min(value.length, 24))) + (value.length > 24 ? "...\"" : "\"");
    }

    private void show(String label, String text) {
        Checker.show(out, label, text);
    }
}
