package toyredis;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A plain {@link HashMap} behind a {@link ReentrantReadWriteLock} (Go's {@code sync.RWMutex}):
 * any number of GETs at once, but a SET, DEL or INCR has the whole map to itself.
 *
 * <p>The lock is <em>not</em> fair: a thread that arrives while the lock is free may take it
 * ahead of queued threads. That gives more throughput (no hand-off to a parked thread on every
 * release), and even this mode keeps new readers from overtaking a writer that is first in the
 * queue, so writers do not starve.
 */
final class LockedStore implements Store {

    private final Map<Key, byte[]> map = new HashMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(false);
    private final Lock read = lock.readLock();
    private final Lock write = lock.writeLock();
    private final LongAdder writeWaits = new LongAdder();

    @Override
    public byte[] get(Key key) {
        return reading(() -> map.get(key));
    }

    @Override
    public byte[] set(Key key, byte[] value, SetCondition condition) {
        return writing(() -> {
            byte[] before = map.get(key);
            if (condition.allows(before)) {
                map.put(key, value);
            }
            return before;
        });
    }

    @Override
    public boolean delete(Key key) {
        return writing(() -> map.remove(key) != null);
    }

    @Override
    public long incrBy(Key key, long delta) {
        return writing(() -> {
            long next = Store.incremented(map.get(key), delta);
            map.put(key, RedisNumbers.toBytes(next));
            return next;
        });
    }

    @Override
    public int size() {
        return reading(map::size);
    }

    @Override
    public void clear() {
        writing(() -> {
            map.clear();
            return null;
        });
    }

    private <T> T reading(Supplier<T> action) {
        read.lock();
        try {
            return action.get();
        } finally {
            read.unlock();
        }
    }

    /**
     * Runs the action under the write lock, counting the times someone else held the lock so we
     * had to wait. (For an unfair lock, tryLock() then lock() takes it exactly as lock() would.)
     */
    private <T> T writing(Supplier<T> action) {
        if (!write.tryLock()) {
            writeWaits.increment();
            write.lock();
        }
        try {
            return action.get();
        } finally {
            write.unlock();
        }
    }

    @Override
    public Map<String, Long> stats() {
        return Map.of("write_waits", writeWaits.sum());
    }
}
