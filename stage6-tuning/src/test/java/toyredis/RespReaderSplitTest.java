package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import toyredis.RespReader.ProtocolException;

/**
 * The reader's promise, searched for counterexamples instead of written case by case (hiredis
 * fuzzes its reply reader the same way): any byte stream, cut anywhere into reads, gives the same
 * requests, the same protocol error (or the same unfinished request) as the stream read in one
 * piece, and nothing but {@link ProtocolException} escapes. The streams mix valid RESP arrays,
 * inline lines with quotes and escapes, malformed and unfinished headers, so that headers, lengths
 * and CRLFs land on every side of a cut.
 *
 * <p>Plain JUnit and a seeded {@link Random}: a failure prints the seed and a shrunk example.
 * Replay a run with {@code -Dsplit.seed=N}, run longer with {@code -Dsplit.tries=N}. The second
 * test checks the other half of the promise: a header announcing 512 MB (or a million arguments)
 * costs only what has arrived.
 */
class RespReaderSplitTest {

    private static final long SEED = Long.getLong("split.seed", new Random().nextLong());
    private static final int TRIES = Integer.getInteger("split.tries", 1_000);
    /** How many cases the shrinker may try, and for how long: enough for a short example, no endless search. */
    private static final int SHRINK_BUDGET = 10_000;
    private static final long SHRINK_NANOS = 10_000_000_000L;

    /**
     * A stream, where its generated parts start, and where it is cut into reads, which go in with
     * {@code readFrom} (what stages 4-5's client threads call) or {@code feed} (stage 6's event loop).
     */
    record Case(byte[] stream, int[] parts, int[] cuts, boolean throughReadFrom) {

        Case withoutCut(int i) {
            int[] fewer = new int[cuts.length - 1];
            System.arraycopy(cuts, 0, fewer, 0, i);
            System.arraycopy(cuts, i + 1, fewer, i, fewer.length - i);
            return new Case(stream, parts, fewer, throughReadFrom);
        }

        /** The stream without its generated part {@code i}; null if that part is empty (already removed). */
        Case withoutPart(int i) {
            int end = i + 1 < parts.length ? parts[i + 1] : stream.length;
            return end > parts[i] ? withoutBytes(parts[i], end - parts[i]) : null;
        }

        /** The stream without {@code stream[from..from+count)}; cuts and part starts in the gap move to its start. */
        Case withoutBytes(int from, int count) {
            byte[] shorter = new byte[stream.length - count];
            System.arraycopy(stream, 0, shorter, 0, from);
            System.arraycopy(stream, from + count, shorter, from, shorter.length - from);
            return new Case(shorter, shift(parts, from, count), shift(cuts, from, count), throughReadFrom);
        }

        private static int[] shift(int[] offsets, int from, int count) {
            int[] moved = new int[offsets.length];
            for (int i = 0; i < offsets.length; i++) {
                moved[i] = offsets[i] <= from ? offsets[i] : Math.max(from, offsets[i] - count);
            }
            return moved;
        }

        /** The stream with digit {@code i} one less ({@code *2} becomes {@code *1}); null if byte {@code i} is not 1-9. */
        Case withSmallerDigit(int i) {
            if (stream[i] < '1' || stream[i] > '9') {
                return null;
            }
            byte[] changed = stream.clone();
            changed[i]--;
            return new Case(changed, parts, cuts, throughReadFrom);
        }

        Case throughReadFrom(boolean yes) {
            return new Case(stream, parts, cuts, yes);
        }

        /** The same reads through {@code feed}: readFrom takes at most 16 KiB at a time, so those become cuts too. */
        Case asFed() {
            List<Integer> all = new ArrayList<>();
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : stream.length;
                for (int read = from + RespReader.READ_CHUNK; read < to; read += RespReader.READ_CHUNK) {
                    all.add(read);
                }
                if (i < cuts.length) {
                    all.add(to);
                }
                from = to;
            }
            return new Case(stream, parts, all.stream().mapToInt(Integer::intValue).toArray(), false);
        }

