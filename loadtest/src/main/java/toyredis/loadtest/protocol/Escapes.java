package toyredis.loadtest.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Bytes shown as a Java-like string literal ({@code "+PONG\r\n"}), and read back from one. */
public final class Escapes {

    private Escapes() {
    }

    /** Printable text as is (UTF-8 included); \r \n \t \\ \" escaped; other bytes as \xNN. */
    public static String escape(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length + 8);
        String text = decodeStrictly(bytes);
        if (text == null) { // not UTF-8: show every byte that is not printable ASCII as \xNN
            for (byte b : bytes) {
                appendChar(out, b & 0xff, b < 0);
            }
            return out.toString();
        }
        text.codePoints().forEach(c -> appendChar(out, c, false));
        return out.toString();
    }

    private static void appendChar(StringBuilder out, int c, boolean forceHex) {
        switch (c) {
            case '\r' -> out.append("\\r");
            case '\n' -> out.append("\\n");
            case '\t' -> out.append("\\t");
            case '\\' -> out.append("\\\\");
            case '"' -> out.append("\\\"");
            default -> {
                if (forceHex || c < 0x20 || c == 0x7f) {
                    out.append(String.format("\\x%02x", c));
                } else {
                    out.appendCodePoint(c);
                }
            }
        }
    }

    private static String decodeStrictly(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The bytes a literal body stands for (without its quotes): the inverse of {@link #escape}. */
    public static byte[] unescape(String literal) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c != '\\') {
                int end = Character.isHighSurrogate(c) ? i + 2 : i + 1;
                out.writeBytes(literal.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
                continue;
            }
            if (i + 1 == literal.length()) {
                throw new IllegalArgumentException("a backslash at the end of " + literal);
            }
            char next = literal.charAt(++i);
            switch (next) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '\\' -> out.write('\\');
                case '"' -> out.write('"');
                case 'x' -> {
                    if (i + 2 >= literal.length()) {
                        throw new IllegalArgumentException("\\x needs two hex digits in " + literal);
                    }
                    out.write(Integer.parseInt(literal.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + next + " in " + literal);
            }
        }
        return out.toByteArray();
    }
}
