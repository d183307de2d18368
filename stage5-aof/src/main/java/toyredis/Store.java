package toyredis;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * The map every client shares. Each strategy ({@link StoreKind}) makes a different promise about
 * what happens when many client threads call these methods at the same time; every method here
 * is atomic for its key. Keys are Latin-1 strings (one char per byte, so any bytes survive) and
 * values are bytes, never modified once stored. Every change is also reported to the store's
 * {@link Journal}, inside the same atomic step, so the journal's order is the store's order.
 *
 * <p>Expiry is lazy, as in Redis: an {@link Entry} carries its deadline, and a key whose deadline
 * has passed stays in the map (DBSIZE counts it) until a command looks at it. Each strategy has
 * one job here: its {@link #update} decides "dead or alive" inside the same atomic step as the
 * write, so a reader that finds a key dead can never delete a value someone has just written.
 */
public interface Store extends AutoCloseable {

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

        Entry(byte[] value) {
            this(value, NO_DEADLINE);
        }

        boolean aliveAt(long now) {
            return deadline == NO_DEADLINE || now <= deadline;
        }
    }

    /** The one clock (Unix milliseconds) and the count of keys found dead (INFO's expired_keys). */
    record Expiry(LongSupplier clock, LongAdder expiredKeys) {

        /**
         * {@link #update} on a plain map, for the strategies that guard one (a lock, a single
         * thread), journaling the change from what was stored (even dead) to what is stored now.
         */
        Entry update(Map<String, Entry> map, String key, UnaryOperator<Entry> change, Journal journal) {
            long now = clock.getAsLong();
            Entry stored = map.get(key);
            Entry before = alive(stored, now);
            Entry after = change.apply(before);
            if (after == null) {
                map.remove(key);
            } else {
                map.put(key, after);
            }
            journal.changed(key, stored, after, now);
            return before;
        }

        /** The entry if it is alive now, else null, counting it as expired if it was dead. */
        Entry alive(Entry stored, long now) {
            if (stored == null || stored.aliveAt(now)) {
                return stored;
            }
            expiredKeys.increment();
            return null;
        }
    }

    /** What is stored at key, even if its deadline has passed: a plain read, as cheap as the strategy allows. */
    Entry peek(String key);

    /**
     * In one atomic step: finds the live entry (null if missing or dead), stores what {@code change}
     * makes of it (null removes the key) and returns the live entry it found. {@code change} must
     * be a pure function: the atom strategy may run it more than once.
     */
    Entry update(String key, UnaryOperator<Entry> change);

    /** This store's clock and expired-key counter. */
    Expiry expiry();

    /** The live entry, or null. A dead key is removed by {@link #update}, never by a blind delete. */
    default Entry read(String key) {
        Entry found = peek(key);
        if (found == null || found.aliveAt(expiry().clock().getAsLong())) {
            return found;
        }
        return update(key, entry -> entry); // removes it only if it is still dead
    }

    /** The value, or null if the key is missing. */
    default byte[] get(String key) {
        Entry entry = read(key);
        return entry == null ? null : entry.value();
    }

    /**
     * Stores the value (with no deadline) if {@code condition} allows it, and returns the value that
     * was there before (null if none), whether or not it wrote: SET's NX, XX and GET options in one step.
     */
    default byte[] set(String key, byte[] value, SetCondition condition) {
        Entry before = update(key, entry -> condition.allows(entry == null ? null : entry.value()) ? new Entry(value) : entry);
        return before == null ? null : before.value();
    }

    /** Removes the key; true if it existed (and was alive). */
    default boolean delete(String key) {
        return update(key, entry -> null) != null;
    }

    /** Adds delta to the integer stored at key (a missing key counts as 0), keeping its deadline. */
    default long incrBy(String key, long delta) {
        Entry before = update(key, entry -> entry == null ? new Entry(toBytes(incremented(null, delta)))
                : new Entry(toBytes(incremented(entry.value(), delta)), entry.deadline()));
        return incremented(before == null ? null : before.value(), delta); // the same pure function
    }

    /** How many keys are stored, counting dead ones not removed yet (as Redis's DBSIZE does). */
    int size();

    /** How many stored keys have a deadline (INFO keyspace's expires=). */
    int withDeadline();

    static int withDeadline(java.util.Collection<Entry> entries) {
        return (int) entries.stream().filter(entry -> entry.deadline() != Entry.NO_DEADLINE).count();
    }

    /** Removes every key (FLUSHALL). */
    void clear();

    /**
     * Every entry, dead ones too, for rewriting the append-only file while clients keep writing.
     * It holds every change made before the call; a strategy without a cheap consistent copy may
     * also show some changes made while the caller iterates (a "fuzzy" snapshot: see {@link AofRewrite}).
     */
    Map<String, Entry> snapshot();

    /** This strategy's own counters (CAS retries, lock waits...), in a stable order; may be empty. */
    Map<String, Long> stats();

    /** Stops any thread the store owns. Call it only once no client uses the store any more. */
    @Override
    default void close() {
    }

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
