package toyredis.loadtest.protocol;

import java.nio.ByteBuffer;

/**
 * The stage 2-3 text protocol: a request is one line ({@code SET key value\r\n}), a reply is one
 * line ending in \n: the value, {@code OK}, an integer, {@code (nil)} or {@code ERR ...}.
 */
final class InlineCodec extends Codec {

    private static final byte[] PING = ascii("PING\r\n");
    private static final byte[] GET = ascii("GET ");
    private static final byte[] INCR = ascii("INCR ");
    private static final byte[] SET = ascii("SET ");
    private static final byte[] CRLF = ascii("\r\n");
    private static final byte[] ERR = ascii("ERR");
    private static final byte[] NIL = ascii("(nil)");

    InlineCodec(KeySpace keys) {
        super(keys, true);
    }

    @Override
    public void writeRequest(ByteBuffer out, Op op, int key) {
        switch (op) {
            case PING -> out.put(PING);
            case GREETING -> { } // nothing to send: the server speaks first
            case GET, INCR, READ_COUNTER -> {
                out.put(op == Op.INCR ? INCR : GET);
                KeySpace.writeKey(out, op, key);
                out.put(CRLF);
            }
            case SET -> {
                out.put(SET);
                KeySpace.writeKey(out, op, key);
                out.put((byte) ' ');
                keys.writeValue(out, key);
                out.put(CRLF);
            }
        }
    }

    @Override
    public boolean readReply(ByteBuffer in, Reply reply) throws ProtocolException {
        int start = in.position();
        int limit = in.limit();
        int maxLine = MAX_LINE_BYTES + keys.valueSize;
        for (int i = start; i < limit; i++) {
            if (in.get(i) == '\n') {
                int end = i > start && in.get(i - 1) == '\r' ? i - 1 : i;
                reply.set(Reply.Kind.STATUS, start, end);
                if (startsWith(in, reply, ERR)) {
                    reply.kind = Reply.Kind.ERROR;
                } else if (contentEquals(in, reply, NIL)) {
                    reply.kind = Reply.Kind.NIL;
                }
                in.position(i + 1);
                return true;
            }
            if (i - start > maxLine) {
                throw new ProtocolException("reply line longer than " + maxLine + " bytes");
            }
        }
        return false;
    }

    private static boolean startsWith(ByteBuffer in, Reply reply, byte[] prefix) {
        if (reply.end - reply.start < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (in.get(reply.start + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
