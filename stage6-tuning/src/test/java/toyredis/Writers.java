package toyredis;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.awaitility.Awaitility;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Clients that write until the server goes away, remembering exactly what it acknowledged:
 * client {@code t} SETs {@code w<t>:<i>} to {@code v<i>} and INCRs {@code counter:<t>}, in turn.
 */
final class Writers implements AutoCloseable {

    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLongArray counters;
    private final Thread[] threads;
    private volatile boolean stopping;

    private Writers(int port, int clients) {
        counters = new AtomicLongArray(clients);
        threads = new Thread[clients];
        for (int t = 0; t < clients; t++) {
            int client = t;
            threads[t] = Thread.ofPlatform().name("writer-" + t).start(() -> write(port, client));
        }
    }

    static Writers start(int port, int clients) {
        return new Writers(port, clients);
    }

    private void write(int port, int client) {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            for (int i = 0; !stopping; i++) {
                String key = "w" + client + ":" + i;
                jedis.set(key, "v" + i);
                acknowledged.put(key, "v" + i);
                counters.set(client, jedis.incr("counter:" + client));
            }
        } catch (RuntimeException e) {
            // the server was killed: what was acknowledged so far is the record
        }
    }

    /** Waits (at most 60 s) until at least {@code n} SETs were acknowledged. */
    void awaitAcknowledged(int n) {
        Awaitility.await(n + " acknowledged SETs").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(10)).until(() -> acknowledged.size() >= n);
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    /** Every SET acknowledged so far. */
    Map<String, String> acknowledged() {
        return new HashMap<>(acknowledged);
    }

    /** The last value each client's INCR returned. */
    long counter(int client) {
        return counters.get(client);
    }

    int clients() {
        return threads.length;
    }

    /** Stops writing and waits for every client (a killed server makes them stop at once). */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        for (Thread thread : threads) {
            thread.join(30_000);
        }
    }

    /** What a restarted server lost of what these clients were told: keys missing or wrong, counters behind. */
    record Loss(int keysChecked, int keysLost, int countersBehind, int countersAhead) {
    }

    /** Reads everything back from a (restarted) server. A counter may be one ahead: an INCR written but not yet answered. */
    Loss checkAgainst(int port) {
        Map<String, String> expected = acknowledged();
        int lost = 0;
        int behind = 0;
        int ahead = 0;
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            Pipeline pipeline = jedis.pipelined();
            Map<String, Response<String>> found = new HashMap<>();
            expected.keySet().forEach(key -> found.put(key, pipeline.get(key)));
            Response<?>[] counterValues = new Response<?>[clients()];
            for (int t = 0; t < clients(); t++) {
                counterValues[t] = pipeline.get("counter:" + t);
            }
            pipeline.sync();
            for (Map.Entry<String, String> entry : expected.entrySet()) {
                lost += entry.getValue().equals(found.get(entry.getKey()).get()) ? 0 : 1;
            }
            for (int t = 0; t < clients(); t++) {
                Object value = counterValues[t].get();
                long restored = value == null ? 0 : Long.parseLong((String) value);
                behind += restored < counter(t) ? 1 : 0;
                ahead += restored > counter(t) + 1 ? 1 : 0;
            }
        }
        return new Loss(expected.size(), lost, behind, ahead);
    }
}
