package toyredis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts the bytes a client sends into requests, however they arrive: one byte at a time, or
 * fifty pipelined requests in one read. Bytes go in with {@link #readFrom} (or {@link #feed} in
 * tests); {@link #next()} returns the next complete request, or null when it needs more bytes.
 *
 * <p>Like Redis ({@code processInputBuffer} in networking.c), the first byte decides the kind of
 * request: {@code *} starts a RESP array of bulk strings, anything else is an inline line. A RESP
 * request is read in states that survive between reads:
 * <pre>
 *   START ──'*'──▶ ARRAY_HEADER ──*N──▶ BULK_HEADER ──$L──▶ BULK_DATA ──(N times)──▶ complete
 *     └──other──▶ INLINE_LINE ──'\n'──▶ complete
 * </pre>
 * Nothing is allocated from a header before the bytes it announces arrive: a client claiming a
 * 500 MB bulk string gets a buffer that grows only as fast as it actually sends.
 */
final class RespReader {

    /**
     * The client broke the protocol. The message is Redis's exact error text; the server sends it
     * and closes the connection, because after a framing error it can no longer tell where the
     * next request starts.
     */
    static final class ProtocolException extends Exception {

        ProtocolException(String what) {
            super("ERR Protocol error: " + what, null, false, false);
        }
    }

    /** Redis's PROTO_INLINE_MAX_SIZE: the longest inline line, array header or bulk header. */
    static final int MAX_HEADER_BYTES = 64 * 1024;
    /** Redis's default proto-max-bulk-len: 512 MB. */
    static final long DEFAULT_MAX_BULK_LENGTH = 512L * 1024 * 1024;
    /** Redis reads at most 16 KiB per call (PROTO_IOBUF_LEN); so do we, so limits trip alike. */
    static final int READ_CHUNK = 16 * 1024;
    /** Never reserve room for more arguments than this up front, whatever the header says. */
    private static final int MAX_PREALLOCATED_ARGS = 1024;

    private final long maxBulkLength;

    private byte[] buffer = new byte[READ_CHUNK];
    private int position; // first unread byte
    private int limit;    // one past the last byte received

    // State of a RESP request in progress (Redis keeps the same three fields per client).
    private int argumentsLeft;              // 0: between requests
    private long bulkLength = -1;           // -1: the next thing to read is a $ header
    private List<byte[]> arguments;

    RespReader(long maxBulkLength) {
        this.maxBulkLength = maxBulkLength;
    }

    /** Reads once from the client; -1 when it has hung up. */
    int readFrom(InputStream in) throws IOException {
        makeRoom(READ_CHUNK);
        int n = in.read(buffer, limit, READ_CHUNK);
        if (n > 0) {
            limit += n;
        }
        return n;
    }

    /** Appends bytes as if they had been read from the socket. */
    void feed(byte[] bytes) {
        makeRoom(bytes.length);
        System.arraycopy(bytes, 0, buffer, limit, bytes.length);
        limit += bytes.length;
    }

    /**
     * The next complete request (never empty), or null if the buffer holds no complete request.
     * Empty inline lines and {@code *0}/{@code *-1} arrays are skipped, as Redis skips them.
     */
    List<byte[]> next() throws ProtocolException {
        while (position < limit || argumentsLeft > 0) {
            List<byte[]> request = argumentsLeft > 0 || buffer[position] == '*' ? nextArray() : nextInline();
            if (request == null) {
                return null; // incomplete: wait for more bytes
            }
            if (!request.isEmpty()) {
                return request;
            }
        }
        return null;
    }

    private List<byte[]> nextInline() throws ProtocolException {
        int newline = indexOf('\n');
        if (newline < 0) {
            if (limit - position > MAX_HEADER_BYTES) {
                throw new ProtocolException("too big inline request");
            }
            return null;
        }
        int lineEnd = newline > position && buffer[newline - 1] == '\r' ? newline - 1 : newline;
        try {
            List<byte[]> request = InlineSplitter.split(buffer, position, lineEnd);
            position = newline + 1;
            return request;
        } catch (InlineSplitter.UnbalancedQuotesException e) {
            throw new ProtocolException("unbalanced quotes in request");
        }
    }

    private List<byte[]> nextArray() throws ProtocolException {
        // lab 4.1: read the *count header once, then each $length header and its bytes as they arrive, keeping argumentsLeft, bulkLength and arguments between calls
        if (argumentsLeft == 0) {
            Long count = readHeaderNumber("too big mbulk count string");
            if (count == null) {
                return null;
            }
            if (count > Integer.MAX_VALUE) {
                throw new ProtocolException("invalid multibulk length");
            }
            if (count <= 0) {
                return List.of(); // Redis ignores *0 and *-1
            }
            argumentsLeft = (int) (long) count;
            arguments = new ArrayList<>(Math.min(argumentsLeft, MAX_PREALLOCATED_ARGS));
        }
        while (argumentsLeft > 0) {
            if (bulkLength < 0 && !readBulkHeader()) {
                return null;
            }
            // Wait for the data and its CRLF. Redis skips those two bytes without checking them.
            if (limit - position < bulkLength + 2) {
                return null;
            }
            arguments.add(Arrays.copyOfRange(buffer, position, position + (int) bulkLength));
            position += (int) bulkLength + 2;
            bulkLength = -1;
            argumentsLeft--;
        }
        List<byte[]> request = arguments;
        arguments = null;
        return request;
        // end lab 4.1
    }

    /** Reads {@code $<length>\r\n}; false if it has not fully arrived yet. */
    private boolean readBulkHeader() throws ProtocolException {
        int cr = indexOf('\r');
        if (cr < 0) {
            if (limit - position > MAX_HEADER_BYTES) {
                throw new ProtocolException("too big bulk count string");
            }
            return false;
        }
        if (cr + 1 >= limit) {
            return false; // the \n after the \r has not arrived
        }
        if (buffer[position] != '$') {
            throw new ProtocolException("expected '$', got '" + (char) (buffer[position] & 0xff) + "'");
        }
        Long length = parseLong(buffer, position + 1, cr);
        if (length == null || length < 0 || length > maxBulkLength) {
            throw new ProtocolException("invalid bulk length");
        }
        position = cr + 2;
        bulkLength = length;
        return true;
    }

    /** Reads {@code *<count>\r\n}; null if it has not fully arrived yet. */
    private Long readHeaderNumber(String tooBigMessage) throws ProtocolException {
        int cr = indexOf('\r');
        if (cr < 0) {
            if (limit - position > MAX_HEADER_BYTES) {
                throw new ProtocolException(tooBigMessage);
            }
            return null;
        }
        if (cr + 1 >= limit) {
            return null;
        }
        Long count = parseLong(buffer, position + 1, cr);
        if (count == null) {
            throw new ProtocolException("invalid multibulk length");
        }
        position = cr + 2; // Redis does not check that the byte after \r is \n
        return count;
    }

    private int indexOf(char b) {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Makes room for {@code bytes} more bytes: first by dropping what has been consumed, then by
     * doubling. The buffer only grows when received bytes fill it, never on a header's promise.
     */
    private void makeRoom(int bytes) {
        if (buffer.length - limit >= bytes) {
            return;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (buffer.length - limit < bytes) {
            long wanted = Math.max((long) limit + bytes, 2L * buffer.length);
            buffer = Arrays.copyOf(buffer, (int) Math.min(wanted, Integer.MAX_VALUE - 8));
        }
    }

    /**
     * Redis's rules for reading a 64-bit integer from bytes ({@code string2ll} in Redis's util.c):
     * optional {@code -}, no {@code +}, no spaces, no leading zeros, at most 20 characters, and
     * nothing that overflows. Used for headers, INCRBY arguments and stored values alike, so
     * {@code "007"} or {@code " 7"} is never a number, exactly as in Redis. Null if not a number.
     */
    static Long parseLong(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length == 0 || length > 20) { // the longest is -9223372036854775808
            return null;
        }
        if (length == 1 && bytes[from] == '0') {
            return 0L;
        }
        int firstDigit = bytes[from] == '-' ? from + 1 : from;
        if (firstDigit == to || bytes[firstDigit] < '1' || bytes[firstDigit] > '9') {
            return null; // a lone "-", a leading zero, "-0", or not a digit at all
        }
        for (int i = firstDigit + 1; i < to; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(new String(bytes, from, length, StandardCharsets.ISO_8859_1));
        } catch (NumberFormatException tooBig) {
            return null;
        }
    }

    /**
     * Splits an inline command line into arguments the way Redis does ({@code sdssplitargs} in
     * sds.c), so that {@code SET "a key" 'it\'s'} typed into {@code nc} means the same here:
     * <ul>
     *   <li>arguments are separated by blanks (space, tab, CR, LF, vertical tab, form feed);</li>
     *   <li>{@code "..."} understands {@code \n \r \t \b \a}, {@code \xHH} and {@code \<any>};</li>
     *   <li>{@code '...'} is literal except for {@code \'};</li>
     *   <li>a closing quote must be followed by a blank or the end of the line;</li>
     *   <li>a NUL byte ends the line, as it ends a C string in Redis.</li>
     * </ul>
     */
    static final class InlineSplitter {

        /** Unbalanced quotes, or a closing quote glued to the next character. */
        static final class UnbalancedQuotesException extends Exception {
            UnbalancedQuotesException() {
                super(null, null, false, false);
            }
        }

        private final byte[] line;
        private final int end;
        private int p;

        private InlineSplitter(byte[] line, int from, int to) {
            this.line = line;
            this.p = from;
            this.end = to;
        }

        /** The arguments of {@code line[from..to)}; an empty list for a blank line. */
        static List<byte[]> split(byte[] line, int from, int to) throws UnbalancedQuotesException {
            return new InlineSplitter(line, from, to).splitAll();
        }

        /** The byte at {@code i}, or 0 past the end (C's string terminator). */
        private int at(int i) {
            return i < end ? line[i] & 0xff : 0;
        }

        private List<byte[]> splitAll() throws UnbalancedQuotesException {
            List<byte[]> args = new ArrayList<>();
            while (true) {
                while (at(p) != 0 && isSpace(at(p))) {
                    p++;
                }
                if (at(p) == 0) {
                    return args;
                }
                args.add(nextToken());
            }
        }

        private byte[] nextToken() throws UnbalancedQuotesException {
            ByteArrayOutputStream token = new ByteArrayOutputStream();
            boolean inDoubleQuotes = false;
            boolean inSingleQuotes = false;
            boolean done = false;
            while (!done) {
                int c = at(p);
                if (inDoubleQuotes) {
                    if (c == '\\' && at(p + 1) == 'x' && isHex(at(p + 2)) && isHex(at(p + 3))) {
                        token.write(Character.digit(at(p + 2), 16) * 16 + Character.digit(at(p + 3), 16));
                        p += 3;
                    } else if (c == '\\' && at(p + 1) != 0) {
                        p++;
                        token.write(unescape(at(p)));
                    } else if (c == '"') {
                        closingQuote();
                        done = true;
                    } else if (c == 0) {
                        throw new UnbalancedQuotesException();
                    } else {
                        token.write(c);
                    }
                } else if (inSingleQuotes) {
                    if (c == '\\' && at(p + 1) == '\'') {
                        p++;
                        token.write('\'');
                    } else if (c == '\'') {
                        closingQuote();
                        done = true;
                    } else if (c == 0) {
                        throw new UnbalancedQuotesException();
                    } else {
                        token.write(c);
                    }
                } else {
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inDoubleQuotes = true;
                        case '\'' -> inSingleQuotes = true;
                        default -> token.write(c);
                    }
                }
                if (at(p) != 0) {
                    p++;
                }
            }
            return token.toByteArray();
        }

        /** A closing quote must end the argument: {@code "a"b} is an error, not {@code ab}. */
        private void closingQuote() throws UnbalancedQuotesException {
            if (at(p + 1) != 0 && !isSpace(at(p + 1))) {
                throw new UnbalancedQuotesException();
            }
        }

        private static int unescape(int c) {
            return switch (c) {
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'b' -> '\b';
                case 'a' -> 7; // bell
                default -> c;
            };
        }

        /** C's isspace() in the "C" locale. */
        private static boolean isSpace(int c) {
            return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
        }

        private static boolean isHex(int c) {
            return Character.digit(c, 16) >= 0 && c < 128;
        }
    }
}
