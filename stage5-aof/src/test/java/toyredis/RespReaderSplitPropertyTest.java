package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import toyredis.RespReader.ProtocolException;

/**
 * The reader's promise, searched for counterexamples instead of written case by case (hiredis
 * fuzzes its reply reader the same way): any byte stream, cut anywhere into reads, gives the same
 * requests and the same protocol error as the stream read in one piece. The streams mix valid RESP
 * arrays, inline lines with quotes and escapes, and fragments of the bytes the parser decides on
 * ({@code * $ \r \n -} digits, quotes), so that headers, lengths and CRLFs land on every side of a
 * cut. Nothing but {@link ProtocolException} may escape: any other exception fails the property.
 * jqwik prints the seed of each run and shrinks a failure to a short stream and few cuts.
 */
class RespReaderSplitPropertyTest {

    /** What a connection sees: the requests in order, then the protocol error if one ends it. */
    record Outcome(List<List<String>> requests, String error) {}

    @Property(tries = 1000)
    void anySplitGivesTheSameRequestsAndTheSameErrorAsTheWholeStream(
            @ForAll("streams") byte[] stream, @ForAll("cutPoints") List<Integer> cutPoints) {
        assertThat(read(stream, cuts(cutPoints, stream.length))).isEqualTo(read(stream, new int[0]));
    }

    /** Feeds the stream in pieces ending at {@code cuts}, taking every complete request after each piece. */
    private static Outcome read(byte[] stream, int[] cuts) {
        RespReader reader = new RespReader(RespReader.DEFAULT_MAX_BULK_LENGTH);
        List<List<String>> requests = new ArrayList<>();
        int from = 0;
        try {
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : stream.length;
                reader.feed(Arrays.copyOfRange(stream, from, to));
                from = to;
                for (List<byte[]> request = reader.next(); request != null; request = reader.next()) {
                    requests.add(request.stream().map(arg -> new String(arg, StandardCharsets.ISO_8859_1)).toList());
                }
            }
            return new Outcome(requests, null);
        } catch (ProtocolException e) {
            return new Outcome(requests, e.getMessage()); // the server replies with it and hangs up
        }
    }

    /** Cut positions inside the stream, sorted and distinct (numbers drawn beyond its length wrap). */
    private static int[] cuts(List<Integer> drawn, int length) {
        TreeSet<Integer> cuts = new TreeSet<>();
        for (int n : drawn) {
            if (length > 0) {
                cuts.add(n % (length + 1));
            }
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    @Provide
    Arbitrary<List<Integer>> cutPoints() {
        return Arbitraries.integers().between(0, 10_000).list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<byte[]> streams() {
        return Arbitraries.oneOf(respArray(), inlineLine(), fragment()).list().ofMaxSize(8).map(parts -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            parts.forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    /** Bytes the parser's decisions turn on, plus a few ordinary ones. */
    private static Arbitrary<String> tricky(int maxLength) {
        return Arbitraries.strings().withChars("*$\r\n-+0123456789 \"'\\xaPING\t").ofMaxLength(maxLength);
    }

    /** A well-formed RESP array of bulk strings, arguments binary and possibly empty. */
    private static Arbitrary<byte[]> respArray() {
        Arbitrary<String> argument = Arbitraries.oneOf(tricky(6), Arbitraries.strings().all().ofMaxLength(4),
                Arbitraries.of("PING", "SET", "GET", ""));
        return argument.list().ofMinSize(1).ofMaxSize(4).map(args -> {
            StringBuilder resp = new StringBuilder("*").append(args.size()).append("\r\n");
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.ISO_8859_1);
                resp.append('$').append(bytes.length).append("\r\n").append(new String(bytes, StandardCharsets.ISO_8859_1)).append("\r\n");
            }
            return resp.toString().getBytes(StandardCharsets.ISO_8859_1);
        });
    }

    /** An inline line: words, quotes and escapes (balanced or not), ending in LF or CRLF. */
    private static Arbitrary<byte[]> inlineLine() {
        Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.of("PING", "ECHO", "SET", "k", "\"a b\"", "'c d'",
                "\"\\x41\\n\"", "\"open", "'x'y", "\"\""), Arbitraries.strings().alpha().ofMaxLength(3));
        return Combinators.combine(word.list().ofMaxSize(4), Arbitraries.of("\n", "\r\n"))
                .as((words, end) -> (String.join(" ", words) + end).getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A piece of a header or of nothing in particular: the malformed cases. */
    private static Arbitrary<byte[]> fragment() {
        return Arbitraries.oneOf(tricky(8), Arbitraries.of("*2\r\n", "$3\r\n", "*-1\r\n", "*0\r\n", "$-1\r\n",
                "*1\r\n$536870913\r\n", "*2147483648\r\n", "*1\r\n+PING\r\n"))
                .map(text -> text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
