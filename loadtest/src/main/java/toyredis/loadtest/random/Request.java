package toyredis.loadtest.random;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One request of a random sequence: the bytes on the wire (RESP or inline), the same request as a
 * redis-cli line (null for raw protocol that redis-cli cannot send), the command name for the
 * report, whether a server answers it at all (an empty inline line gets no reply), and whether
 * it ends the connection (QUIT, a protocol error: the server replies, then hangs up).
 */
public record Request(byte[] bytes, String script, String name, boolean answered, boolean closes) {

    /** A command as a RESP array of bulk strings. */
    static Request resp(List<byte[]> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("*" + args.size() + "\r\n"));
        for (byte[] arg : args) {
            out.writeBytes(ascii("$" + arg.length + "\r\n"));
            out.writeBytes(arg);
            out.writeBytes(ascii("\r\n"));
        }
        return new Request(out.toByteArray(), scriptLine(args), name(args), true, isQuit(args));
    }

    /** A command as an inline line: arguments separated by spaces, quoted where they must be. */
    static Request inline(List<byte[]> args, String separator, String lineEnd) {
        StringBuilder line = new StringBuilder();
        for (byte[] arg : args) {
            line.append(line.isEmpty() ? "" : separator).append(quoted(arg));
        }
        return new Request(ascii(line + lineEnd), scriptLine(args), name(args), true, isQuit(args));
    }

    /** Bytes redis-cli cannot send as a command: an empty line, an empty array. */
    static Request unanswered(String bytes, String name) {
        return new Request(ascii(bytes), null, name, false, false);
    }

    /** A protocol error: Redis replies with an error and hangs up. */
    static Request protocolError(String bytes, String name) {
        return new Request(ascii(bytes), null, name, true, true);
    }

    /** Raw bytes that get one reply; {@code script} is the same request for redis-cli, or null. */
    static Request answered(String bytes, String name, String script) {
        return new Request(ascii(bytes), script, name, true, false);
    }

    /** The argument as redis-cli and Redis's inline parser read it: bare if plain, else in double quotes. */
    static String quoted(byte[] arg) {
        boolean plain = arg.length > 0;
        for (byte b : arg) {
            plain &= (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || "_:.+-".indexOf(b) >= 0;
        }
        if (plain) {
            return new String(arg, StandardCharsets.US_ASCII);
        }
        StringBuilder out = new StringBuilder("\"");
        for (byte b : arg) {
            int c = b & 0xff;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
            }
        }
        return out.append('"').toString();
    }

    private static String scriptLine(List<byte[]> args) {
        StringBuilder line = new StringBuilder();
        for (byte[] arg : args) {
            line.append(line.isEmpty() ? "" : " ").append(quoted(arg));
        }
        return line.toString();
    }

    private static String name(List<byte[]> args) {
        return args.isEmpty() ? "" : new String(args.getFirst(), StandardCharsets.ISO_8859_1).toUpperCase(java.util.Locale.ROOT);
    }

    private static boolean isQuit(List<byte[]> args) {
        return name(args).equals("QUIT");
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
