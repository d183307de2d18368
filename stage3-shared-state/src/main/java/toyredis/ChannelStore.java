package toyredis;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * The single writer (a Go channel, or core.async): one thread owns a plain {@link HashMap} and
 * is the only thread that ever touches it. Client threads never see the map; they put a request
 * on a queue and wait for the writer to complete its reply. No lock guards the map because no
 * second thread can reach it; the price is that every request, even a GET, waits its turn.
 */
final class ChannelStore implements Store {

    private static final Logger LOG = System.getLogger(ChannelStore.class.getName());

    /** One request: what to do with the map, and where the writer puts the answer. */
    private record Request<T>(Function<Map<String, String>, T> operation, CompletableFuture<T> reply) {

        void runOn(Map<String, String> map) {
            try {
                reply.complete(operation.apply(map));
            } catch (RuntimeException e) {
                reply.completeExceptionally(e); // e.g. INCR of a non-integer: the client rethrows it
            }
        }
    }

    /** Put on the queue by close(): the writer answers everything before it, then stops. */
    private static final Request<Void> STOP = new Request<>(map -> null, new CompletableFuture<>());

    private final BlockingQueue<Request<?>> requests = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile long served; // written only by the writer thread, read by STATS
    private volatile boolean closed;

    ChannelStore() {
        writer = Thread.ofPlatform().name("channel-store-writer").start(this::writeLoop);
    }

    private void writeLoop() {
        // lab 3.2: own a plain HashMap on this thread: take each request in turn, count it, run it on the map, until STOP
        Map<String, String> map = new HashMap<>(); // local to this thread: nobody else can touch it
        try {
            for (Request<?> request = requests.take(); request != STOP; request = requests.take()) {
                served++; // before the reply: a client that has its answer sees it counted
                request.runOn(map);
            }
        } catch (InterruptedException e) {
            LOG.log(Level.WARNING, "channel store writer interrupted; {0} requests dropped", requests.size());
        }
        // end lab 3.2
    }

    /** Sends an operation to the writer thread and waits for its answer. */
    private <T> T ask(Function<Map<String, String>, T> operation) {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
        Request<T> request = new Request<>(operation, new CompletableFuture<>());
        requests.add(request);
        try {
            return request.reply().join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause(); // runOn only ever stores RuntimeExceptions
        }
    }

    @Override
    public String get(String key) {
        return ask(map -> map.get(key));
    }

    @Override
    public void set(String key, String value) {
        ask(map -> map.put(key, value));
    }

    @Override
    public long incr(String key) {
        return ask(map -> {
            long next = Store.incremented(map.get(key));
            map.put(key, Long.toString(next));
            return next;
        });
    }

    @Override
    public int size() {
        return ask(Map::size);
    }

    @Override
    public Map<String, Long> stats() {
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("queue_depth", (long) requests.size());
        stats.put("served", served);
        return stats;
    }

    /** Lets the writer finish the requests already queued, then waits for its thread to end. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        requests.add(STOP);
        try {
            writer.join();
        } catch (InterruptedException e) {
            writer.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the writer thread is still running (for tests: close() must end it). */
    boolean writerAlive() {
        return writer.isAlive();
    }
}
