package toyredis;

import java.io.IOException;

/**
 * The map every client shares. Each strategy ({@link StoreKind}) makes a different promise about
 * what happens when many client threads call these methods at the same time; every method here
 * is atomic for its key. Keys and values are the client's bytes, never modified once stored.
 * Every change is also reported to the store's {@link Journal}, inside the same atomic step, so
 * the journal's order is the store's order.
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

    /** The value, or null if the key is missing. */
    byte[] get(byte[] key);

    /**
     * Stores the value if {@code condition} allows it, and returns the value that was there
     * before (null if none), whether or not it wrote: SET's NX, XX and GET options in one step.
     */
    byte[] set(byte[] key, byte[] value, SetCondition condition);

    /** Removes the key; true if it existed. */
    boolean delete(byte[] key);

    /** Adds delta to the integer stored at key (a missing key counts as 0) and returns the result. */
    long incrBy(byte[] key, long delta);

    /** How many keys are stored. */
    int size();

    /** Removes every key (FLUSHALL). */
    void clear();

    /** What {@link #forEach} calls once per entry; the rewrite writes each one to its file. */
    interface EntryVisitor {
        void visit(byte[] key, byte[] value) throws IOException;
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
