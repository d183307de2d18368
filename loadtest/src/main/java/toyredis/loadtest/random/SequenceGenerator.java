package toyredis.loadtest.random;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Makes a random sequence from a seed (the same seed, the same sequence): every command stages
 * 4-6 implement, valid and invalid, over six keys so that commands collide. Arguments come from
 * pools of edge cases: numbers at and past the 64-bit limits, empty and binary strings, options
 * in odd orders and cases, deadlines in the past, zero and far away. Times are chosen so that no
 * key expires while a sequence runs: a relative deadline is zero, negative, or at least ten days
 * away, and each is distinct, so that GT and LT compare the same way on both servers.
 */
public final class SequenceGenerator {

    public static final int MAX_REQUESTS = 24;
    public static final int MAX_CUTS = 8;

    private static final String[] KEYS = {"k1", "k2", "k3", "", "b\u0000\u00ff", "\u00ce\u00ba"};
    private static final String[] VALUES = {"v", "", "0", "1", "-1", "10", "9223372036854775807", "9223372036854775806",
        "-9223372036854775808", "-9223372036854775807", "9223372036854775808", "18446744073709551616", " 1", "1 ",
        "+1", "01", "-0", "1e3", "0x10", "3.0", "\u0000", "a b", "\"q\"", "x".repeat(100), "\r\n"};
    private static final String[] COUNTS = {"1", "-1", "0", "5", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "abc", "", "1.5", " 2", "+3"};
    /** Seconds and milliseconds that can never be a near future deadline (see the class comment). */
    private static final String[] BAD_TIMES = {"0", "-1", "-100", "abc", "", "1.5", "9223372036854775807",
        "-9223372036854775808", "9223372036854775808", "9223372036854776", "4611686018427387904", " 5"};
    private static final String[] PAST_SECONDS = {"1", "0", "-1", "1700000000"};
    private static final String[] FUTURE_SECONDS = {"4102444800", "4102444801"}; // 2100-01-01
    private static final String[] UNKNOWN = {"FOO", "GETT", "SETX", "hullo world", "x".repeat(140), "\u0000"};

    private final SplittableRandom random;
    /** Makes each relative deadline of a sequence distinct (see the class comment). */
    private int deadlines;

    private SequenceGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The sequence for {@code seed}: requests, then the points where the bytes are cut into writes. */
    public static Sequence generate(long seed) {
        return new SequenceGenerator(seed).sequence(seed);
    }

    private Sequence sequence(long seed) {
        List<Request> requests = new ArrayList<>();
        int count = 1 + random.nextInt(MAX_REQUESTS - 1);
        for (int i = 0; i < count; i++) {
            requests.add(switch (random.nextInt(40)) {
                case 0 -> Request.unanswered(pick("\r\n", "\n", " \r\n", "\t\n"), "(empty line)");
                case 1 -> Request.unanswered(pick("*0\r\n", "*-1\r\n", "*-5\r\n"), "(empty array)");
                case 2 -> Request.answered("*2\r\n$4\r\nECHO\r\n$1\r\nv" + pick("xy", "\r\n", "\n\r"), "(bulk string with any 2 bytes after it)", null);
                case 3, 4, 5 -> inlineEcho();
                default -> encode(command());
            });
        }
        if (random.nextInt(8) == 0) {
            requests.add(closer());
            if (random.nextBoolean()) {
                requests.add(encode(command())); // sent after the close: must get no reply
            }
        }
        int length = requests.stream().mapToInt(r -> r.bytes().length).sum();
        List<Integer> cuts = new ArrayList<>();
        int n = random.nextInt(MAX_CUTS + 1);
        for (int i = 0; i < n && length > 1; i++) {
            cuts.add(1 + random.nextInt(length - 1));
        }
        return new Sequence(seed, requests, cuts);
    }

    /** RESP most of the time, else inline with one space or several, and \r\n or \n. */
    private Request encode(List<byte[]> args) {
        if (random.nextInt(3) > 0) {
            return Request.resp(args);
        }
        return Request.inline(args, random.nextInt(4) == 0 ? "  " : " ", random.nextInt(4) == 0 ? "\n" : "\r\n");
    }

