package toyredis.loadtest.check;

import java.time.Duration;
import java.util.function.Consumer;
import redis.clients.jedis.Jedis;
import toyredis.loadtest.load.LoadException;
import toyredis.loadtest.servers.LaunchedServer;

/**
 * One round of {@code loadtest crash}: clients write as fast as the server answers, a
 * {@code kill -9} lands in the middle of their writes, the server starts again on the same data
 * directory, and the round counts what the restart kept of what had been acknowledged. The steps
 * of check's crash case, measured instead of judged. The crash is a {@code kill -9} or a power cut
 * ({@link Crash}): {@code loadtest powercut} runs one of each per round.
 */
public final class CrashRound {

    /**
     * What one round saw. {@code lossWindow}: how long before the crash the oldest lost write was
     * answered, null when nothing was lost.
     */
    public record Outcome(long acknowledged, long lost, long countedTwice, Duration lossWindow) {
    }

    /** Writes acknowledged after the kill's wait began, at least: a round must catch clients mid-write. */
    static final long MIN_ACKNOWLEDGED = 100;
    /** How long a step waits for writes to be acknowledged (and check's cases for a rewrite). */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private CrashRound() {
    }

    /**
     * Runs one round against a server that is running; leaves it running (restarted).
     * {@code prefix} keeps each round's keys apart from the earlier rounds'.
     */
    public static Outcome run(LaunchedServer server, String host, int writers, Duration writing, Duration timeout,
            String prefix) throws LoadException, InterruptedException {
        return run(server, Crash.kill9(), host, writers, writing, timeout, prefix);
    }

    /** The same with another crash: a kill -9, or a power cut. */
    public static Outcome run(LaunchedServer server, Crash crash, String host, int writers, Duration writing, Duration timeout,
            String prefix) throws LoadException, InterruptedException {
        Clients clients = new Clients(host, server.port(), timeout);
        AckedWriters.Verdict verdict = crashWhileWriting(server, crash, clients, new AckedWriters(clients, prefix, writers),
                writing, null);
        return new Outcome(verdict.acknowledged(), verdict.lost(), verdict.countedTwice(), verdict.lossWindow());
    }

    /**
     * Once {@code writes} have written for {@code writing} (and at least a hundred writes more),
     * crash the server in the middle of their writes, restart, and read back what they were
     * acknowledged. {@code noted} (may be null) receives what the crash says it took.
     */
    static AckedWriters.Verdict crashWhileWriting(LaunchedServer server, Crash crash, Clients clients, AckedWriters writes,
            Duration writing, Consumer<String> noted) throws LoadException, InterruptedException {
        String slow = writes.awaitProgress(MIN_ACKNOWLEDGED, writing, PATIENCE);
        if (slow != null) {
            throw new LoadException(slow);
        }
        long crashedAt = System.nanoTime(); // nothing is answered after this: the kill is on its way
        String note = crash.crash(server);
        if (note != null && noted != null) {
            noted.accept(note);
        }
        writes.stop();
        if (writes.error() != null) {
            throw new LoadException(writes.error());
        }
        server.start();
        try (Jedis jedis = clients.open()) {
            return writes.verify(jedis, crashedAt);
        }
    }
}