        /** The reads, escaped: {@code "*1\r\n$0\r" | "\n\r\n"}. */
        String reads() {
            List<String> pieces = new ArrayList<>();
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : stream.length;
                pieces.add(escape(Arrays.copyOfRange(stream, from, to)));
                from = to;
            }
            return shorten(String.join(" | ", pieces)) + (throughReadFrom ? "  (through readFrom)" : "  (through feed)");
        }
    }

    /**
     * What a connection sees: the requests in order (arguments as ISO-8859-1 text, one char a
     * byte), then the protocol error that ends it, or where the reader stopped. {@code escaped}
     * is any other exception: none may escape.
     */
    record Outcome(List<List<String>> requests, String error, Unfinished unfinished, String escaped) {

        @Override
        public String toString() {
            return "requests " + requests.stream().map(RespReaderSplitTest::escape).toList()
                    + (error != null ? ", then " + escape(latin1(error)) : "")
                    + (unfinished != null ? ", then waiting with " + unfinished : "")
                    + (escaped != null ? ", then escaped: " + escaped : "");
        }
    }

    /** A request in the middle: the bytes not used yet, the arguments read and those still to come. */
    record Unfinished(String unread, List<String> argumentsRead, int argumentsLeft, long bulkLength) {

        @Override
        public String toString() {
            return "unread " + escape(latin1(unread)) + ", arguments read " + escape(argumentsRead)
                    + ", arguments left " + argumentsLeft + ", bulk length " + bulkLength;
        }
    }

    @Test
    void anySplitGivesTheSameRequestsAndTheSameErrorAsTheWholeStream() {
        Random random = new Random(SEED);
        Map<String, Integer> seen = new TreeMap<>(); // how the streams ended: the generator's coverage
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            Case generated = stream(random);
            byte[] stream = generated.stream();
            Case split = new Case(stream, generated.parts(), cuts(random, stream), random.nextBoolean());
            String problem = problem(split);
            if (problem != null) {
                Case small = shrink(split);
                fail("seed " + SEED + " (replay with -Dsplit.seed=" + SEED + "), stream " + attempt + " of " + TRIES
                        + "\nshrunk from " + stream.length + " bytes in " + (split.cuts().length + 1) + " reads to:"
                        + "\n  stream " + shorten(escape(small.stream()))
                        + "\n  reads  " + small.reads()
                        + "\n" + problem(small)
                        + "\noriginal reads " + split.reads());
            }
            Outcome whole = read(stream, new int[0], false);
            String end = whole.error() != null ? whole.error().replaceAll("(?s), got .*", "") // one kind for every byte
                    : whole.requests().isEmpty() ? "no request" : "requests";
            seen.merge(end, 1, Integer::sum);
        }
        System.out.println("RespReaderSplitTest: seed " + SEED + ", " + TRIES + " streams, ended as " + seen);
        if (TRIES >= 1_000) { // the generator reaches the reader's main outcomes, not only one of them
            assertThat(seen).containsKeys("requests", "no request", "ERR Protocol error: invalid multibulk length",
                    "ERR Protocol error: invalid bulk length", "ERR Protocol error: unbalanced quotes in request",
                    "ERR Protocol error: expected '$'");
        }
    }

    /** Null if cutting changes nothing, else what differs. */
    private static String problem(Case split) {
        Outcome whole = read(split.stream(), new int[0], false);
        if (whole.escaped() != null) {
            return "  whole: " + shorten(whole.toString());
        }
        Outcome cut = read(split.stream(), split.cuts(), split.throughReadFrom());
        if (cut.escaped() != null || !whole.equals(cut)) {
            return "  whole: " + shorten(whole.toString()) + "\n  cut:   " + shorten(cut.toString());
        }
        return null;
    }

    /** Reads each piece as the server does: bytes in, then every complete request out. */
    private static Outcome read(byte[] stream, int[] cuts, boolean throughReadFrom) {
        RespReader reader = new RespReader(RespReader.DEFAULT_MAX_BULK_LENGTH);
        List<List<String>> requests = new ArrayList<>();
        try {
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : stream.length;
                byte[] piece = Arrays.copyOfRange(stream, from, to);
                from = to;
                if (throughReadFrom) {
                    InputStream in = new ByteArrayInputStream(piece);
                    while (reader.readFrom(in) > 0) { // at most 16 KiB a read, like the socket
                        takeAll(reader, requests);
                    }
                } else {
                    reader.feed(piece);
                    takeAll(reader, requests);
                }
            }
        } catch (ProtocolException e) {
            return new Outcome(requests, e.getMessage(), null, null); // the server replies with it and hangs up
        } catch (IOException | RuntimeException | Error e) {
            return new Outcome(requests, null, null, e.toString());
        }
        return new Outcome(requests, null, unfinished(reader), null);
    }

    private static void takeAll(RespReader reader, List<List<String>> requests) throws ProtocolException {
        for (List<byte[]> request = reader.next(); request != null; request = reader.next()) {
            requests.add(text(request));
        }
    }

    private static List<String> text(List<byte[]> arguments) {
        return arguments.stream().map(arg -> new String(arg, StandardCharsets.ISO_8859_1)).toList();
    }

    /**
     * Where the reader stopped, read from its private fields (the test only looks): the bytes it
     * has not used yet and the request it is in the middle of. Equal however the bytes came.
     */
    private static Unfinished unfinished(RespReader reader) {
        int position = (int) field(reader, "position");
        int argumentsLeft = (int) field(reader, "argumentsLeft");
        @SuppressWarnings("unchecked")
        List<byte[]> arguments = argumentsLeft > 0 ? (List<byte[]>) field(reader, "arguments") : List.of();
        int limit = (int) field(reader, "limit");
        String unread = position <= limit
                ? new String((byte[]) field(reader, "buffer"), position, limit - position, StandardCharsets.ISO_8859_1)
                : "(position " + position + " is past the end, " + limit + ")"; // a broken reader
        return new Unfinished(unread, text(arguments), argumentsLeft,
                (long) field(reader, "bulkLength"));
    }

    private static Object field(RespReader reader, String name) {
        try {
            Field field = RespReader.class.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(reader);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the test reads RespReader's field " + name, e);
        }
    }

    /**
     * Makes a failing case smaller while it still fails, by simple steps tried in turn until none
     * helps or the budget (10,000 tries, 10 seconds) is spent: fewer generated parts; fewer cuts;
     * fewer bytes (halves, quarters, ... single bytes); smaller digits ({@code *2} to {@code *1}).
     * First it tries the other way in: a case read through {@code feed} through {@code readFrom},
     * which compacts the buffer at every read; one read through {@code readFrom} through
     * {@code feed}, its 16 KiB reads becoming cuts that can then shrink with the bytes.
     */
    private static Case shrink(Case failing) {
        Case otherWay = failing.throughReadFrom() ? failing.asFed() : failing.throughReadFrom(true);
        Case best = problem(otherWay) != null ? otherWay : failing;
        long[] budget = {SHRINK_BUDGET, System.nanoTime() + SHRINK_NANOS};
        boolean smaller = true;
        while (smaller && budget[0] > 0) {
            smaller = false;
            for (int i = 0; i < best.parts().length && budget[0] > 0; i++) {
                Case candidate = tryCandidate(best.withoutPart(i), budget);
                if (candidate != null) {
                    best = candidate;
                    smaller = true;
                }
            }
            for (int i = 0; i < best.cuts().length && budget[0] > 0; ) {
                Case candidate = tryCandidate(best.withoutCut(i), budget);
                if (candidate != null) {
                    best = candidate;
                    smaller = true;
                } else {
                    i++;
                }
            }
            for (int size = Math.max(1, best.stream().length / 2); size >= 1; size = size > 16 ? size / 2 : size - 1) {
                for (int from = 0; from + size <= best.stream().length && budget[0] > 0; ) {
                    Case candidate = tryCandidate(best.withoutBytes(from, size), budget);
                    if (candidate != null) {
                        best = candidate;
                        smaller = true;
                    } else {
                        from += size > 16 ? size : 1; // big gaps on a grid, small ones everywhere
                    }
                }
            }
            for (int i = 0; i < best.stream().length && budget[0] > 0; i++) {
                Case candidate = tryCandidate(best.withSmallerDigit(i), budget);
                if (candidate != null) {
                    best = candidate;
                    smaller = true;
                }
            }
        }
        return best;
    }

    /** The candidate if there is one and it still fails (while the budget lasts: tries left, deadline), else null. */
    private static Case tryCandidate(Case candidate, long[] budget) {
        if (budget[0] > 0 && System.nanoTime() > budget[1]) {
            budget[0] = 0; // out of time
        }
        if (candidate == null || budget[0] <= 0) {
            return null;
        }
        budget[0]--;
        return problem(candidate) != null ? candidate : null;
    }

    // ---- The generator: up to eight parts of the kinds below, sometimes a run past 64 KiB at the end.

    /** Bytes the parser's decisions turn on, and a few ordinary ones. */
    private static final String TRICKY = "*$\r\n-+:0123456789 \t\"'\\xaPING";

    private static Case stream(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> parts = new ArrayList<>();
        for (int i = random.nextInt(9); i > 0; i--) {
            parts.add(out.size());
            switch (random.nextInt(6)) {
                case 0, 1 -> out.writeBytes(respArray(random));
                case 2, 3 -> out.writeBytes(inlineLine(random));
                case 4 -> out.writeBytes(malformedHeader(random));
                default -> out.writeBytes(fragment(random));
            }
        }
        if (random.nextInt(40) == 0) {
            parts.add(out.size());
            out.writeBytes(tooLong(random));
        }
        return new Case(out.toByteArray(), parts.stream().mapToInt(Integer::intValue).toArray(), new int[0], false);
    }

    /** 0 to 12 cuts; a third of them just after a CR, between it and its LF. Repeated cuts are empty reads. */
    private static int[] cuts(Random random, byte[] stream) {
        List<Integer> crs = new ArrayList<>();
        for (int i = 0; i < stream.length; i++) {
            if (stream[i] == '\r') {
                crs.add(i + 1);
            }
        }
        int[] cuts = new int[random.nextInt(13)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = !crs.isEmpty() && random.nextInt(3) == 0 ? crs.get(random.nextInt(crs.size()))
                    : random.nextInt(stream.length + 1);
        }
        Arrays.sort(cuts);
        return cuts;
    }

    /** A well-formed RESP array of one to four bulk strings: names, tricky text, binary, lengths at edges. */
    private static byte[] respArray(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int count = 1 + random.nextInt(4);
        out.writeBytes(latin1("*" + count + "\r\n"));
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(32);
            byte[] argument = kind < 8 ? latin1(pick(random, "PING", "SET", "GET", "ECHO", "", "*", "$"))
                    : kind < 16 ? latin1(tricky(random, 6))
                    : kind < 28 ? binary(random, random.nextInt(5))
                    : kind < 31 ? binary(random, pick(random, 0, 1, 2, 511, 512, 513)) // stage 6's first buffer is 512
                    : binary(random, pick(random, 1, 1, 1, 4) * RespReader.READ_CHUNK + random.nextInt(5) - 2); // one read,
                    // or 64 KiB, past which stage 6 gives the buffer back
            out.writeBytes(latin1("$" + argument.length + "\r\n"));
            out.writeBytes(argument);
            out.writeBytes(latin1("\r\n"));
        }
        return out.toByteArray();
    }

    /** An inline line: words, quotes and escapes (balanced or not), blank lines, ending in LF or CRLF. */
    private static byte[] inlineLine(Random random) {
        List<String> words = new ArrayList<>();
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(10);
            words.add(kind < 6 ? pick(random, "PING", "ECHO", "SET", "k", "\"a b\"", "'c d'", "\"\\x41\\n\"", "\"\\x4g\"",
                    "\"\\xZZ\"", "'it\\'s'", "\"\"", "''", "\"\\\\\"", "\"\\t\\r\\b\\a\\q\"", "*1", "$3")
                    : kind < 7 ? pick(random, "\"open", "'open", "\"a\"b", "'x'y", "\"\\\"") // unbalanced
                    : tricky(random, 4).replace("\n", ""));
        }
        return latin1(String.join(pick(random, " ", "  ", "\t"), words) + pick(random, "\n", "\r\n", "\r\n", " \r\n"));
    }

    /** A header that is wrong: bad counts, negative, too big, not digits, or an argument that is not a bulk string. */
    private static byte[] malformedHeader(Random random) {
        String number = pick(random, "-1", "-5", "0", "01", "+1", " 1", "", "abc", "1a", "2147483647", "2147483648",
                "1048576", "536870912", "536870913", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                "-0", "9999999999", String.valueOf(random.nextInt(4)));
        return latin1(switch (random.nextInt(4)) {
            case 0 -> "*" + number + "\r\n";
            case 1 -> "*1\r\n$" + number + "\r\n";
            case 2 -> "$" + number + "\r\n";
            default -> "*2\r\n" + pick(random, "+PING\r\n", ":1\r\n", "PING\r\n", "*1\r\n", "\r\n", "$3\r\nab");
        });
    }

    /** A piece of something: the start of a valid array, a few tricky bytes, a lone CR or LF. */
    private static byte[] fragment(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> {
                byte[] array = respArray(random);
                yield Arrays.copyOf(array, random.nextInt(Math.min(array.length, 40) + 1));
            }
            case 1 -> latin1(tricky(random, 8));
            default -> latin1(pick(random, "\r", "\n", "\r\n", "*", "$", "*1\r\n$"));
        };
    }

    /**
     * About 64 KiB without CR or LF, last in the stream: the line and header limits, which trip at
     * the same place however it is cut (a CR or LF after it could end the line before the limit
     * in one read but not in another, in Redis as here, so the generator never adds one).
     */
    private static byte[] tooLong(Random random) {
        String start = pick(random, "", "*", "*1\r\n$", "SET k ");
        byte[] run = new byte[RespReader.MAX_HEADER_BYTES + random.nextInt(5) - 2];
        Arrays.fill(run, (byte) (start.endsWith("*") || start.endsWith("$") ? '1' : 'x'));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(latin1(start));
        out.writeBytes(run);
        return out.toByteArray();
    }

    private static String tricky(Random random, int maxLength) {
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
            text.append(TRICKY.charAt(random.nextInt(TRICKY.length())));
        }
        return text.toString();
    }

    private static byte[] binary(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Bytes as a Java string literal: printable ASCII as is, {@code \r \n \t \" \\}, others {@code \xHH}. */
    static String escape(byte[] bytes) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            switch (b) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (b >= 32 && b < 127) {
                        out.append((char) b);
                    } else {
                        out.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Text of one char a byte, escaped, as a list: {@code ["SET", "k\r\n"]}. */
    static String escape(List<String> latin1) {
        return latin1.stream().map(text -> escape(latin1(text))).toList().toString();
    }

    /** At most 300 characters of a long text, for messages. */
    private static String shorten(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + text.length() + " characters)";
    }

    // ---- Allocation: a header is a promise, and the reader pays only for the bytes that arrive.

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void aHugeHeaderCostsOnlyWhatHasArrived() {
        assertThat(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled())
                .as("this JVM counts the bytes each thread allocates").isTrue();
        List<String> promises = List.of(
                "*1\r\n$536870912\r\nabc",            // a 512 MB argument (Redis's proto-max-bulk-len), 3 bytes of it
                "*2\r\n$3\r\nSET\r\n$536870912\r\nab",
                "*1048576\r\n$3\r\nGET\r\n",          // a million arguments announced, one sent
                "*2147483647\r\n$1\r\nx\r\n");        // the largest count Redis accepts
        for (String promise : promises) {
            byte[] stream = latin1(promise);
            for (int cut = 0; cut <= stream.length; cut++) {
                for (boolean throughReadFrom : new boolean[] {false, true}) {
                    Case split = new Case(stream, new int[0], new int[] {cut}, throughReadFrom);
                    Outcome outcome = read(stream, split.cuts(), throughReadFrom);
                    assertThat(outcome.error()).as(split.reads()).isNull();
                    assertThat(outcome.escaped()).as(split.reads()).isNull();
                    assertThat(allocatedReading(split)).as("bytes allocated reading %s", split.reads())
                            .isLessThan(1024 * 1024);
                }
            }
        }
    }

    /** Bytes this thread allocates reading the case: the least of three, so class loading and rare JVM extras drop out. */
    private static long allocatedReading(Case split) {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            read(split.stream(), split.cuts(), split.throughReadFrom());
            least = Math.min(least, THREADS.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }
}
