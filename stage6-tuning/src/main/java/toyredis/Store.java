package toyredis;

import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * The map every client shares. Each strategy ({@link StoreKind}) makes a different promise about
 * what happens when many client threads call these methods at the same time; every method here
 * is atomic for its key. Keys and values are the client's bytes, never modified once stored.
 * Every change is also reported to the store's {@link Journal}, inside the same atomic step, so
 * the journal's order is the store's order. Expiry as in stage 4: an {@link Entry} carries a deadline,
 * {@link #update} decides "dead or alive" in the same atomic step as the write.
 */
public interface Store {

    /** Thrown by {@link #incrBy} when the value is not a 64-bit integer. */
    final class NotAnIntegerException extends RuntimeException {
        NotAnIntegerException() {
            super("value is not an integer or out of range", null, false, false);
        }
    }

    /** Thrown by {@link #incrBy} when the result would not fit in 64 bits. */
    final class OverflowException extends RuntimeException {
        OverflowException() {
            super("increment or decrement would overflow", null, false, false);
        }
    }

    /** SET's NX and XX options: when a SET may write. */
    enum SetCondition {
        /** Plain SET: always. */
        ALWAYS,
        /** SET ... NX: only if the key does not exist yet. */
        IF_ABSENT,
        /** SET ... XX: only if the key already exists. */
        IF_PRESENT;

        /** Whether to write, given the value now stored (null if the key is missing). */
        boolean allows(byte[] current) {
            return switch (this) {
                case ALWAYS -> true;
                case IF_ABSENT -> current == null;
                case IF_PRESENT -> current != null;
            };
        }
    }

    /** A value and its deadline: Unix time in milliseconds, or {@link #NO_DEADLINE}. */
    record Entry(byte[] value, long deadline) {
        static final long NO_DEADLINE = -1;

        boolean aliveAt(long now) {
            return deadline == NO_DEADLINE || now <= deadline;
        }
    }

    /** The one clock (Unix milliseconds) and the count of keys found dead (INFO's expired_keys). */
    record Expiry(LongSupplier clock, LongAdder expiredKeys) {
        /** The entry if it is alive now, else null, counting it as expired if it was dead. */
        Entry alive(Entry stored) {
            if (stored == null || stored.deadline() == Entry.NO_DEADLINE || stored.aliveAt(clock.getAsLong())) {
                return stored;
            }
            expiredKeys.increment();
            return null;
        }
    }

    record Sample(int sampled, int expired) { } // one round of active expiry: keys with a deadline seen, dead ones deleted

    /** One atomic step: finds the live entry (null if missing or dead), stores and journals the pure {@code change}(it), returns it. */
    Entry update(byte[] key, UnaryOperator<Entry> change);

    /** This store's clock and expired-key counter. */
    Expiry expiry();

    /** How a store keeps an entry: its bytes alone when it has no deadline, so most keys pay nothing for expiry; and back. */
    static Object stored(Entry entry) {
        return entry == null || entry.deadline() != Entry.NO_DEADLINE ? entry : entry.value();
    }

    static byte[] valueOf(Entry entry) {
        return entry == null ? null : entry.value();
    }
    static Entry entry(Object stored) {
        return stored == null || stored instanceof Entry ? (Entry) stored : new Entry((byte[]) stored, Entry.NO_DEADLINE);
    }

    /** What GET answers for what is stored at key: a dead entry is judged again, and removed, by an update. */
    default byte[] liveValue(byte[] key, Object stored) {
        return !(stored instanceof Entry entry) ? (byte[]) stored
                : valueOf(entry.aliveAt(expiry().clock().getAsLong()) ? entry : update(key, same -> same));
    }

    /** How many stored keys have a deadline (INFO keyspace's expires=). */
    int withDeadline();

    /** Active expiry's round: up to {@code count} keys with a deadline, from the last round's place; deletes the dead ones. */
    default Sample expireSome(int count) {
        return new Sample(0, 0);
    }

    /** The value, or null if the key is missing or dead. */
    byte[] get(byte[] key);

    /**
     * Stores the value (with no deadline) if {@code condition} allows it, and returns the value
     * that was there before (null if none), whether or not it wrote: SET's NX, XX and GET options in one step.
     */
    default byte[] set(byte[] key, byte[] value, SetCondition condition) {
        return valueOf(update(key, entry -> condition.allows(valueOf(entry)) ? new Entry(value, Entry.NO_DEADLINE) : entry));
    }

    /** Removes the key; true if it existed (and was alive). */
    default boolean delete(byte[] key) {
        return update(key, entry -> null) != null;
    }

    /** Adds delta to the integer stored at key (a missing key counts as 0), keeping its deadline. */
    default long incrBy(byte[] key, long delta) {
        Entry before = update(key, entry -> new Entry(toBytes(incremented(valueOf(entry), delta)),
                entry == null ? Entry.NO_DEADLINE : entry.deadline()));
        return incremented(valueOf(before), delta); // the same pure function
    }

    /** How many keys are stored, counting dead ones not removed yet (as Redis's DBSIZE does). */
    int size();

    /** Removes every key (FLUSHALL). */
    void clear();

    /** What {@link #forEach} calls once per entry; the rewrite writes each one to its file. */
    interface EntryVisitor {
        void visit(byte[] key, byte[] value, long deadline) throws IOException;
    }

    /**
     * Calls {@code visitor} once per entry, for the rewrite while clients keep writing: every change
     * made before the call, and maybe some made while it runs (a "fuzzy" walk: see {@link AofRewrite}).
     */
    void forEach(EntryVisitor visitor) throws IOException;

    /**
     * What INCRBY stores after {@code current}: shared by every strategy so they differ only in
     * how they make the read-modify-write safe. Checks come in Redis's order: first "is it an
     * integer", then "does the sum fit".
     */
    static long incremented(byte[] current, long delta) {
        long value = 0;
        if (current != null) {
            Long parsed = RespReader.parseLong(current, 0, current.length);
            if (parsed == null) {
                throw new NotAnIntegerException();
            }
            value = parsed;
        }
        try {
            return Math.addExact(value, delta);
        } catch (ArithmeticException e) {
            throw new OverflowException();
        }
    }

    /** The decimal text of a number, as Redis stores the result of INCR. */
    static byte[] toBytes(long value) {
        return Long.toString(value).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
