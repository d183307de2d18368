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
