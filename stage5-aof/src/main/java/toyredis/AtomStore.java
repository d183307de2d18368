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

    private final AtomicReference<PMap<String, byte[]>> map = new AtomicReference<>(HashTreePMap.empty());
    private final LongAdder casRetries = new LongAdder();

    @Override
    public byte[] get(String key) {
        return map.get().get(key);
    }

    @Override
    public byte[] set(String key, byte[] value, SetCondition condition) {
        PMap<String, byte[]> before = swap(current -> condition.allows(current.get(key)) ? current.plus(key, value) : current);
        return before.get(key);
    }

    @Override
    public boolean delete(String key) {
        return swap(current -> current.minus(key)).containsKey(key);
    }

    @Override
    public long incrBy(String key, long delta) {
        PMap<String, byte[]> before = swap(current ->
                current.plus(key, Store.toBytes(Store.incremented(current.get(key), delta))));
        return Store.incremented(before.get(key), delta); // the same pure function on the same input
    }

    /**
     * Clojure's {@code swap!}: apply {@code update} to the current map and compare-and-set the
     * result; if another thread won the race, count a retry and apply it again to the new map.
     * So {@code update} must have no side effects: it may run more than once. Returns the map
     * the update was applied to, so callers can tell what was there before.
     */
    private PMap<String, byte[]> swap(UnaryOperator<PMap<String, byte[]>> update) {
        while (true) {
            PMap<String, byte[]> before = map.get();
            PMap<String, byte[]> after = update.apply(before);
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
    public void clear() {
        map.set(HashTreePMap.empty());
    }

    @Override
    public Map<String, Long> stats() {
        return Map.of("cas_retries", casRetries.sum());
    }
}
