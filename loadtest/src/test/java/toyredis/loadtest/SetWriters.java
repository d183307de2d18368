package toyredis.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Writers for the power-cut tests: each thread sends {@code SET R:WW:NNNNNNN v} (R names the
 * round, WW the writer), one at a time,
 * and keeps every key the server acknowledged with the moment its {@code OK} came back. A write
 * without a reply is not counted: it may or may not survive, no promise was made. When the server
 * is killed the writers' connections break and they stop.
 *
 * <p>Every key has the same length, so every record in the append-only file has the same size
 * ({@link #RECORD_BYTES}): bytes the server wrote say how many writes they hold.
 */
final class SetWriters implements AutoCloseable {

    /** One acknowledged write: its key, and when its reply arrived ({@link System#nanoTime()}). */
    record Ack(String key, long answeredNanos) {
    }

    /** {@code *3\r\n$3\r\nSET\r\n$12\r\nR:WW:NNNNNNN\r\n$1\r\nv\r\n} */
    static final int RECORD_BYTES = 39;
    private static final int TIMEOUT_MILLIS = 30_000;

    private final char round;
    private final List<Jedis> connections = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private volatile long lastAckNanos = System.nanoTime();
    private volatile boolean stopping;
    private volatile String error; // a reply other than OK: a server that refuses writes must not pass

    /**
     * Connects {@code count} writers first, then starts them: consecutive connections, so a server
     * that deals connections to its event loops in turn gives each writer a loop of its own.
     */
    SetWriters(int port, int count) {
        this(port, count, 'k');
    }

    /** Writers whose keys start with {@code round}: rounds on one server never share a key. */
    SetWriters(int port, int count, char round) {
        this.round = round;
        for (int w = 0; w < count; w++) {
            connections.add(new Jedis("127.0.0.1", port, TIMEOUT_MILLIS));
            connections.get(w).ping();
        }
        for (int w = 0; w < count; w++) {
            int writer = w;
            threads.add(Thread.ofPlatform().name("set-writer-" + w).start(() -> write(writer)));
        }
    }

    private void write(int writer) {
        Jedis jedis = connections.get(writer);
        for (int n = 0; !stopping; n++) {
            String key = String.format("%c:%02d:%07d", round, writer, n);
            String reply;
            try {
                reply = jedis.set(key, "v");
            } catch (JedisException e) {
                return; // the server is gone (killed), or the test closed the connection: this write has no reply
            }
            if (!"OK".equals(reply)) {
                error = "SET " + key + " got " + reply;
                return;
            }
            long now = System.nanoTime();
            acks.add(new Ack(key, now));
            acknowledged.incrementAndGet();
            lastAckNanos = now;
        }
    }

    int acknowledged() {
        return acknowledged.get();
    }

    /** Every acknowledged write so far. */
    List<Ack> acks() {
        return List.copyOf(acks);
    }

    /** The keys of every acknowledged write so far. */
    List<String> keys() {
        return acks.stream().map(Ack::key).toList();
    }

    /** A reply that was not OK, or null. */
    String error() {
        return error;
    }

    /** Waits until {@code count} writes were acknowledged; false if they were not within {@code patience}. */
    boolean awaitAcknowledged(int count, Duration patience) {
        return within(patience, () -> acknowledged() >= count);
    }

    /**
     * Waits until no write was acknowledged for {@code quiet}: every writer waits for a reply that
     * does not come (a held fsync). False if the count still moved after {@code patience}.
     */
    boolean awaitQuiet(Duration quiet, Duration patience) {
        return within(patience, () -> System.nanoTime() - lastAckNanos >= quiet.toNanos());
    }

    /** Waits until {@code condition} holds (Awaitility, checked every 10 ms); false if it did not within {@code patience}. */
    static boolean within(Duration patience, Callable<Boolean> condition) {
        try {
            Awaitility.await().atMost(patience).pollInterval(Duration.ofMillis(10)).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Stops the writers: a writer waiting for a reply is freed by closing its connection. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        for (Jedis jedis : connections) {
            try {
                jedis.disconnect(); // from another thread: breaks a read that waits for a held reply
            } catch (RuntimeException e) {
                // closing a broken connection: nothing to do
            }
        }
        for (Thread thread : threads) {
            thread.join(TIMEOUT_MILLIS);
        }
    }
}
