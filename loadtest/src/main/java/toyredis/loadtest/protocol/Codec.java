package toyredis.loadtest.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import toyredis.loadtest.load.ErrorKind;

/**
 * Writes requests and reads replies of one protocol straight to and from byte buffers, without
 * building Strings, then checks each reply against the request it answers.
 */
public abstract class Codec {

    /** Longest status, error or length line we accept before calling the reply garbage. */
    public static final int MAX_LINE_BYTES = 64 * 1024;

    private static final byte[] PONG = ascii("PONG");
    private static final byte[] OK = ascii("OK");

    public final KeySpace keys;
    /** Stage 2-3 replies are all text lines; RESP types a value as bulk string or integer. */
    private final boolean textReplies;

    public Codec(KeySpace keys, boolean textReplies) {
        this.keys = keys;
        this.textReplies = textReplies;
    }

    /** The most bytes one request can take (sizes the write buffers): measured by writing each kind once. */
    public final int maxRequestBytes() {
        int max = 0;
        ByteBuffer scratch = ByteBuffer.allocate(256 + keys.valueSize);
        for (Op op : Op.ALL) {
            scratch.clear();
            writeRequest(scratch, op, Integer.MAX_VALUE);
            max = Math.max(max, scratch.position());
        }
        return max;
    }

    public abstract void writeRequest(ByteBuffer out, Op op, int key);

    /**
     * Reads one reply starting at {@code in.position()}. Returns false, position unchanged, when
     * the reply has not fully arrived yet; otherwise moves the position past it.
     */
    public abstract boolean readReply(ByteBuffer in, Reply reply) throws ProtocolException;

    /** Null when the reply is right for the request, else the kind of error it is. */
    public final ErrorKind check(Op op, int key, Reply reply, ByteBuffer in) {
        if (reply.kind == Reply.Kind.ERROR) {
            return ErrorKind.ERROR_REPLY;
        }
        boolean right = switch (op) {
            case PING -> reply.kind == Reply.Kind.STATUS && contentEquals(in, reply, PONG);
            case SET -> reply.kind == Reply.Kind.STATUS && contentEquals(in, reply, OK);
            case GET -> reply.kind == (textReplies ? Reply.Kind.STATUS : Reply.Kind.BULK)
                    && keys.isValueOf(in, reply.start, reply.end, key);
            case INCR -> reply.kind == (textReplies ? Reply.Kind.STATUS : Reply.Kind.INTEGER)
                    && isPositiveInteger(in, reply.start, reply.end);
            case GREETING -> reply.kind == Reply.Kind.STATUS && reply.end > reply.start;
            case READ_COUNTER -> reply.kind == Reply.Kind.NIL || counterValue(in, reply) >= 0;
        };
        return right ? null : ErrorKind.WRONG_VALUE;
    }

    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    public static boolean contentEquals(ByteBuffer in, Reply reply, byte[] expected) {
        if (reply.end - reply.start != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (in.get(reply.start + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** The value of a counter read with READ_COUNTER: 0 when missing, -1 when not a counter. */
    public static long counterValue(ByteBuffer in, Reply reply) {
        if (reply.kind == Reply.Kind.NIL) {
            return 0;
        }
        if (reply.kind == Reply.Kind.ERROR || !isPositiveInteger(in, reply.start, reply.end)) {
            return -1;
        }
        long value = 0;
        for (int i = reply.start; i < reply.end; i++) {
            value = value * 10 + (in.get(i) - '0');
        }
        return value;
    }

    /** A counter after INCR is at least 1: digits only, no sign, not zero. */
    private static boolean isPositiveInteger(ByteBuffer in, int start, int end) {
        if (start == end || end - start > 19 || in.get(start) == '0') {
            return false;
        }
        for (int i = start; i < end; i++) {
            byte b = in.get(i);
            if (b < '0' || b > '9') {
                return false;
            }
        }
        return true;
    }
}
