package toyredis;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;

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
 * full: about 90 bytes, as Redis's 88. A key with a deadline holds an {@link Entry} (24 bytes) instead
 * of its bytes: only those pay for expiry. Active expiry walks the table, judging the slots that hold one.
 */
final class CompactStore implements Store {

    private static final int MIN_CAPACITY = 16;

    private byte[][] keys;   // null: a free slot
    private Object[] values; // a value's bytes, or an Entry if the key has a deadline
    private int[] hashes;
    private volatile int size; // written under the write lock; DBSIZE reads it without one
    private volatile int timed; // how many keys have a deadline (INFO's expires=)
    private int cursor;         // where active expiry goes on
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Lock read = lock.readLock();
    private final Lock write = lock.writeLock();
    private final Journal journal;
    private final Expiry expiry;

    CompactStore(Journal journal, Expiry expiry) {
        this.journal = journal;
        this.expiry = expiry;
        allocate(MIN_CAPACITY);
    }

    @Override
    public byte[] get(byte[] key) {
        Object stored;
        read.lock();
        try {
            int slot = find(key);
            stored = slot >= 0 ? values[slot] : null;
        } finally {
            read.unlock();
        }
        return liveValue(key, stored);
    }

    /** Plain SET, the hot path; a key with a deadline (to judge, then to clear) takes the general step. */
    @Override
    public byte[] set(byte[] key, byte[] value, SetCondition condition) {
        write.lock();
        try {
            int slot = find(key);
            if (slot >= 0 && values[slot] instanceof Entry) {
                return Store.super.set(key, value, condition); // the lock is reentrant
            }
            byte[] before = slot >= 0 ? (byte[]) values[slot] : null;
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
    public Entry update(byte[] key, UnaryOperator<Entry> change) {
        write.lock();
        try {
            int slot = find(key);
            Entry stored = Store.entry(slot >= 0 ? values[slot] : null);
            Entry live = expiry.alive(stored);
            Entry after = change.apply(live);
            byte[][] record = Journal.change(key, stored, after);
            if (record != null) {
                if (after == null) {
                    remove(slot);
                } else {
                    put(slot, key, Store.stored(after));
                }
                timed += (Store.stored(after) instanceof Entry ? 1 : 0) - (Store.stored(stored) instanceof Entry ? 1 : 0);
                journal.append(record);
            }
            return live;
        } finally {
            write.unlock();
        }
    }

    /** Walks the table from where the last round stopped, looking only at keys that hold an Entry. */
    @Override
    public Sample expireSome(int count) {
        int sampled = 0;
        int expired = 0;
        write.lock();
        try {
            long now = expiry.clock().getAsLong();
            for (int visited = 0; sampled < count && timed > 0 && visited < count * 20; visited++) {
                cursor = (cursor + 1) & (keys.length - 1);
                if (values[cursor] instanceof Entry entry) {
                    sampled++;
                    if (!entry.aliveAt(now)) {
                        expired++;
                        update(keys[cursor], same -> same); // dead: removed and journaled as DEL, as a read would
                        cursor--; // the removal may have shifted the next key back into this slot
                    }
                }
            }
        } finally {
            write.unlock();
        }
        return new Sample(sampled, expired);
    }

    @Override
    public Expiry expiry() {
        return expiry;
    }

    @Override
    public int withDeadline() {
        return timed;
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
            timed = 0;
            journal.append(Journal.flushAll());
        } finally {
            write.unlock();
        }
    }

    /** The arrays copied under the read lock (references only; keys and values are never modified), then walked without it. */
    @Override
    public void forEach(EntryVisitor visitor) throws IOException {
        byte[][] k;
        Object[] v;
        read.lock();
        try {
            k = keys.clone();
            v = values.clone();
        } finally {
            read.unlock();
        }
        for (int slot = 0; slot < k.length; slot++) {
            if (k[slot] != null) {
                Entry entry = Store.entry(v[slot]);
                visitor.visit(k[slot], entry.value(), entry.deadline());
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

    private void put(int found, byte[] key, Object value) {
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
        // lab 6.2: empty the slot, move back each later entry of its run that a search would stop short of, halve a table under 1/8 full
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
        // end lab 6.2
    }

    private void allocate(int capacity) {
        keys = new byte[capacity][];
        values = new Object[capacity];
        hashes = new int[capacity];
    }

    private void resize(int capacity) {
        byte[][] oldKeys = keys;
        Object[] oldValues = values;
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
