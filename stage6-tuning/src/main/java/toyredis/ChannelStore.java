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
 * second thread can reach it; the price is that every request, even a GET, waits its turn. The
 * writer also writes the journal, so the journal's order is simply the queue's order.
 */
final class ChannelStore implements Store {

    private static final Logger LOG = System.getLogger(ChannelStore.class.getName());

    /** One request: what to do with the map, and where the writer puts the answer. */
    private record Request<T>(Function<Map<String, byte[]>, T> operation, CompletableFuture<T> reply) {

        void runOn(Map<String, byte[]> map) {
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
    private final Journal journal;

    ChannelStore(Journal journal) {
        this.journal = journal;
        writer = Thread.ofPlatform().name("channel-store-writer").start(this::writeLoop);
    }

    private void writeLoop() {
        Map<String, byte[]> map = new HashMap<>(); // local to this thread: nobody else can touch it
        try {
            for (Request<?> request = requests.take(); request != STOP; request = requests.take()) {
                served++; // before the reply: a client that has its answer sees it counted
                request.runOn(map);
            }
        } catch (InterruptedException e) {
            LOG.log(Level.WARNING, "channel store writer interrupted; {0} requests dropped", requests.size());
        }
    }

    /** Sends an operation to the writer thread and waits for its answer. */
    private <T> T ask(Function<Map<String, byte[]>, T> operation) {
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
    public byte[] get(String key) {
        return ask(map -> map.get(key));
    }

    @Override
    public byte[] set(String key, byte[] value, SetCondition condition) {
        return ask(map -> {
            byte[] before = map.get(key);
            if (condition.allows(before)) {
                map.put(key, value);
                journal.append(Journal.set(key, value));
            }
            return before;
        });
    }

    @Override
    public boolean delete(String key) {
        return ask(map -> {
            boolean existed = map.remove(key) != null;
            if (existed) {
                journal.append(Journal.delete(key));
            }
            return existed;
        });
    }

    @Override
    public long incrBy(String key, long delta) {
        return ask(map -> {
            long next = Store.incremented(map.get(key), delta);
            byte[] value = Store.toBytes(next);
            map.put(key, value);
            journal.append(Journal.set(key, value)); // the result, not the INCR: replaying it twice is harmless
            return next;
        });
    }

    @Override
    public int size() {
        return ask(Map::size);
    }

    @Override
    public void clear() {
        ask(map -> {
            map.clear();
            journal.append(Journal.flushAll());
            return null;
        });
    }

    /** A copy made by the writer between two requests: consistent, while everyone else waits. */
    @Override
    public Map<String, byte[]> snapshot() {
        return ask(HashMap::new);
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
