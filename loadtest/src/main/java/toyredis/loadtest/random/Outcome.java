package toyredis.loadtest.random;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import toyredis.loadtest.protocol.Escapes;

/**
 * What a server sent back for one sequence: its replies one by one, any bytes that are not a
 * whole reply, and whether it hung up (or why nothing more came).
 */
public record Outcome(List<byte[]> replies, byte[] rest, String end) {

    public static final String OPEN = "kept the connection open";
    public static final String CLOSED = "closed the connection";

    /** Replies that read the clock: two servers asked a moment apart may differ by that moment. */
    private static final Set<String> SECONDS = Set.of("TTL", "EXPIRETIME");
    private static final Set<String> MILLISECONDS = Set.of("PTTL", "PEXPIRETIME");
    private static final long SECONDS_APART = 2;
    private static final long MILLISECONDS_APART = 2_000;

    /** Cuts a server's bytes into replies (status, error, integer, bulk, array). */
    static Outcome parse(byte[] received, String end) {
        List<byte[]> replies = new ArrayList<>();
        int at = 0;
        int next;
        while ((next = replyEnd(received, at)) > 0) {
            replies.add(Arrays.copyOfRange(received, at, next));
            at = next;
        }
        return new Outcome(replies, Arrays.copyOfRange(received, at, received.length), end);
    }

    /** Where the reply starting at {@code from} ends, or -1 if the bytes there are not a whole reply. */
    private static int replyEnd(byte[] b, int from) {
        int cr = lineEnd(b, from);
        if (cr < 0) {
            return -1;
        }
        byte type = b[from];
        if (type == '+' || type == '-' || type == ':') {
            return cr + 2;
        }
        long length;
        try {
            length = Long.parseLong(new String(b, from + 1, cr - from - 1, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return -1;
        }
        if (type == '$') {
            long end = length < 0 ? cr + 2 : cr + 2 + length + 2;
            return end <= b.length ? (int) end : -1;
        }
        if (type == '*') {
            int at = cr + 2;
            for (long i = 0; i < length && at > 0; i++) {
                at = replyEnd(b, at);
            }
            return at;
        }
        return -1;
    }

    private static int lineEnd(byte[] b, int from) {
        for (int i = from + 1; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The first way this differs from {@code reference} (null if none): a reply, the bytes after
     * the replies, or how the connection ended. {@code sequence} says which command each reply
     * answers, so that a clock-reading reply may differ within the time between the two servers.
     */
    public String differenceFrom(Outcome reference, Sequence sequence) {
        int common = Math.min(replies.size(), reference.replies.size());
        for (int i = 0; i < common; i++) {
            int request = sequence.requestAnswering(i);
            String name = request < 0 ? "" : sequence.requests().get(request).name();
            if (!sameReply(reference.replies.get(i), replies.get(i), name)) {
                return "reply " + (i + 1) + (request < 0 ? "" : ", to request " + (request + 1) + " (" + name + ")") + ", differs";
            }
        }
        if (replies.size() != reference.replies.size()) {
            return "the reference sent " + reference.replies.size() + " replies, this server " + replies.size();
        }
        if (!Arrays.equals(rest, reference.rest)) {
            return "the bytes after the last whole reply differ";
        }
        if (!end.equals(reference.end)) {
            return "the reference " + reference.end + ", this server " + end;
        }
        return null;
    }

    private static boolean sameReply(byte[] expected, byte[] actual, String command) {
        if (Arrays.equals(expected, actual)) {
            return true;
        }
        long apart = SECONDS.contains(command) ? SECONDS_APART : MILLISECONDS.contains(command) ? MILLISECONDS_APART : -1;
        Long a = positiveInteger(expected);
        Long b = positiveInteger(actual);
        return apart > 0 && a != null && b != null && Math.abs(a - b) <= apart;
    }

    /** The number of a ":n" reply with n > 0, else null (-1 and -2 must match exactly). */
    private static Long positiveInteger(byte[] reply) {
        if (reply.length < 4 || reply[0] != ':') {
            return null;
        }
        try {
            long n = Long.parseLong(new String(reply, 1, reply.length - 3, StandardCharsets.US_ASCII));
            return n > 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The replies as escaped strings, one per line, for the report. */
    public List<String> shown() {
        List<String> lines = new ArrayList<>();
        for (byte[] reply : replies) {
            lines.add("\"" + Escapes.escape(reply) + "\"");
        }
        if (rest.length > 0) {
            lines.add("then \"" + Escapes.escape(rest) + "\" (not a whole reply)");
        }
        lines.add("then " + end);
        return lines;
    }
}
