package toyredis;

import java.io.IOException;
import java.io.InputStream;
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
        Long length = RedisNumbers.parseLong(buffer, position + 1, cr);
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
        Long count = RedisNumbers.parseLong(buffer, position + 1, cr);
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
}
