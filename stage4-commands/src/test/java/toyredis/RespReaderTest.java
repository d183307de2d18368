package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static toyredis.DifferentialCorpus.cat;
import static toyredis.DifferentialCorpus.raw;
import static toyredis.DifferentialCorpus.resp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import toyredis.RespReader.ProtocolException;

class RespReaderTest {

    private final RespReader reader = new RespReader(RespReader.DEFAULT_MAX_BULK_LENGTH);

    /** Every request the reader finds in the bytes, fed all at once. */
    private List<List<String>> parse(byte[] bytes) throws ProtocolException {
        reader.feed(bytes);
        return drain();
    }

    private List<List<String>> drain() throws ProtocolException {
        List<List<String>> requests = new ArrayList<>();
        List<byte[]> request;
        while ((request = reader.next()) != null) {
            requests.add(request.stream().map(arg -> new String(arg, StandardCharsets.ISO_8859_1)).toList());
        }
        return requests;
    }

    @Test
    @Tag("lab4.1")
    void aRespArrayOfBulkStrings() throws ProtocolException {
        assertThat(parse(resp("SET", "key", "value"))).containsExactly(List.of("SET", "key", "value"));
    }

    @Test
    @Tag("lab4.1")
    void everySplitPointOfAPipelineGivesTheSameRequests() throws ProtocolException {
        byte[] bytes = cat(resp("SET", "k\r\n", "v\u0000\u00ff"), raw("PING\r\n"), resp("GET", ""), raw("ECHO \"a b\"\n"));
        List<List<String>> expected = List.of(List.of("SET", "k\r\n", "v\u0000\u00ff"), List.of("PING"),
                List.of("GET", ""), List.of("ECHO", "a b"));
        for (int split = 0; split <= bytes.length; split++) {
            RespReader fresh = new RespReader(RespReader.DEFAULT_MAX_BULK_LENGTH);
            List<List<String>> got = new ArrayList<>();
            fresh.feed(Arrays.copyOfRange(bytes, 0, split));
            collect(fresh, got);
            fresh.feed(Arrays.copyOfRange(bytes, split, bytes.length));
            collect(fresh, got);
            assertThat(got).as("split at byte %d", split).isEqualTo(expected);
        }
    }

    @Test
    @Tag("lab4.1")
    void oneByteAtATime() throws ProtocolException {
        byte[] bytes = cat(resp("SET", "a", "x".repeat(40_000)), resp("GET", "a"));
        List<List<String>> got = new ArrayList<>();
        for (byte b : bytes) {
            reader.feed(new byte[] {b});
            collect(reader, got);
        }
        assertThat(got).hasSize(2);
        assertThat(got.get(0).get(2)).hasSize(40_000);
        assertThat(got.get(1)).containsExactly("GET", "a");
    }

    private static void collect(RespReader reader, List<List<String>> into) throws ProtocolException {
        List<byte[]> request;
        while ((request = reader.next()) != null) {
            into.add(request.stream().map(arg -> new String(arg, StandardCharsets.ISO_8859_1)).toList());
        }
    }

    @Test
    @Tag("lab4.1")
    void anIncompleteRequestWaitsForMoreBytes() throws ProtocolException {
        assertThat(parse(raw("*2\r\n$3\r\nGET\r\n$1\r"))).isEmpty();
        assertThat(parse(raw("\nk"))).isEmpty();
        assertThat(parse(raw("\r\n"))).containsExactly(List.of("GET", "k"));
        assertThat(parse(raw("PIN"))).isEmpty();
        assertThat(parse(raw("G\r\n"))).containsExactly(List.of("PING"));
    }

    @Test
    @Tag("lab4.1")
    void emptyLinesAndEmptyArraysAreSkipped() throws ProtocolException {
        assertThat(parse(raw("\r\n\n   \r\n*0\r\n*-1\r\nPING\r\n"))).containsExactly(List.of("PING"));
    }

    @Test
    void inlineLinesEndInLfOrCrlf() throws ProtocolException {
        assertThat(parse(raw("SET a b\nGET a\r\n"))).containsExactly(List.of("SET", "a", "b"), List.of("GET", "a"));
    }

