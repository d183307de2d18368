package toyredis;

import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ConcurrentHashMap}: reads take no lock, and {@code compute} runs the whole
 * read-modify-write of INCR (or SET NX) atomically for that one key while other keys stay free.
 * The journal is written inside {@code compute}, while the key's bin is locked: changes to one
 * key are logged in the order they were applied, and changes to different keys commute.
 */
final class ConcurrentStore implements Store {

    private final ConcurrentHashMap<String, byte[]> map = new ConcurrentHashMap<>();
    private final Journal journal;

    ConcurrentStore(Journal journal) {
        this.journal = journal;
    }

    @Override
    public byte[] get(String key) {
        return map.get(key);
    }

    @Override
    public byte[] set(String key, byte[] value, SetCondition condition) {
        byte[][] before = new byte[1][];
        map.compute(key, (k, current) -> {
            before[0] = current;
            if (!condition.allows(current)) {
                return current;
            }
            journal.append(Journal.set(k, value));
            return value;
        });
        return before[0];
    }

    @Override
    public boolean delete(String key) {
        boolean[] existed = new boolean[1];
        map.computeIfPresent(key, (k, current) -> {
            existed[0] = true;
            journal.append(Journal.delete(k));
            return null;
        });
        return existed[0];
    }

    @Override
    public long incrBy(String key, long delta) {
        // An exception thrown inside compute leaves the old value in place.
        byte[] next = map.compute(key, (k, current) -> {
            byte[] value = Store.toBytes(Store.incremented(current, delta));
            journal.append(Journal.set(k, value)); // the result, not the INCR: replaying it twice is harmless
            return value;
        });
        return Long.parseLong(new String(next, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Override
    public int size() {
        return map.size();
    }

    /**
     * {@code ConcurrentHashMap.clear()} is not atomic: a SET racing it may survive. Logging one
     * FLUSHALL could then replay differently from what happened, so each removal is logged as the
     * DEL it really was.
     */
    @Override
    public void clear() {
        for (String key : map.keySet()) {
            delete(key);
        }
    }

    /** No copy at all: the live map, which an iterator walks while writes go on (fuzzy). */
    @Override
    public Map<String, byte[]> snapshot() {
        return Collections.unmodifiableMap(map);
    }

    @Override
    public Map<String, Long> stats() {
        return Map.of();
    }
}
