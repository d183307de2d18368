package toyredis.loadtest.check;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/**
 * Stage 6's expiry case: keys written with a short TTL and never read again must leave DBSIZE soon
 * after their deadline, as they leave Redis's. Lazy expiry alone removes a dead key only when a
 * command touches it, so a server without active expiry keeps every one of them (and DBSIZE,
 * which counts dead keys not yet removed, says so). The bound is Redis's: 200,000 keys with
 * {@code PX 1000}, and 5 s after the last deadline at most a tenth of them may be left.
 */
final class ActiveExpiryCase {

    static final int KEYS = 200_000;
    static final long TTL_MILLIS = 1000;
    /** How long after the last key's deadline the server may take to remove them. */
    static final Duration BOUND = Duration.ofSeconds(5);
    /** How many of the keys may still be counted when the bound has passed: a tenth. */
    static final int LEFT_AT_MOST = KEYS / 10;
    private static final int BATCH = 10_000;
    private static final long POLL_MILLIS = 50;

    private final Clients clients;
    private final PrintWriter out;
    /** Fresh keys for each run of the check, so that keys of an earlier run cannot count. */
    private final String prefix = "check:expiry:" + System.nanoTime() + ":";

    ActiveExpiryCase(Clients clients, PrintWriter out) {
        this.clients = clients;
        this.out = out;
    }

    Checker.CodedCase codedCase() {
        return new Checker.CodedCase(String.format("%,d keys SET with PX %d and never read: %d s after the deadline DBSIZE"
                + " counts at most %,d of them", KEYS, TTL_MILLIS, BOUND.toSeconds(), LEFT_AT_MOST), this::run);
    }

    private String run() throws InterruptedException {
        try (Jedis jedis = clients.open()) {
            // Keys written by the earlier cases have no deadline and stay: only the growth over them counts.
            long before = jedis.dbSize();
            String refused = write(jedis);
            if (refused != null) {
                return refused;
            }
            // Every key was sent before the last reply came back, so each one's deadline is before this one.
            long deadline = System.nanoTime() + TTL_MILLIS * 1_000_000;
            long pttl = jedis.pttl(lastKey());
            if (pttl <= 0 || pttl > TTL_MILLIS) {
                return "PTTL " + lastKey() + " answered " + pttl + " right after it was SET with PX " + TTL_MILLIS
                        + ", expected 1 to " + TTL_MILLIS + ": the key was not stored with its time to live";
            }
            long limit = deadline + BOUND.toNanos();
            show("expected", String.format("DBSIZE was %,d before the %,d keys; at most %,d of them left (DBSIZE ≤ %,d) within"
                    + " %d s after the last one's deadline", before, KEYS, LEFT_AT_MOST, before + LEFT_AT_MOST, BOUND.toSeconds()));
            long left = jedis.dbSize() - before;
            while (left > LEFT_AT_MOST && System.nanoTime() < limit) {
                Thread.sleep(POLL_MILLIS);
                left = jedis.dbSize() - before;
            }
            double afterDeadline = (System.nanoTime() - deadline) / 1e9;
            show("received", String.format("%,d of the keys left %.1f s %s the last one's deadline", Math.max(0, left),
                    Math.abs(afterDeadline), afterDeadline < 0 ? "before" : "after")); // the first keys die earlier
            if (left <= LEFT_AT_MOST) {
                return null;
            }
            return String.format("%,d of %,d keys nobody read are still counted %d s after their deadline: lazy expiry"
                    + " alone removes a key only when a command touches it; Redis also samples keys with a deadline and"
                    + " deletes the dead ones (active expiry)", left, KEYS, BOUND.toSeconds());
        }
    }

    private String lastKey() {
        return prefix + (KEYS - 1);
    }

    /** SETs the keys with PX, pipelined; null, or why the server refused one. */
    private String write(Jedis jedis) {
        SetParams px = SetParams.setParams().px(TTL_MILLIS);
        for (int from = 0; from < KEYS; from += BATCH) {
            Pipeline pipeline = jedis.pipelined();
            List<Response<String>> replies = new ArrayList<>(BATCH);
            for (int i = from; i < from + BATCH; i++) {
                replies.add(pipeline.set(prefix + i, "v", px));
            }
            pipeline.sync();
            for (Response<String> reply : replies) {
                try {
                    if (!"OK".equals(reply.get())) {
                        return "SET " + prefix + "N v PX " + TTL_MILLIS + " answered " + reply.get() + ", expected OK";
                    }
                } catch (JedisDataException e) {
                    return "SET " + prefix + "N v PX " + TTL_MILLIS + " answered an error: " + e.getMessage();
                }
            }
        }
        return null;
    }

    private void show(String label, String text) {
        Checker.show(out, label, text);
    }
}