    @Test
    @Tag("lab4.1")
    void emptyBulkStringsAreArguments() throws ProtocolException {
        assertThat(parse(resp("SET", "", ""))).containsExactly(List.of("SET", "", ""));
    }

    @ParameterizedTest
    @Tag("lab4.1")
    @CsvSource(delimiter = '|', value = {
        "*abc\\r\\n                 | invalid multibulk length",
        "*2147483648\\r\\n          | invalid multibulk length",
        "*\\r\\n                    | invalid multibulk length",
        "*1\\r\\n+PING\\r\\n        | expected '$', got '+'",
        "*1\\r\\n$abc\\r\\n         | invalid bulk length",
        "*1\\r\\n$-1\\r\\n          | invalid bulk length",
        "*1\\r\\n$9999999999\\r\\n  | invalid bulk length",
        "*1\\r\\n$536870913\\r\\n   | invalid bulk length",
    })
    void arrayProtocolErrorsUseRedissWords(String request, String error) {
        assertProtocolError(request, error);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SET k \"abc\\r\\n          | unbalanced quotes in request",
        "SET k 'a'b\\r\\n           | unbalanced quotes in request",
    })
    void inlineProtocolErrorsUseRedissWords(String request, String error) {
        assertProtocolError(request, error);
    }

    private void assertProtocolError(String request, String error) {
        byte[] bytes = raw(request.replace("\\r", "\r").replace("\\n", "\n"));
        assertThatThrownBy(() -> parse(bytes)).isInstanceOf(ProtocolException.class)
                .hasMessage("ERR Protocol error: " + error);
    }

    @Test
    @Tag("lab4.1")
    void hugeLengthHeadersAreAnsweredWithoutAllocating() throws ProtocolException {
        // *2147483647 is a legal header: the reader waits for arguments, reserving room for at most 1024.
        assertThat(parse(raw("*2147483647\r\n$3\r\nGET\r\n"))).isEmpty();
        long before = usedHeap();
        RespReader big = new RespReader(RespReader.DEFAULT_MAX_BULK_LENGTH);
        big.feed(raw("*1\r\n$536870912\r\nabc"));
        assertThat(big.next()).isNull(); // 512 MB announced, 3 bytes sent: nothing to do yet
        assertThat(usedHeap() - before).as("bytes allocated for a 512 MB promise").isLessThan(64L * 1024 * 1024);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Test
    void linesAndHeadersAreLimitedTo64KiB() {
        RespReader inline = new RespReader(RespReader.DEFAULT_MAX_BULK_LENGTH);
        inline.feed(raw("x".repeat(RespReader.MAX_HEADER_BYTES + 1)));
        assertThatThrownBy(inline::next).hasMessage("ERR Protocol error: too big inline request");

        RespReader count = new RespReader(RespReader.DEFAULT_MAX_BULK_LENGTH);
        count.feed(raw("*" + "1".repeat(RespReader.MAX_HEADER_BYTES)));
        assertThatThrownBy(count::next).hasMessage("ERR Protocol error: too big mbulk count string");

        RespReader bulk = new RespReader(RespReader.DEFAULT_MAX_BULK_LENGTH);
        bulk.feed(raw("*1\r\n$" + "1".repeat(RespReader.MAX_HEADER_BYTES)));
        assertThatThrownBy(bulk::next).hasMessage("ERR Protocol error: too big bulk count string");
    }

    @Test
    @Tag("lab4.1")
    void theBulkLimitIsConfigurable() throws ProtocolException {
        RespReader small = new RespReader(5);
        small.feed(resp("GET", "12345"));
        assertThat(small.next()).hasSize(2);
        small.feed(resp("GET", "123456"));
        assertThatThrownBy(small::next).hasMessage("ERR Protocol error: invalid bulk length");
    }

    @Test
    void aLineOfExactly64KiBIsStillAccepted() throws ProtocolException {
        String line = "ECHO " + "y".repeat(RespReader.MAX_HEADER_BYTES - 7);
        assertThat(parse(raw(line + "\r\n"))).hasSize(1);
    }
}
