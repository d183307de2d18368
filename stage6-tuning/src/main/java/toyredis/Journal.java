package toyredis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Where a {@link Store} reports each change it made, as the command that replays it. A store
 * calls {@link #append} <em>inside</em> the atomic step that changed the map, so the journal sees
 * changes in the order the store applied them: two clients racing SETs on one key are logged in
 * the order that decided the live value. Every record is a blind write (an INCR is logged as the
 * SET of its result), so replaying a record never depends on what was there before it.
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
