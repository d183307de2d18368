package toyredis;

import java.util.HashMap;
import java.util.Map;

/**
 * DELIBERATELY BROKEN: a plain {@link HashMap} shared by every client thread with no guard.
 * Two INCRs that read the same old value both write old+1, so one increment is lost. Kept
 * only to show that failure (see the chapter); never use this shape for shared state.
 */
final class UnsafeStore implements Store {

    private final Map<String, String> map = new HashMap<>();

    /**
     * A teaching and test seam, not part of the store: runs inside INCR between its read and its
     * write. The server never sets it (it does nothing); a test uses it to hold two threads in
     * that gap until both have read, which makes the lost update happen every time.
     */
    private final Runnable betweenReadAndWrite;

    UnsafeStore() {
        this(() -> { });
    }

    UnsafeStore(Runnable betweenReadAndWrite) {
        this.betweenReadAndWrite = betweenReadAndWrite;
    }

    @Override
    public String get(String key) {
        return map.get(key);
    }

    @Override
    public void set(String key, String value) {
        map.put(key, value);
    }

    @Override
    public long incr(String key) {
        long next = Store.incremented(map.get(key)); // read...
        betweenReadAndWrite.run();
        map.put(key, Long.toString(next));           // ...then write: another thread may have written in between
        return next;
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public Map<String, Long> stats() {
        return Map.of();
    }
}
