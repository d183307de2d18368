package toyredis;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One RESP2 reply. Commands return these values; {@link RespWriter} turns them into bytes. Text
 * that travels on the wire (simple strings, errors) is kept as Latin-1 strings, so that every
 * char is exactly one byte and a client's raw bytes echoed in an error come back unchanged.
 */
sealed interface Reply {

    /** {@code +OK\r\n}: a short status line. */
    record SimpleString(String text) implements Reply {
    }

    /** {@code -ERR message\r\n} (RESP calls it a simple error): the text includes its prefix (ERR, ...). */
    record SimpleError(String text) implements Reply {
    }

    /** {@code :42\r\n}: a RESP integer (named Int so that it does not hide java.lang.Integer). */
    record Int(long value) implements Reply {
    }

    /** {@code $3\r\nfoo\r\n}: binary-safe bytes. */
    record Bulk(byte[] bytes) implements Reply {
    }

    /** {@code $-1\r\n}: "no such key". */
    record NullBulk() implements Reply {
    }

    /** {@code *2\r\n...}: nested replies. */
    record Array(List<Reply> items) implements Reply {
    }

    Reply OK = new SimpleString("OK");
    Reply NULL = new NullBulk();

    static Reply error(String message) {
        return new SimpleError("ERR " + message);
    }

    static Reply bulk(byte[] bytesOrNull) {
        return bytesOrNull == null ? NULL : new Bulk(bytesOrNull);
    }

    static Reply bulk(String text) {
        return new Bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    static Reply integer(long value) {
        return new Int(value);
    }

    static Reply array(List<? extends Reply> items) {
        return new Array(List.copyOf(items));
    }

    static Reply array(Reply... items) {
        return new Array(List.of(items));
    }
}
