package toyredis.loadtest.random;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of check --random without a server: the generator, the cuts, the shrinker, the comparison. */
class SequencePartsTest {

    @Test
    void aSeedAlwaysMakesTheSameSequenceAndDifferentSeedsDifferentOnes() {
        assertThat(SequenceGenerator.generate(12).bytes()).isEqualTo(SequenceGenerator.generate(12).bytes());
        assertThat(SequenceGenerator.generate(12).cuts()).isEqualTo(SequenceGenerator.generate(12).cuts());
        assertThat(SequenceGenerator.generate(12).bytes()).isNotEqualTo(SequenceGenerator.generate(13).bytes());
    }

    @Test
    void theWritesAreTheBytesCutAtEveryCut() {
        for (long seed = 0; seed < 200; seed++) {
            Sequence sequence = SequenceGenerator.generate(seed);
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            sequence.writes().forEach(joined::writeBytes);
            assertThat(joined.toByteArray()).isEqualTo(sequence.bytes());
            assertThat(sequence.writes()).hasSize(sequence.cuts().size() + 1).allSatisfy(w -> assertThat(w).isNotEmpty());
        }
    }

    @Test
    void droppingRequestsDropsTheCutsInsideThemAndMovesTheOthersBack() {
        Sequence sequence = new Sequence(1, List.of(request("GET a"), request("GET bb"), request("GET c")), List.of(2, 9, 15));
        Sequence shorter = sequence.without(1, 2); // "GET a\r\n" is 7 bytes, "GET bb\r\n" 8
        assertThat(new String(shorter.bytes(), StandardCharsets.US_ASCII)).isEqualTo("GET a\r\nGET c\r\n");
        assertThat(shorter.cuts()).containsExactly(2, 7);
    }

    @Test
    void theShrinkerKeepsOnlyTheRequestThatFailsAndNoCut() throws Exception {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            requests.add(request(i == 17 ? "INCR culprit" : "GET k" + i));
        }
        Sequence failing = new Sequence(5, requests, List.of(3, 40, 100, 200));
        Shrinker shrinker = new Shrinker(s -> s.requests().stream().anyMatch(r -> r.script().equals("INCR culprit")), 400);
        Sequence shrunk = shrinker.shrink(failing);
        assertThat(shrunk.requests()).extracting(Request::script).containsExactly("INCR culprit");
        assertThat(shrunk.cuts()).isEmpty();
        assertThat(shrunk.seed()).isEqualTo(5);
    }

    @Test
    void theShrinkerKeepsTwoRequestsThatFailOnlyTogether() throws Exception {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add(request(i == 4 ? "SET k x" : i == 15 ? "INCR k" : "PING " + i));
        }
        Shrinker shrinker = new Shrinker(s -> s.requests().stream().map(Request::script).toList().containsAll(
                List.of("SET k x", "INCR k")), 400);
        Sequence shrunk = shrinker.shrink(new Sequence(1, requests, List.of()));
        assertThat(shrunk.requests()).extracting(Request::script).containsExactly("SET k x", "INCR k");
    }

    @Test
    void repliesThatReadTheClockMayDifferByTheMomentBetweenTheServersAndNoOtherReplyMay() {
        Sequence ttl = new Sequence(1, List.of(request("TTL k"), request("PTTL k"), request("GET k")), List.of());
        Outcome redis = outcome(":1000000\r\n:999999998\r\n$1\r\nv\r\n");
        assertThat(outcome(":999999\r\n:999998500\r\n$1\r\nv\r\n").differenceFrom(redis, ttl)).isNull();
        assertThat(outcome(":999997\r\n:999999998\r\n$1\r\nv\r\n").differenceFrom(redis, ttl))
                .isEqualTo("reply 1, to request 1 (TTL), differs");
        assertThat(outcome(":1000000\r\n:999990000\r\n$1\r\nv\r\n").differenceFrom(redis, ttl))
                .isEqualTo("reply 2, to request 2 (PTTL), differs");
        assertThat(outcome(":1000000\r\n:999999998\r\n$1\r\nw\r\n").differenceFrom(redis, ttl))
                .isEqualTo("reply 3, to request 3 (GET), differs");
        Outcome noKey = outcome(":-2\r\n:-2\r\n$-1\r\n");
        assertThat(outcome(":-1\r\n:-2\r\n$-1\r\n").differenceFrom(noKey, ttl)).isEqualTo("reply 1, to request 1 (TTL), differs");
    }

    @Test
    void fewerRepliesOrAnotherEndingIsADifferenceToo() {
        Sequence two = new Sequence(1, List.of(request("GET a"), request("GET b")), List.of());
        Outcome redis = outcome("$-1\r\n$-1\r\n");
        assertThat(outcome("$-1\r\n").differenceFrom(redis, two)).isEqualTo("the reference sent 2 replies, this server 1");
        assertThat(outcome("$-1\r\n$-1").differenceFrom(redis, two)).isEqualTo("the reference sent 2 replies, this server 1");
        assertThat(Outcome.parse("$-1\r\n$-1\r\n".getBytes(StandardCharsets.US_ASCII), Outcome.CLOSED).differenceFrom(redis, two))
                .isEqualTo("the reference kept the connection open, this server closed the connection");
    }

    @Test
    void repliesAreCutWhereEachEnds() {
        Outcome outcome = outcome("+OK\r\n-ERR x\r\n:5\r\n$3\r\na\r\n\r\n$-1\r\n*2\r\n$1\r\na\r\n:1\r\n$5\r\nab");
        assertThat(outcome.replies()).extracting(r -> new String(r, StandardCharsets.US_ASCII))
                .containsExactly("+OK\r\n", "-ERR x\r\n", ":5\r\n", "$3\r\na\r\n\r\n", "$-1\r\n", "*2\r\n$1\r\na\r\n:1\r\n");
        assertThat(new String(outcome.rest(), StandardCharsets.US_ASCII)).isEqualTo("$5\r\nab");
    }

    @Test
    void argumentsAreQuotedTheWayRedisCliAndTheInlineParserReadThem() {
        assertThat(Request.quoted("k1".getBytes(StandardCharsets.US_ASCII))).isEqualTo("k1");
        assertThat(Request.quoted(new byte[0])).isEqualTo("\"\"");
        assertThat(Request.quoted(new byte[] {'a', ' ', '"', '\\', 0, (byte) 0xff, '\r', '\n'})).isEqualTo("\"a \\\"\\\\\\x00\\xff\\r\\n\"");
        assertThat(RandomCheck.printfQuoted("it's 100%\r\n\u0000".getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo("it'\\''s 100%%\\r\\n\\x00");
    }

    private static Request request(String inline) {
        List<byte[]> args = new ArrayList<>();
        for (String word : inline.split(" ")) {
            args.add(word.getBytes(StandardCharsets.US_ASCII));
        }
        return Request.inline(args, " ", "\r\n");
    }

    private static Outcome outcome(String received) {
        return Outcome.parse(received.getBytes(StandardCharsets.US_ASCII), Outcome.OPEN);
    }
}
