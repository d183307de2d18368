package toyredis;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Stage 6's store: stage 5's {@code LockedStore} promises (a read-write lock, the journal written
 * under the write lock) in less memory. {@link ConcurrentStore} spends about 130 bytes on an
 * 11-byte key and a 10-byte value: a node (32), a String (24), the key's bytes (32), the value's
 * (32), a table slot. Here a key is only its bytes, in arrays side by side, searched by linear probing:
 * <pre>
 *   keys:   [ null ][ "k7" ][ null ][ "k1" ]...     values: [ null ][ v7 ][ null ][ v1 ]...
 * </pre>
 * A third array keeps each key's hash: a search compares numbers side by side in memory and reads
 * a key's bytes only when the hashes match (touching every key on the way slowed replay most). A
 * key costs its two arrays (32 + 32) and three 4-byte slots in a table at most three quarters
 * full: about 90 bytes, as Redis's 88.
 */
final class CompactStore implements Store {

    private static final int MIN_CAPACITY = 16;

    private byte[][] keys;   // null: a free slot
    private byte[][] values;
    private int[] hashes;
    private volatile int size; // written under the write lock; DBSIZE reads it without one
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Lock read = lock.readLock();
    private final Lock write = lock.writeLock();
    private final Journal journal;

    CompactStore(Journal journal) {
        this.journal = journal;
        allocate(MIN_CAPACITY);
    }

    @Override
    public byte[] get(byte[] key) {
        read.lock();
        try {
            int slot = find(key);
            return slot >= 0 ? values[slot] : null;
        } finally {
            read.unlock();
        }
    }

    @Override
    public byte[] set(byte[] key, byte[] value, SetCondition condition) {
        write.lock();
        try {
            int slot = find(key);
            byte[] before = slot >= 0 ? values[slot] : null;
            if (condition.allows(before)) {
                put(slot, key, value);
                journal.appendSet(key, value);
            }
            return before;
        } finally {
            write.unlock();
        }
    }

    @Override
    public boolean delete(byte[] key) {
        write.lock();
        try {
            int slot = find(key);
            if (slot < 0) {
                return false;
            }
            remove(slot);
            journal.append(Journal.delete(key));
            return true;
        } finally {
            write.unlock();
        }
    }

    @Override
    public long incrBy(byte[] key, long delta) {
        write.lock();
        try {
            int slot = find(key);
            long next = Store.incremented(slot >= 0 ? values[slot] : null, delta);
            byte[] value = Store.toBytes(next);
            put(slot, key, value);
            journal.appendSet(key, value); // the result, not the INCR: replaying it twice is harmless
            return next;
        } finally {
            write.unlock();
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void clear() {
        write.lock();
        try {
            allocate(MIN_CAPACITY);
            size = 0;
            journal.append(Journal.flushAll());
        } finally {
            write.unlock();
        }
    }

    /** The arrays copied under the read lock (references only; keys and values are never modified), then walked without it. */
    @Override
    public void forEach(EntryVisitor visitor) throws IOException {
        byte[][] k;
        byte[][] v;
        read.lock();
        try {
            k = keys.clone();
            v = values.clone();
        } finally {
            read.unlock();
        }
        for (int slot = 0; slot < k.length; slot++) {
            if (k[slot] != null) {
                visitor.visit(k[slot], v[slot]);
            }
        }
    }

    /** The table's length, which grows and shrinks with the keys (for the tests). */
    int slots() {
        return keys.length;
    }

    // ---- the table: linear probing, with deletions that shift later entries back ----------------

    /** A key's hash, mixed so that keys like key:1, key:2 spread out; its search starts at hash & mask. */
    private static int hash(byte[] key) {
        int h = Arrays.hashCode(key);
        h ^= h >>> 16; // MurmurHash3's finalizer
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ h >>> 16;
    }

    /** The key's slot, or, if it is missing, {@code -1 - (the free slot where it would go)}. */
    private int find(byte[] key) {
        int hash = hash(key);
        int mask = keys.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            if (keys[slot] == null) {
                return -1 - slot;
            }
            if (hashes[slot] == hash && Arrays.equals(keys[slot], key)) {
                return slot;
            }
        }
    }

    private void put(int found, byte[] key, byte[] value) {
        if (found >= 0) {
            values[found] = value;
            return;
        }
        if ((size + 1) * 4L > keys.length * 3L) { // keep the table at most three quarters full
            resize(keys.length * 2);
            found = find(key);
        }
        int slot = -1 - found;
        keys[slot] = key;
        values[slot] = value;
        hashes[slot] = hash(key);
        size++;
    }

    /**
     * Empties a slot, then moves back each following entry of the same run that would no longer
     * be found (its search would stop at the new hole): no "deleted" markers to skip forever.
     */
    private void remove(int slot) {
        int mask = keys.length - 1;
        keys[slot] = null;
        values[slot] = null;
        size--;
        int hole = slot;
        for (int next = (slot + 1) & mask; keys[next] != null; next = (next + 1) & mask) {
            int home = hashes[next] & mask;
            // Can the entry at 'next' move to 'hole'? Only if its home is not between hole and next.
            boolean homeInBetween = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!homeInBetween) {
                keys[hole] = keys[next];
                values[hole] = values[next];
                hashes[hole] = hashes[next];
                keys[next] = null;
                values[next] = null;
                hole = next;
            }
        }
        if (keys.length > MIN_CAPACITY && size * 8L < keys.length) {
            resize(keys.length / 2); // give memory back after a mass delete
        }
    }

    private void allocate(int capacity) {
        keys = new byte[capacity][];
        values = new byte[capacity][];
        hashes = new int[capacity];
    }

    private void resize(int capacity) {
        byte[][] oldKeys = keys;
        byte[][] oldValues = values;
        int[] oldHashes = hashes;
        allocate(capacity);
        int mask = capacity - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int slot = oldHashes[i] & mask; // the stored hash: no key is read again
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
                hashes[slot] = oldHashes[i];
            }
        }
    }
}
