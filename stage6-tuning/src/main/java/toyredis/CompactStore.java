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
 * full: about 90 bytes, as Redis's 88.
 *
 * <p>Deadlines live in a second table of the same kind, as Redis keeps a second dict
 * ({@code expires}): only keys that have one pay for it, it holds the same key arrays, and active
 * expiry walks it to find keys with a deadline without looking at the others.
 */
final class CompactStore implements Store {

    private static final int MIN_CAPACITY = 16;

    private Table table = new Table();     // every key, with its value
    private Table deadlines = new Table(); // only keys with a deadline, with it (a Long)
    private int cursor;                    // where active expiry goes on in deadlines
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Lock read = lock.readLock();
    private final Lock write = lock.writeLock();
    private final Journal journal;
    private final Expiry expiry;

    CompactStore(Journal journal, Expiry expiry) {
        this.journal = journal;
        this.expiry = expiry;
    }

    @Override
    public byte[] get(byte[] key) {
        byte[] value;
        long deadline;
        read.lock();
        try {
            int hash = hash(key);
            int slot = table.find(key, hash);
            if (slot < 0) {
                return null;
            }
            value = (byte[]) table.values[slot];
            deadline = deadlines.size == 0 ? Entry.NO_DEADLINE : deadline(key, hash);
        } finally {
            read.unlock();
        }
        if (deadline == Entry.NO_DEADLINE || expiry.clock().getAsLong() < deadline) {
            return value;
        }
        Entry live = read(key); // found dead: judged again, and removed, under the write lock
        return live == null ? null : live.value();
    }

    /** Plain SET, the hot path: while no key has a deadline, nothing can be dead and no deadline needs clearing. */
    @Override
    public byte[] set(byte[] key, byte[] value, SetCondition condition) {
        write.lock();
        try {
            if (deadlines.size > 0) {
                return Store.super.set(key, value, condition); // the general step (the lock is reentrant)
            }
            int hash = hash(key);
            int slot = table.find(key, hash);
            byte[] before = slot >= 0 ? (byte[]) table.values[slot] : null;
            if (condition.allows(before)) {
                table.put(slot, key, hash, value);
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
            int hash = hash(key);
            int slot = table.find(key, hash);
            Entry stored = slot < 0 ? null : new Entry((byte[]) table.values[slot], deadline(key, hash));
            Entry live = expiry.alive(stored);
            Entry after = change.apply(live);
            byte[][] record = Journal.change(key, stored, after);
            if (record != null) {
                int timed = deadlines.find(key, hash);
                if (after == null) {
                    table.remove(slot);
                } else {
                    int at = table.put(slot, key, hash, after.value()); // may resize: read table.keys after it
                    key = table.keys[at]; // the array stored: both tables share it
                }
                if (after != null && after.deadline() != Entry.NO_DEADLINE) {
                    deadlines.put(timed, key, hash, after.deadline());
                } else if (timed >= 0) {
                    deadlines.remove(timed);
                }
                journal.append(record);
            }
            return live;
        } finally {
            write.unlock();
        }
    }

    private long deadline(byte[] key, int hash) {
        int slot = deadlines.find(key, hash);
        return slot < 0 ? Entry.NO_DEADLINE : (Long) deadlines.values[slot];
    }

    /** Walks the deadline table from where the last round stopped, as Redis's scan of {@code expires} does. */
    @Override
    public Sample expireSome(int count) {
        int sampled = 0;
        int expired = 0;
        write.lock();
        try {
            long now = expiry.clock().getAsLong();
            for (int visited = 0; sampled < count && deadlines.size > 0 && visited < count * 20; visited++) {
                cursor = (cursor + 1) & (deadlines.keys.length - 1);
                byte[] key = deadlines.keys[cursor];
                if (key == null) {
                    continue;
                }
                sampled++;
                if (now >= (Long) deadlines.values[cursor]) {
                    expired++;
                    update(key, entry -> entry); // dead: removed and journaled as DEL, as a read would
                    cursor--; // the removal may have shifted the next key back into this slot
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
    public int size() {
        return table.size;
    }

    @Override
    public int withDeadline() {
        return deadlines.size;
    }

    @Override
    public void clear() {
        write.lock();
        try {
            table = new Table();
            deadlines = new Table();
            journal.append(Journal.flushAll());
        } finally {
            write.unlock();
        }
    }

    /** The tables copied under the read lock (references only; keys and values are never modified), then walked without it. */
    @Override
    public void forEach(EntryVisitor visitor) throws IOException {
        Table k;
        Table d;
        read.lock();
        try {
            k = table.copy();
            d = deadlines.copy();
        } finally {
            read.unlock();
        }
        for (int slot = 0; slot < k.keys.length; slot++) {
            if (k.keys[slot] != null) {
                int timed = d.find(k.keys[slot], k.hashes[slot]);
                visitor.visit(k.keys[slot], (byte[]) k.values[slot], timed < 0 ? Entry.NO_DEADLINE : (Long) d.values[timed]);
            }
        }
    }

    /** The table's length, which grows and shrinks with the keys (for the tests). */
    int slots() {
        return table.keys.length;
    }

    /** The deadline table's length (for the tests). */
    int deadlineSlots() {
        return deadlines.keys.length;
    }

    /** A key's hash, mixed so that keys like key:1, key:2 spread out; its search starts at hash & mask. */
    private static int hash(byte[] key) {
        int h = Arrays.hashCode(key);
        h ^= h >>> 16; // MurmurHash3's finalizer
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ h >>> 16;
    }

    /** One table: linear probing, with deletions that shift later entries back. The store has two. */
    private static final class Table {
        byte[][] keys = new byte[MIN_CAPACITY][]; // null: a free slot
        Object[] values = new Object[MIN_CAPACITY];
        int[] hashes = new int[MIN_CAPACITY];
        volatile int size; // written under the write lock; DBSIZE reads it without one

        /** The key's slot, or, if it is missing, {@code -1 - (the free slot where it would go)}. */
        private int find(byte[] key, int hash) {
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

        /** Stores the value at the slot {@link #find} answered; returns the slot it is in. */
        private int put(int found, byte[] key, int hash, Object value) {
            if (found >= 0) {
                values[found] = value;
                return found;
            }
            if ((size + 1) * 4L > keys.length * 3L) { // keep the table at most three quarters full
                resize(keys.length * 2);
                found = find(key, hash);
            }
            int slot = -1 - found;
            keys[slot] = key;
            values[slot] = value;
            hashes[slot] = hash;
            size++;
            return slot;
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

        private void resize(int capacity) {
            byte[][] oldKeys = keys;
            Object[] oldValues = values;
            int[] oldHashes = hashes;
            keys = new byte[capacity][];
            values = new Object[capacity];
            hashes = new int[capacity];
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

        /** A table with the same entries (the arrays copied, not the keys and values in them). */
        private Table copy() {
            Table copy = new Table();
            copy.keys = keys.clone();
            copy.values = values.clone();
            copy.hashes = hashes.clone();
            return copy;
        }
    }
}
