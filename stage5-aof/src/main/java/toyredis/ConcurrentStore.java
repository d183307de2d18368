package toyredis;

import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ConcurrentHashMap}: reads take no lock, and {@code compute} runs the whole
 * read-modify-write of INCR (or SET NX) atomically for that one key while other keys stay free.
 * It is also where a dead key is judged, and where the change is journaled: inside {@code compute},
 * while the key's bin is locked, so no SET can slip in between, changes to one key are logged in
 * the order they were applied, and changes to different keys commute.
 */
final class ConcurrentStore implements Store {

    private final ConcurrentHashMap<String, Entry> map = new ConcurrentHashMap<>();
    private final Expiry expiry;
    private final Journal journal;

    ConcurrentStore(Expiry expiry, Journal journal) {
        this.expiry = expiry;
        this.journal = journal;
    }

    @Override
    public Entry peek(String key) {
        return map.get(key);
    }

    @Override
    public Entry update(String key, java.util.function.UnaryOperator<Entry> change) {
        // lab 5.1: in one map.compute: find the live entry, apply change, journal the change and store the result
        Entry[] before = new Entry[1];
        // An exception thrown inside compute leaves the old value in place.
        map.compute(key, (k, stored) -> {
            long now = expiry.clock().getAsLong();
            Entry after = change.apply(before[0] = expiry.alive(stored, now));
            journal.changed(k, stored, after, now);
            return after;
        });
        return before[0];
        // end lab 5.1
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
    public Map<String, Entry> snapshot() {
        return Collections.unmodifiableMap(map);
    }

    @Override
    public Map<String, Long> stats() {
        return Map.of();
    }
}
