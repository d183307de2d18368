package toyredis.loadtest.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Clients that write as fast as the server answers, each remembering exactly what the server
 * acknowledged: client {@code c} SETs {@code PREFIX:c:0}, {@code PREFIX:c:1}, ... and INCRs
 * {@code PREFIX:count:c} in turn. After a crash and a restart, {@link #verify} says what an
 * acknowledged write became: every acknowledged SET must be there, and each counter must be at
 * least its acknowledged INCRs (none lost) and at most the INCRs sent (none counted twice; an
 * INCR sent but not answered may or may not have been applied). Each client also notes when
 * each write was answered, so that after a power cut the verdict can say how old the oldest lost
 * write was: {@code everysec} may lose the last second or two, never older writes.
 */
final class AckedWriters {

    /** What one client did. Written by its own thread only; read while it runs, and after {@link #stop()}. */
    private static final class Client {
        volatile int setsAcknowledged;
        volatile long incrsAcknowledged;
        volatile long incrsSent;
        /** System.nanoTime() when SET i was answered, and when the n-th INCR was: read only after {@link #stop()}. */
        final AnswerTimes setAnswered = new AnswerTimes();
        final AnswerTimes incrAnswered = new AnswerTimes();
    }

    /** A growable array of System.nanoTime() values, one per acknowledged write, in order. */
    private static final class AnswerTimes {
        private long[] times = new long[1024];

        void set(long index, long nanos) {
            if (index >= times.length) {
                times = Arrays.copyOf(times, times.length * 2);
            }
            times[(int) index] = nanos;
        }

        long get(long index) {
            return times[(int) index];
        }
    }

    /**
     * What a restart kept of the acknowledged writes. {@code lostAges}: for each lost write, how
     * long before the crash it was answered (nanoseconds, sorted, oldest last); empty when the
     * crash time was not given.
     */
    record Verdict(long acknowledged, long found, long lost, long countedTwice, String firstProblem, long[] lostAges) {

        boolean passed() {
            return lost == 0 && countedTwice == 0;
        }

        /** How long before the crash the oldest lost write was answered; null when nothing was lost. */
        Duration lossWindow() {
            // Writes answered while the kill was on its way have ages just below zero: they count as 0.
            return lostAges.length == 0 ? null : Duration.ofNanos(Math.max(0, lostAges[lostAges.length - 1]));
        }

        /** The lost writes answered longer than {@code window} before the crash: those everysec must not lose. */
        long lostOlderThan(Duration window) {
            return Arrays.stream(lostAges).filter(age -> age > window.toNanos()).count();
        }
    }

    private final String prefix;
    private final List<Client> clients = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;
    private volatile String error; // an error reply: a server that refuses writes must not pass by acknowledging none

    /** Starts {@code count} clients; returns once every one is connected and writing. */
    AckedWriters(Clients connections, String prefix, int count) throws InterruptedException {
        this.prefix = prefix;
        CountDownLatch connected = new CountDownLatch(count);
        for (int c = 0; c < count; c++) {
            Client client = new Client();
            clients.add(client);
            int id = c;
            threads.add(Thread.ofPlatform().name("writer-" + c).start(() -> write(connections, id, client, connected)));
        }
        if (!connected.await(connections.timeoutMillis() * 2L, TimeUnit.MILLISECONDS)) {
            stop();
            throw new IllegalStateException("not all " + count + " writers could connect within " + connections.timeoutMillis() * 2 + " ms");
        }
    }

    private void write(Clients connections, int id, Client client, CountDownLatch connected) {
        try (Jedis jedis = connections.open()) {
            connected.countDown();
            for (int i = 0; !stopping; i++) {
                jedis.set(key(id, i), value(id, i));
                client.setAnswered.set(i, System.nanoTime());
                client.setsAcknowledged = i + 1;
                client.incrsSent++;
                jedis.incr(counter(id));
                client.incrAnswered.set(client.incrsAcknowledged, System.nanoTime());
                client.incrsAcknowledged++;
            }
        } catch (JedisDataException e) {
            error = "the server answered an error: " + e.getMessage();
            connected.countDown();
        } catch (JedisConnectionException gone) {
            // The server was killed: what was acknowledged so far is what counts.
            connected.countDown();
        }
    }

    /** Stops the clients (they stop by themselves when the server dies) and waits for them, bounded. */
    void stop() throws InterruptedException {
        stopping = true;
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    /**
     * Waits until the clients have {@code more} writes acknowledged beyond those they had, and
     * have written for at least {@code writing}, and then until one more is acknowledged, so
     * that the caller's kill lands within a millisecond or so of a reply: a server that replies
     * before it writes then surely has something unwritten to lose, even if it stalled just
     * before. Returns null, or why not (an error reply, or too few writes within
     * {@code patience}: then the clients are stopped).
     */
    String awaitProgress(long more, Duration writing, Duration patience) throws InterruptedException {
        long target = acknowledged() + more;
        long start = System.nanoTime();
        long deadline = start + patience.toNanos();
        while (acknowledged() < target || System.nanoTime() - start < writing.toNanos()) {
            if (error != null || System.nanoTime() > deadline) {
                return gaveUp(patience);
            }
            Thread.sleep(10);
        }
        long seen = acknowledged();
        while (acknowledged() == seen) {
            if (error != null || System.nanoTime() > deadline) {
                return gaveUp(patience);
            }
            Thread.sleep(1);
        }
        return null;
    }

    private String gaveUp(Duration patience) throws InterruptedException {
        stop();
        return error != null ? error : "only " + acknowledged() + " writes were acknowledged in " + patience.toSeconds() + " s";
    }

    /** An error reply a client received, or null. */
    String error() {
        return error;
    }

    long acknowledged() {
        return clients.stream().mapToLong(c -> c.setsAcknowledged + c.incrsAcknowledged).sum();
    }

    /** Reads back, in pipelined batches, every acknowledged SET and every counter. */
    Verdict verify(Jedis jedis) {
        return verify(jedis, Long.MIN_VALUE);
    }

    /**
     * The same, for a crash at {@code crashedAt} (System.nanoTime(), or Long.MIN_VALUE for
     * unknown): the verdict also holds how long before it each lost write was answered. Lost
     * INCRs are the last acknowledged ones of their counter (the file keeps a prefix of them).
     */
    Verdict verify(Jedis jedis, long crashedAt) {
        List<Long> ages = new ArrayList<>();
        long acknowledged = 0;
        long found = 0;
        long lost = 0;
        long countedTwice = 0;
        String firstProblem = null;
        for (int id = 0; id < clients.size(); id++) {
            Client client = clients.get(id);
            acknowledged += client.setsAcknowledged + client.incrsAcknowledged;
            List<String> values = getAll(jedis, id, client.setsAcknowledged);
            for (int i = 0; i < values.size(); i++) {
                if (value(id, i).equals(values.get(i))) {
                    found++;
                } else {
                    lost++;
                    ages.add(crashedAt - client.setAnswered.get(i));
                    if (firstProblem == null) {
                        firstProblem = "GET " + key(id, i) + " answered " + show(values.get(i)) + ", acknowledged SET was \"" + value(id, i) + "\"";
                    }
                }
            }
            String text = jedis.get(counter(id));
            long count = text == null ? 0 : Long.parseLong(text);
            found += Math.min(count, client.incrsAcknowledged);
            if (count < client.incrsAcknowledged) {
                lost += client.incrsAcknowledged - count;
                for (long n = Math.max(count, 0); n < client.incrsAcknowledged; n++) {
                    ages.add(crashedAt - client.incrAnswered.get(n));
                }
                if (firstProblem == null) {
                    firstProblem = counter(id) + " is " + count + " after " + client.incrsAcknowledged + " acknowledged INCRs";
                }
            } else if (count > client.incrsSent) {
                countedTwice += count - client.incrsSent;
                if (firstProblem == null) {
                    firstProblem = counter(id) + " is " + count + " but only " + client.incrsSent + " INCRs were sent";
                }
            }
        }
        long[] lostAges = crashedAt == Long.MIN_VALUE ? new long[0] : ages.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Verdict(acknowledged, found, lost, countedTwice, firstProblem, lostAges);
    }

    private List<String> getAll(Jedis jedis, int id, int count) {
        List<String> values = new ArrayList<>(count);
        for (int from = 0; from < count; from += 1000) {
            Pipeline pipeline = jedis.pipelined();
            List<Response<String>> replies = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 1000); i++) {
                replies.add(pipeline.get(key(id, i)));
            }
            pipeline.sync();
            replies.forEach(reply -> values.add(reply.get()));
        }
        return values;
    }

    static String show(String valueOrNull) {
        return valueOrNull == null ? "nil" : "\"" + valueOrNull + "\"";
    }

    private String key(int id, int i) {
        return prefix + ":" + id + ":" + i;
    }

    private String counter(int id) {
        return prefix + ":count:" + id;
    }

    /** A value that names its key, padded to 40 bytes like a small real value. */
    private static String value(int id, int i) {
        return "%-40s".formatted("client " + id + " write " + i);
    }
}
