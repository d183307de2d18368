package toyredis;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * Clojure's atom: one {@link AtomicReference} to an immutable map. A write builds a new map from
 * the one it read and swaps it in only if nobody swapped first; otherwise it retries on the newer
 * map. Readers never wait. {@link PMap#plus} shares structure with the old map, so a write costs
 * O(log n) instead of a copy of every entry.
 *
 * <p>The journal is the hard part: the compare-and-set decides the order of writes, but no lock
 * is held that the journal could be written under, and the update function may run several
 * times. So each successful swap numbers the new map (its version), and records are written to
 * the journal strictly in version order (see {@link #logInOrder}).
 */
final class AtomStore implements Store {

    /** The map and how many changes made it. */
    private record State(PMap<String, Entry> map, long version) {
    }

    private final AtomicReference<State> state = new AtomicReference<>(new State(HashTreePMap.empty(), 0));
    private final LongAdder casRetries = new LongAdder();
    private final Expiry expiry;
    private final Journal journal;
    /** Records whose turn has not come yet, by version. Guarded by itself. */
    private final Map<Long, byte[][]> waiting = new HashMap<>();
    private long nextToLog = 1; // guarded by waiting

    AtomStore(Expiry expiry, Journal journal) {
        this.expiry = expiry;
        this.journal = journal;
    }

    @Override
    public Entry peek(String key) {
        return state.get().map().get(key);
    }

    /** The deadline is judged on the same map the compare-and-set checks, at one instant per try. */
    @Override
    public Entry update(String key, UnaryOperator<Entry> change) {
        long now = expiry.clock().getAsLong();
        PMap<String, Entry> before = swap(current -> {
            Entry stored = current.get(key);
            Entry after = change.apply(stored == null || stored.aliveAt(now) ? stored : null);
            return after == null ? current.minus(key) : after == stored ? current : current.plus(key, after);
        }, (old, next) -> journal.record(key, old.get(key), next.get(key), now));
        return expiry.alive(before.get(key), now); // counts a dead key once, after the winning swap
    }

    @Override
    public Expiry expiry() {
        return expiry;
    }

    /**
     * Clojure's {@code swap!}: apply {@code update} to the current map and compare-and-set the
     * result; if another thread won the race, count a retry and apply it again to the new map.
     * So {@code update} must have no side effects: it may run more than once. Once the swap has
     * won, the change is journaled as {@code record} of the maps before and after. Returns the
     * map the update was applied to, so callers can tell what was there before.
     */
    private PMap<String, Entry> swap(UnaryOperator<PMap<String, Entry>> update,
            BiFunction<PMap<String, Entry>, PMap<String, Entry>, byte[][]> record) {
        while (true) {
            State before = state.get();
            PMap<String, Entry> after = update.apply(before.map());
            if (after == before.map()) {
                return before.map(); // nothing changed: nothing to swap or to log
            }
            State next = new State(after, before.version() + 1);
            if (state.compareAndSet(before, next)) {
                logInOrder(next.version(), record.apply(before.map(), after));
                return before.map();
            }
            casRetries.increment();
        }
    }

    /**
     * Writes the record of change number {@code version} once changes 1 … version-1 are written.
     * Between its swap and this call a thread may be descheduled, so a later change can arrive
     * first: it waits here, and whichever thread fills the gap writes every record now in order.
     */
    private void logInOrder(long version, byte[][] record) {
        boolean interrupted = false;
        synchronized (waiting) {
            waiting.put(version, record); // null: a change that needs no record (the same deadline again)
            for (; waiting.containsKey(nextToLog); nextToLog++) {
                byte[][] next = waiting.remove(nextToLog);
                if (next != null) {
                    journal.append(next);
                }
            }
            waiting.notifyAll();
            while (nextToLog <= version) {
                try {
                    waiting.wait();
                } catch (InterruptedException e) {
                    interrupted = true; // the change is made: it must be logged before we return
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int size() {
        return state.get().map().size();
    }

    @Override
    public int withDeadline() {
        return Store.withDeadline(state.get().map().values());
    }

    @Override
    public void clear() {
        swap(current -> HashTreePMap.empty(), (old, next) -> Journal.flushAll());
    }

    /** The map itself: it is immutable, so it is already a consistent snapshot, for free. */
    @Override
    public Map<String, Entry> snapshot() {
        return state.get().map();
    }

    @Override
    public Map<String, Long> stats() {
        return Map.of("cas_retries", casRetries.sum());
    }
}