    /**
     * ECHO and one inline word made the hard way: bare text (a backslash is just a backslash
     * there), then perhaps a double-quoted part with escapes (\x41, \xzz, \n, \a, \"...) or a
     * single-quoted one (only \' is an escape). The reply shows how the server split the line.
     */
    private Request inlineEcho() {
        StringBuilder word = new StringBuilder();
        int bare = random.nextInt(3);
        for (int i = 0; i < bare; i++) {
            word.append(pick("a", "b1", "\\", "x{", "\u00e9", "\\n"));
        }
        switch (random.nextInt(3)) {
            case 0 -> {
                word.append('"');
                int parts = random.nextInt(4);
                for (int i = 0; i < parts; i++) {
                    word.append(pick("a b", "\\x41", "\\xzz", "\\x4g", "\\n", "\\r", "\\t", "\\a", "\\b", "\\\\", "\\\"", "\\q", "'"));
                }
                word.append('"');
            }
            case 1 -> {
                word.append('\'');
                int parts = random.nextInt(3);
                for (int i = 0; i < parts; i++) {
                    word.append(pick("a b", "\\'", "\\n", "\""));
                }
                word.append('\'');
            }
            default -> word.append(word.isEmpty() ? "w" : "");
        }
        String gap = pick(" ", "  ", "\t", " \t ");
        String line = (random.nextInt(4) == 0 ? " " : "") + cased("ECHO") + gap + word + pick("", " ", "\t") + pick("\r\n", "\n");
        return Request.answered(line, "ECHO", line.strip());
    }

    /** The end of a connection: QUIT, or a protocol error after which Redis replies and hangs up. */
    private Request closer() {
        if (random.nextInt(3) == 0) {
            return Request.protocolError(pick("*01\r\n", "*+1\r\n", "* 1\r\n", "*1 \r\n", "*1\r\n$04\r\n", "*1\r\n$+4\r\n",
                    "*1\r\n$-0\r\n", "ECHO \"a\"b\r\n", "ECHO 'a'b\r\n", "ECHO \"a\\\"\r\n"), "(malformed header or quotes)");
        }
        return switch (random.nextInt(9)) {
            case 0 -> encode(List.of(bytes(cased("QUIT"))));
            case 1 -> Request.protocolError("*abc\r\n", "(bad array length)");
            case 2 -> Request.protocolError("*1\r\nx\r\n", "(no $ before a bulk string)");
            case 3 -> Request.protocolError("*1\r\n$x\r\n", "(bad bulk length)");
            case 4 -> Request.protocolError("*2147483648\r\n", "(array longer than 2147483647)");
            case 5 -> Request.protocolError("*1\r\n$536870913\r\n", "(bulk string longer than 512 MB)");
            case 6 -> Request.protocolError("SET \"a b\r\n", "(unbalanced quotes)");
            case 7 -> Request.protocolError("GET \"a\"b\r\n", "(no space after a closing quote)");
            default -> Request.protocolError("*2\r\n$3\r\nGET\r\n$-1\r\n", "(negative bulk length)");
        };
    }

    private List<byte[]> command() {
        List<String> args = switch (random.nextInt(20)) {
            case 0, 1, 2, 3 -> set();
            case 4, 5 -> List.of("GET", key());
            case 6 -> List.of(pick("INCR", "DECR"), key());
            case 7 -> List.of(pick("INCRBY", "DECRBY"), key(), pick(COUNTS));
            case 8 -> many(pick("DEL", "EXISTS"));
            case 9, 10 -> expire();
            case 11, 12 -> List.of(pick("TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"), key());
            case 13 -> getex();
            case 14 -> List.of("PERSIST", key());
            case 15 -> random.nextBoolean() ? List.of("PING") : List.of(pick("PING", "ECHO"), value());
            case 16 -> random.nextBoolean() ? List.of("DBSIZE") : List.of("SELECT", pick("0", "-1", "16", "2147483648", "x", ""));
            case 17 -> random.nextInt(4) == 0 ? List.of(pick("FLUSHALL", "FLUSHDB"), pick("ASYNC", "SYNC", "x")) : List.of("DBSIZE");
            case 18 -> List.of(pick(UNKNOWN), value());
            default -> List.of("GET", key());
        };
        List<String> edited = new ArrayList<>(args);
        edited.set(0, cased(edited.getFirst()));
        if (random.nextInt(20) == 0 && edited.size() > 1) {
            edited.removeLast(); // wrong arity (or a missing option argument)
        } else if (random.nextInt(20) == 0) {
            edited.add(value()); // one argument too many
        }
        return edited.stream().map(SequenceGenerator::bytes).toList();
    }

