package toyredis;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

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
final class InlineSplitter {

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
