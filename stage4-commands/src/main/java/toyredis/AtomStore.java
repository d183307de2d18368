package toyredis;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * Clojure's atom: one {@link AtomicReference} to an immutable map. A write builds a new map from
 * the one it read and swaps it in only if nobody swapped first; otherwise it retries on the newer
 * map. Readers never wait. {@link PMap#plus} shares structure with the old map, so a write costs
 * O(log n) instead of a copy of every entry.
 */
final class AtomStore implements Store {

    private final AtomicReference<PMap<String, Entry>> map = new AtomicReference<>(HashTreePMap.empty());
    private final LongAdder casRetries = new LongAdder();
    private final Expiry expiry;

    AtomStore(Expiry expiry) {
        this.expiry = expiry;
    }

    @Override
    public Entry peek(String key) {
        return map.get().get(key);
    }

    /** The deadline is judged on the same map the compare-and-set checks, at one instant (read before the first try). */
    @Override
    public Entry update(String key, UnaryOperator<Entry> change) {
        long now = expiry.clock().getAsLong();
        PMap<String, Entry> before = swap(current -> {
            Entry stored = current.get(key);
            Entry after = change.apply(stored == null || stored.aliveAt(now) ? stored : null);
            return after == null ? current.minus(key) : after == stored ? current : current.plus(key, after);
        });
        return expiry.alive(before.get(key), now); // counts a dead key once, after the winning swap
    }

    @Override
    public Expiry expiry() {
        return expiry;
    }

    /**
     * Clojure's {@code swap!}: apply {@code update} to the current map and compare-and-set the
     * result; if another thread won the race, count a retry and apply it again to the new map.
     * So {@code update} must have no side effects: it may run more than once. Returns the map
     * the update was applied to, so callers can tell what was there before.
     */
    private PMap<String, Entry> swap(UnaryOperator<PMap<String, Entry>> update) {
        while (true) {
            PMap<String, Entry> before = map.get();
            PMap<String, Entry> after = update.apply(before);
            if (after == before || map.compareAndSet(before, after)) {
                return before;
            }
            casRetries.increment();
        }
    }

    @Override
    public int size() {
        return map.get().size();
    }

    @Override
    public int withDeadline() {
        return Store.withDeadline(map.get().values());
    }

    @Override
    public void clear() {
        map.set(HashTreePMap.empty());
    }

    @Override
    public Map<String, Long> stats() {
        return Map.of("cas_retries", casRetries.sum());
    }
}
