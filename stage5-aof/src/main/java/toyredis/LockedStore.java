package toyredis;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;

/**
 * A plain {@link HashMap} behind a {@link ReentrantReadWriteLock} (Go's {@code sync.RWMutex}):
 * any number of GETs at once, but a SET, DEL or INCR has the whole map to itself.
 *
 * <p>The lock is <em>not</em> fair: a thread that arrives while the lock is free may take it
 * ahead of queued threads. That gives more throughput (no hand-off to a parked thread on every
 * release), and even this mode keeps new readers from overtaking a writer that is first in the
 * queue, so writers do not starve. A fair lock serves strictly in arrival order, at a cost: try
 * it (exercise 3 of the chapter).
 *
 * <p>The journal is written while the write lock is held, so it sees writes in lock order.
 */
final class LockedStore implements Store {

    private final Map<String, Entry> map = new HashMap<>();
    private final Expiry expiry;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(false);
    private final Lock read = lock.readLock();
    private final Lock write = lock.writeLock();
    private final LongAdder writeWaits = new LongAdder();
    private final Journal journal;

    LockedStore(Expiry expiry, Journal journal) {
        this.expiry = expiry;
        this.journal = journal;
    }

    @Override
    public Entry peek(String key) {
        read.lock();
        try {
            return map.get(key);
        } finally {
            read.unlock();
        }
    }

    @Override
    public Entry update(String key, UnaryOperator<Entry> change) {
        lockForWriting();
        try {
            return expiry.update(map, key, change, journal);
        } finally {
            write.unlock();
        }
    }

    @Override
    public Expiry expiry() {
        return expiry;
    }

    /**
     * Takes the write lock, counting the times someone else held the lock so we had to wait.
     * (For an unfair lock, tryLock() then lock() takes it exactly as lock() alone would.)
     */
    private void lockForWriting() {
        if (!write.tryLock()) {
            writeWaits.increment();
            write.lock();
        }
    }

    @Override
    public int size() {
        read.lock();
        try {
            return map.size();
        } finally {
            read.unlock();
        }
    }

    @Override
    public int withDeadline() {
        read.lock();
        try {
            return Store.withDeadline(map.values());
        } finally {
            read.unlock();
        }
    }

    @Override
    public void clear() {
        lockForWriting();
        try {
            map.clear();
            journal.append(Journal.flushAll());
        } finally {
            write.unlock();
        }
    }

    /** A copy made under the read lock: consistent, at the price of a pause for writers. */
    @Override
    public Map<String, Entry> snapshot() {
        read.lock();
        try {
            return new HashMap<>(map);
        } finally {
            read.unlock();
        }
    }

    @Override
    public Map<String, Long> stats() {
        return Map.of("write_waits", writeWaits.sum());
    }
}
