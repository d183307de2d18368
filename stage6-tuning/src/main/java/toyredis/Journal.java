package toyredis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Where a {@link Store} reports each change it made, as the command that replays it. A store
 * calls {@link #append} <em>inside</em> the atomic step that changed the map, so the journal sees
 * changes in the order the store applied them: two clients racing SETs on one key are logged in
 * the order that decided the live value. Every record is a blind write (an INCR is logged as the
 * SET of its result), so replaying a record never depends on what was there before it. Times are
 * absolute (as Redis 7 writes them): a restart after a key's deadline cannot bring it back.
 */
interface Journal {

    /** Adds one command to the journal. Called while the store holds its lock: must be quick. */
    void append(byte[]... command);

    /** Adds {@code SET key value}: the most common record, which a journal may write without building an array. */
    default void appendSet(byte[] key, byte[] value) {
        append(set(key, value));
    }

    /**
     * Returns once every record appended so far has reached the operating system (with
     * {@code appendfsync always}: the disk). A client handler calls it before sending replies, so
     * no reply ever reports a change that a crash of the process could lose.
     */
    default void awaitWritten() throws IOException {
    }

    /** The word SET, shared by every SET record (never modified). */
    byte[] SET = bytes("SET");

    /** The journal of a server without persistence: forgets everything. */
    Journal NONE = command -> { };

    static byte[][] set(byte[] key, byte[] value) {
        return new byte[][] {SET, key, value};
    }

    /** The record for a change from {@code old} (stored, alive or dead) to {@code now}; null if nothing changed. */
    static byte[][] change(byte[] key, Store.Entry old, Store.Entry now) {
        if (now == null) {
            return old == null ? null : delete(key);
        }
        boolean timed = now.deadline() != Store.Entry.NO_DEADLINE;
        if (old == null || old.value() != now.value()) { // a value is never modified: a new one is a new array
            return !timed ? set(key, now.value()) : new byte[][] {SET, key, now.value(), bytes("PXAT"), Store.toBytes(now.deadline())};
        }
        return old.deadline() == now.deadline() ? null
                : timed ? new byte[][] {bytes("PEXPIREAT"), key, Store.toBytes(now.deadline())} : new byte[][] {bytes("PERSIST"), key};
    }

    static byte[][] delete(byte[] key) {
        return new byte[][] {bytes("DEL"), key};
    }

    static byte[][] flushAll() {
        return new byte[][] {bytes("FLUSHALL")};
    }

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }
}
