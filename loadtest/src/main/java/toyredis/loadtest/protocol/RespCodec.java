package toyredis.loadtest.protocol;

import java.nio.ByteBuffer;

/** RESP2: requests as arrays of bulk strings, replies typed by their first byte. */
final class RespCodec extends Codec {

    private static final byte[] PING = ascii("*1\r\n$4\r\nPING\r\n");
    private static final byte[] GET_HEAD = ascii("*2\r\n$3\r\nGET\r\n$" + KeySpace.keyLength(Op.GET) + "\r\n");
    private static final byte[] READ_COUNTER_HEAD = ascii("*2\r\n$3\r\nGET\r\n$" + KeySpace.keyLength(Op.READ_COUNTER) + "\r\n");
    private static final byte[] INCR_HEAD = ascii("*2\r\n$4\r\nINCR\r\n$" + KeySpace.keyLength(Op.INCR) + "\r\n");
    private static final byte[] SET_HEAD = ascii("*3\r\n$3\r\nSET\r\n$" + KeySpace.keyLength(Op.SET) + "\r\n");
    private static final byte[] CRLF = ascii("\r\n");

    /** "\r\n$<value size>\r\n": between the key and the value of a SET. */
    private final byte[] setMiddle;

    RespCodec(KeySpace keys) {
        super(keys, false);
        setMiddle = ascii("\r\n$" + keys.valueSize + "\r\n");
    }

    @Override
    public void writeRequest(ByteBuffer out, Op op, int key) {
        switch (op) {
            case PING -> out.put(PING);
            case GET, INCR, READ_COUNTER -> {
                out.put(op == Op.GET ? GET_HEAD : op == Op.INCR ? INCR_HEAD : READ_COUNTER_HEAD);
                KeySpace.writeKey(out, op, key);
                out.put(CRLF);
            }
            case GREETING -> { } // nothing to send: the server speaks first
            case SET -> {
                out.put(SET_HEAD);
                KeySpace.writeKey(out, op, key);
                out.put(setMiddle);
                keys.writeValue(out, key);
                out.put(CRLF);
            }
        }
    }

    @Override
    public boolean readReply(ByteBuffer in, Reply reply) throws ProtocolException {
        int start = in.position();
        if (start == in.limit()) {
            return false;
        }
        int cr = findCrlf(in, start);
        if (cr < 0) {
            return false;
        }
        byte type = in.get(start);
        switch (type) {
            case '+' -> reply.set(Reply.Kind.STATUS, start + 1, cr);
            case '-' -> reply.set(Reply.Kind.ERROR, start + 1, cr);
            case ':' -> {
                parseLength(in, start + 1, cr); // validates the digits
                reply.set(Reply.Kind.INTEGER, start + 1, cr);
            }
            case '$' -> {
                long length = parseLength(in, start + 1, cr);
                if (length == -1) {
                    reply.set(Reply.Kind.NIL, cr, cr);
                    break;
                }
                if (length < 0 || length > Integer.MAX_VALUE - 2) {
                    throw new ProtocolException("bad bulk length " + length);
                }
                int dataStart = cr + 2;
                long dataEnd = dataStart + length;
                if (dataEnd + 2 > in.limit()) {
                    return false; // the rest of the bulk string is still on its way
                }
                int end = (int) dataEnd;
                if (in.get(end) != '\r' || in.get(end + 1) != '\n') {
                    throw new ProtocolException("bulk string of " + length + " bytes not followed by \\r\\n");
                }
                reply.set(Reply.Kind.BULK, dataStart, end);
                in.position(end + 2);
                return true;
            }
            default -> throw new ProtocolException("unexpected reply type byte " + Escapes.escape(new byte[] {type}));
        }
        in.position(cr + 2);
        return true;
    }

    /** Index of the \r of the first line's \r\n, or -1 if the line is not complete yet. */
    private static int findCrlf(ByteBuffer in, int from) throws ProtocolException {
        int limit = in.limit();
        for (int i = from; i < limit; i++) {
            byte b = in.get(i);
            if (b == '\n') {
                throw new ProtocolException("line ends in \\n without \\r");
            }
            if (b == '\r') {
                if (i + 1 == limit) {
                    return -1;
                }
                if (in.get(i + 1) != '\n') {
                    throw new ProtocolException("\\r not followed by \\n");
                }
                return i;
            }
            if (i - from > MAX_LINE_BYTES) {
                throw new ProtocolException("reply line longer than " + MAX_LINE_BYTES + " bytes");
            }
        }
        return -1;
    }

    /** A signed decimal number in [from, to); ':' integers and '$' lengths share this syntax. */
    private static long parseLength(ByteBuffer in, int from, int to) throws ProtocolException {
        boolean negative = from < to && in.get(from) == '-';
        int i = negative ? from + 1 : from;
        if (i == to || to - i > 19) {
            throw new ProtocolException("bad number in reply");
        }
        long value = 0;
        for (; i < to; i++) {
            byte b = in.get(i);
            if (b < '0' || b > '9') {
                throw new ProtocolException("bad number in reply");
            }
            value = value * 10 + (b - '0');
        }
        return negative ? -value : value;
    }
}
