package toyredis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ConcurrentHashMap}: reads take no lock, and {@code compute} runs the whole
 * read-modify-write of INCR (or SET NX) atomically for that one key while other keys stay free.
 */
final class ConcurrentStore implements Store {

    private final ConcurrentHashMap<String, byte[]> map = new ConcurrentHashMap<>();

    @Override
    public byte[] get(String key) {
        return map.get(key);
    }

    @Override
    public byte[] set(String key, byte[] value, SetCondition condition) {
        return switch (condition) {
            case ALWAYS -> map.put(key, value);
            case IF_ABSENT -> map.putIfAbsent(key, value);
            case IF_PRESENT -> {
                byte[][] before = new byte[1][];
                map.computeIfPresent(key, (k, current) -> {
                    before[0] = current;
                    return value;
                });
                yield before[0];
            }
        };
    }

    @Override
    public boolean delete(String key) {
        return map.remove(key) != null;
    }

    @Override
    public long incrBy(String key, long delta) {
        // An exception thrown inside compute leaves the old value in place.
        byte[] next = map.compute(key, (k, current) -> Store.toBytes(Store.incremented(current, delta)));
        return Long.parseLong(new String(next, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public void clear() {
        map.clear();
    }

    @Override
    public Map<String, Long> stats() {
        return Map.of();
    }
}
