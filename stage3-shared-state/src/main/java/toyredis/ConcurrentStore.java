package toyredis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ConcurrentHashMap}: reads take no lock, and {@code compute} runs the whole
 * read-modify-write of INCR atomically for that one key while other keys stay free.
 */
final class ConcurrentStore implements Store {

    private final ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();

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
        // An exception thrown inside compute leaves the old value in place.
        String next = map.compute(key, (k, current) -> Long.toString(Store.incremented(current)));
        return Long.parseLong(next);
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
