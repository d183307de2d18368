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

    private final AtomicReference<PMap<String, String>> map = new AtomicReference<>(HashTreePMap.empty());
    private final LongAdder casRetries = new LongAdder();

    @Override
    public String get(String key) {
        return map.get().get(key);
    }

    @Override
    public void set(String key, String value) {
        swap(current -> current.plus(key, value));
    }

    @Override
    public long incr(String key) {
        PMap<String, String> after = swap(current -> current.plus(key, Long.toString(Store.incremented(current.get(key)))));
        return Long.parseLong(after.get(key));
    }

    /**
     * Clojure's {@code swap!}: apply {@code update} to the current map and compare-and-set the
     * result; if another thread won the race, count a retry and apply it again to the new map.
     * So {@code update} must have no side effects: it may run more than once.
     * (Not private: AtomStoreTest makes a swap lose its race on purpose.)
     */
    PMap<String, String> swap(UnaryOperator<PMap<String, String>> update) {
        // lab 3.1: apply update to the map you read and compare-and-set the result; if another thread won, count a retry and go again
        while (true) {
            PMap<String, String> before = map.get();
            PMap<String, String> after = update.apply(before);
            if (map.compareAndSet(before, after)) {
                return after;
            }
            casRetries.increment();
        }
        // end lab 3.1
    }

    @Override
    public int size() {
        return map.get().size();
    }

    @Override
    public Map<String, Long> stats() {
        return Map.of("cas_retries", casRetries.sum());
    }
}
