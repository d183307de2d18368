package toyredis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Where a {@link Store} reports each change it made, as the command that replays it. A store
 * calls {@link #changed} <em>inside</em> the atomic step that changed the map, so the journal sees
 * changes in the order the store applied them: two clients racing SETs on one key are logged in
 * the order that decided the live value. Every record is a blind write (an INCR is logged as the
 * SET of its result), so replaying a record never depends on what was there before it.
 *
 * <p>Time is logged as Redis 7 logs it: absolute. "Expire in 10 s", replayed after a restart,
 * would start a fresh 10 s (see {@link #relativeTimes}); "expire at 12:00:10" means the same moment
 * on every replay, so a key whose deadline passed while the server was down stays dead.
 */
interface Journal {

    /** Adds one command to the journal. Called while the store holds its lock: must be quick. */
    void append(byte[]... command);

    /**
     * Returns once every record appended so far has reached the operating system (with
     * {@code appendfsync always}: the disk). A client handler calls it before sending replies, so
     * no reply ever reports a change that a crash of the process could lose.
     */
    default void awaitWritten() throws IOException {
    }

    /** THE PITFALL ({@code --aof-relative-ttl yes}): log times as received, "in N ms", not as deadlines. */
    default boolean relativeTimes() {
        return false;
    }

    /** Logs the change of key from {@code old} (as stored, maybe dead) to {@code after} (null: removed), made at {@code now}. */
    default void changed(String key, Store.Entry old, Store.Entry after, long now) {
        byte[][] record = record(key, old, after, now);
        if (record != null) {
            append(record);
        }
    }

    /**
     * The blind write that replays a change, or null if nothing changed: DEL if the key went (a
     * key found dead too), SET if the value changed, PEXPIREAT or PERSIST if only the deadline did.
     */
    default byte[][] record(String key, Store.Entry old, Store.Entry after, long now) {
        if (after == null) {
            return old == null ? null : words("DEL", key);
        }
        long deadline = after.deadline();
        boolean timed = deadline != Store.Entry.NO_DEADLINE;
        // The pitfall logs "in N ms", what is left now (at least 1: Redis refuses PX 0).
        String time = !timed ? null : Long.toString(relativeTimes() ? Math.max(1, deadline - now) : deadline);
        if (old == null || old.value() != after.value()) {
            return !timed ? words("SET", key, after.value()) : words("SET", key, after.value(), relativeTimes() ? "PX" : "PXAT", time);
        }
        return old.deadline() == deadline ? null : !timed ? words("PERSIST", key)
                : words(relativeTimes() ? "PEXPIRE" : "PEXPIREAT", key, time);
    }

    /** The journal of a server without persistence: forgets everything. */
    Journal NONE = command -> { };

    static byte[][] flushAll() {
        return words("FLUSHALL");
    }

    /** A command from words: Latin-1 strings, or byte arrays (values) kept as they are. */
    private static byte[][] words(Object... words) {
        byte[][] command = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            command[i] = words[i] instanceof byte[] bytes ? bytes : ((String) words[i]).getBytes(StandardCharsets.ISO_8859_1);
        }
        return command;
    }
}