    /** SET key value with 0-3 options from NX, XX, GET, EX, PX, EXAT, PXAT, KEEPTTL, in any order and case. */
    private List<String> set() {
        List<String> args = new ArrayList<>(List.of("SET", key(), value()));
        int options = random.nextInt(4);
        for (int i = 0; i < options; i++) {
            switch (random.nextInt(9)) {
                case 0 -> args.add(cased("NX"));
                case 1 -> args.add(cased("XX"));
                case 2 -> args.add(cased("GET"));
                case 3 -> args.add(cased("KEEPTTL"));
                case 4 -> args.addAll(List.of(cased("EX"), relative(false)));
                case 5 -> args.addAll(List.of(cased("PX"), relative(true)));
                case 6 -> args.addAll(List.of(cased("EXAT"), absolute(false)));
                case 7 -> args.addAll(List.of(cased("PXAT"), absolute(true)));
                default -> args.add(cased(pick("FOO", "EXX", "N X")));
            }
        }
        return args;
    }

    /** EXPIRE, PEXPIRE, EXPIREAT or PEXPIREAT, with sometimes NX, XX, GT or LT (even two). */
    private List<String> expire() {
        String command = pick("EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT");
        boolean millis = command.startsWith("P");
        String time = command.endsWith("AT") ? absolute(millis) : relative(millis);
        List<String> args = new ArrayList<>(List.of(command, key(), time));
        int options = random.nextInt(5) < 3 ? 0 : 1 + random.nextInt(2);
        for (int i = 0; i < options; i++) {
            args.add(cased(pick("NX", "XX", "GT", "LT", "FOO")));
        }
        return args;
    }

    private List<String> getex() {
        List<String> args = new ArrayList<>(List.of("GETEX", key()));
        switch (random.nextInt(7)) {
            case 0 -> { }
            case 1 -> args.addAll(List.of(cased("EX"), relative(false)));
            case 2 -> args.addAll(List.of(cased("PX"), relative(true)));
            case 3 -> args.addAll(List.of(cased("EXAT"), absolute(false)));
            case 4 -> args.addAll(List.of(cased("PXAT"), absolute(true)));
            case 5 -> args.add(cased("PERSIST"));
            default -> args.addAll(List.of(cased("EX"), relative(false), cased("PERSIST")));
        }
        return args;
    }

    private List<String> many(String command) {
        List<String> args = new ArrayList<>(List.of(command, key()));
        int more = random.nextInt(3);
        for (int i = 0; i < more; i++) {
            args.add(key());
        }
        return args;
    }

    /** A relative time: a bad one, or a distinct one at least ten days away. */
    private String relative(boolean millis) {
        if (random.nextInt(3) == 0) {
            return pick(BAD_TIMES);
        }
        long seconds = 1_000_000 + 1_000L * deadlines++;
        return String.valueOf(millis ? seconds * 1000 : seconds);
    }

    /** An absolute time: bad, in the past, or in the year 2100. */
    private String absolute(boolean millis) {
        String seconds = switch (random.nextInt(3)) {
            case 0 -> pick(BAD_TIMES);
            case 1 -> pick(PAST_SECONDS);
            default -> pick(FUTURE_SECONDS);
        };
        return millis && seconds.matches("[0-9]{1,10}") ? seconds + "000" : seconds;
    }

    private String key() {
        return pick(KEYS);
    }

    private String value() {
        return random.nextInt(4) == 0 ? pick(VALUES) : pick("v", "1", "42", "-7", "hello");
    }

    /** As written, or lower case, or mixed: Redis ignores the case of command names and options. */
    private String cased(String word) {
        return switch (random.nextInt(6)) {
            case 0 -> word.toLowerCase(Locale.ROOT);
            case 1 -> word.isEmpty() ? word : word.substring(0, 1).toLowerCase(Locale.ROOT) + word.substring(1);
            default -> word;
        };
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** Strings here hold bytes 0-255 as chars 0-255 (so "\u00ff" is the byte 0xff). */
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
