package toyredis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an append-only file one record at a time, strictly, knowing where each record starts.
 * Unlike {@link RespReader}, which forgives what clients send, it checks every byte: a record is
 * {@code *N\r\n} followed by N bulk strings {@code $L\r\n<L bytes>\r\n}. It tells apart the two
 * ways a file can be bad, because they are repaired differently:
 * <ul>
 *   <li><b>torn</b>: the file ends inside a record (the process died in the middle of a write).
 *       Everything before that record is good; dropping the partial record loses nothing that
 *       was acknowledged.</li>
 *   <li><b>damaged</b>: a byte is wrong before the end (a disk fault, a bad edit). What follows
 *       cannot be trusted, and silently dropping it could lose acknowledged writes.</li>
 * </ul>
 */
final class AofReader implements AutoCloseable {

    /** Why the file cannot be read to its end. */
    static final class BadRecordException extends Exception {

        private final boolean torn;
        private final long recordOffset;
        private final long okUpToLine;

        BadRecordException(boolean torn, long recordOffset, long okUpToLine, String detail) {
            super(detail, null, false, false);
            this.torn = torn;
            this.recordOffset = recordOffset;
            this.okUpToLine = okUpToLine;
        }

        /** True if the file simply ends inside the last record. */
        boolean torn() {
            return torn;
        }

        /** Where the bad record starts: every byte before it belongs to good records. */
        long recordOffset() {
            return recordOffset;
        }

        /** The line where the bad record starts, counting from 1 (redis-check-aof's ok_up_to_line). */
        long okUpToLine() {
            return okUpToLine;
        }
    }

    /** Redis's proto-max-bulk-len: no real record holds a longer string. */
    private static final long MAX_BULK_LENGTH = RespReader.DEFAULT_MAX_BULK_LENGTH;

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long offset;       // of the next byte read, from the start of the file
    private long lines;        // newlines read so far
    private long recordOffset; // where the current record started
    private long recordLines;  // lines before the current record
    private final byte[] digits = new byte[20]; // reused: a million records must not mean five million arrays

    AofReader(InputStream in) {
        this.in = in;
    }

    /** The next record, or null at the end of the file, which must fall between two records. */
    List<byte[]> next() throws IOException, BadRecordException {
        // lab 5.3: read one record strictly: null if the file ends before it, torn if it ends inside it, damaged at a wrong byte
        recordOffset = offset;
        recordLines = lines;
        int first = read();
        if (first < 0) {
            return null;
        }
        expect(first, '*');
        long count = readNumber(1, Integer.MAX_VALUE, "number of arguments");
        List<byte[]> record = new ArrayList<>((int) Math.min(count, 1024));
        for (long i = 0; i < count; i++) {
            expect(readOrTorn(), '$');
            long length = readNumber(0, MAX_BULK_LENGTH, "bulk length");
            record.add(readExactly((int) length));
            expect(readOrTorn(), '\r');
            expect(readOrTorn(), '\n');
        }
        return record;
        // end lab 5.3
    }

    /** Where the record last returned (or being read) starts. */
    long recordOffset() {
        return recordOffset;
    }

    /** How many bytes have been read: after a clean end, the size of the file. */
    long offset() {
        return offset;
    }

    /** The line after every record read so far, counting from 1 (as redis-check-aof counts). */
    long nextLine() {
        return lines + 1;
    }

    /** Reads {@code <digits>\r\n}: by Redis's integer rules, from min to max, or damage named at its first byte. */
    private long readNumber(long min, long max, String what) throws IOException, BadRecordException {
        long start = offset;
        int n = 0;
        for (int b = readOrTorn(); b != '\r'; b = readOrTorn()) {
            if (!(b >= '0' && b <= '9' || b == '-' && n == 0)) {
                offset--; // point at the wrong byte
                throw damaged("expected a digit or '\\r', got " + show(b));
            }
            if (n == digits.length) {
                offset = start; // point at the number
                throw damaged("invalid " + what + ": more than 20 characters");
            }
            digits[n++] = (byte) b;
        }
        expect(readOrTorn(), '\n');
        Long number = RespReader.parseLong(digits, 0, n);
        if (number == null || number < min || number > max) {
            offset = start; // point at the number
            throw damaged("invalid " + what + " '" + new String(digits, 0, n, StandardCharsets.ISO_8859_1) + "'");
        }
        return number;
    }

    private byte[] readExactly(int length) throws IOException, BadRecordException {
        byte[] bytes = new byte[Math.min(length, buffer.length)];
        int filled = 0;
        while (filled < length) {
            if (position == limit && !fill()) {
                throw torn();
            }
            if (filled == bytes.length) { // grow only as fast as the file delivers
                bytes = java.util.Arrays.copyOf(bytes, (int) Math.min(length, 2L * bytes.length));
            }
            int n = Math.min(limit - position, bytes.length - filled);
            System.arraycopy(buffer, position, bytes, filled, n);
            position += n;
            filled += n;
            offset += n;
        }
        return bytes;
    }

    private void expect(int actual, char expected) throws BadRecordException {
        if (actual != expected) {
            offset--; // point at the wrong byte
            throw damaged("expected " + show(expected) + ", got " + show(actual));
        }
    }

    private static String show(int b) {
        return switch (b) {
            case '\r' -> "'\\r'";
            case '\n' -> "'\\n'";
            default -> b >= 32 && b < 127 ? "'" + (char) b + "'" : String.format("byte 0x%02x", b);
        };
    }

    private int readOrTorn() throws IOException, BadRecordException {
        int b = read();
        if (b < 0) {
            throw torn();
        }
        return b;
    }

    private int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        offset++;
        int b = buffer[position++] & 0xff;
        if (b == '\n') {
            lines++;
        }
        return b;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private BadRecordException torn() {
        return new BadRecordException(true, recordOffset, recordLines + 1,
                "the file ends inside the record that starts at offset " + recordOffset);
    }

    private BadRecordException damaged(String what) {
        return new BadRecordException(false, recordOffset, recordLines + 1, "offset " + offset + ": " + what);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
