package toyredis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * {@link ConcurrentHashMap}: reads take no lock, and {@code compute} runs the whole
 * read-modify-write of INCR (or SET NX) atomically for that one key while other keys stay free.
 * It is also where a dead key is judged: inside {@code compute}, so no SET can slip in between.
 */
final class ConcurrentStore implements Store {

    private final ConcurrentHashMap<String, Entry> map = new ConcurrentHashMap<>();
    private final Expiry expiry;

    ConcurrentStore(Expiry expiry) {
        this.expiry = expiry;
    }

    @Override
    public Entry peek(String key) {
        return map.get(key);
    }

    @Override
    public Entry update(String key, UnaryOperator<Entry> change) {
        Entry[] before = new Entry[1];
        // An exception thrown inside compute leaves the old value in place.
        map.compute(key, (k, stored) -> change.apply(before[0] = expiry.alive(stored, expiry.clock().getAsLong())));
        return before[0];
    }

    @Override
    public Expiry expiry() {
        return expiry;
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public int withDeadline() {
        return Store.withDeadline(map.values());
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
