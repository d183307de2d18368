package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static toyredis.DifferentialCorpus.cat;
import static toyredis.DifferentialCorpus.resp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Time in the append-only file, on a clock the test moves by hand (a "downtime" is the clock moved
 * between a stop and a start): deadlines are logged as absolute Unix milliseconds, so a restart
 * after a key's deadline never brings it back, and a long TTL keeps what was left of it. With
 * {@code --aof-relative-ttl yes} (the pitfall) the same restarts hand every key a fresh lease.
 */
class TimeInTheLogTest {

    private static final long START = 1_000_000; // where ExpiryTest.TestClock starts

    @TempDir
    Path dir;

    private final ExpiryTest.TestClock clock = new ExpiryTest.TestClock();

    private Server start(StoreKind kind, boolean relativeTtl) throws IOException {
        return new Server(ServerConfig.forTests().store(kind).clock(clock)
                .aof(AofConfig.in(dir).relativeTtl(relativeTtl).build()).build()).start();
    }

    /** Sends the requests and an ECHO, and returns every reply before the ECHO's. */
    private static String call(Server server, byte[]... requests) throws IOException {
        try (RawConnection connection = new RawConnection("127.0.0.1", server.port())) {
            connection.send(cat(cat(requests), resp("ECHO", "end")), 0);
            byte[] got = connection.readUntil("$3\r\nend\r\n".getBytes(StandardCharsets.ISO_8859_1)).bytes();
            return new String(got, StandardCharsets.ISO_8859_1);
        }
    }

    /** A record as RESP spells it, written out here by hand: the test does not trust the encoder it checks. */
    private static byte[] record(String... words) {
        StringBuilder resp = new StringBuilder("*" + words.length + "\r\n");
        for (String word : words) {
            resp.append('$').append(word.length()).append("\r\n").append(word).append("\r\n");
        }
        return resp.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] records(byte[]... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] record : records) {
            out.writeBytes(record);
        }
        return out.toByteArray();
    }

    private byte[] file() throws IOException {
        return Files.readAllBytes(dir.resolve(AofConfig.DEFAULT_FILE_NAME));
    }

    /** Every command that sets, changes or clears a time, and a key found dead; replies first, then the file. */
    private void writeEveryKindOfTime(StoreKind kind, boolean relativeTtl) throws IOException {
        try (Server server = start(kind, relativeTtl)) {
            assertThat(call(server, resp("SET", "a", "v", "EX", "10"), resp("EXPIRE", "a", "20"), resp("PERSIST", "a"),
                    resp("PEXPIRE", "a", "100"), resp("SET", "n", "41", "PX", "500"), resp("INCR", "n"),
                    resp("SET", "n", "43", "KEEPTTL"), resp("GETEX", "n", "PERSIST"), resp("GETEX", "n", "PX", "300"),
                    resp("EXPIRE", "missing", "10"), resp("EXPIRE", "n", "10", "NX"), resp("PERSIST", "missing"),
                    resp("SET", "old", "v", "PXAT", "5"), resp("GET", "old")))
                    .isEqualTo("+OK\r\n:1\r\n:1\r\n:1\r\n+OK\r\n:42\r\n+OK\r\n$2\r\n43\r\n$2\r\n43\r\n:0\r\n:0\r\n:0\r\n+OK\r\n$-1\r\n");
            clock.advance(101); // a is dead now (alive through its deadline's millisecond), still stored
            assertThat(call(server, resp("GET", "a"), resp("EXPIRE", "n", "-1"), resp("SET", "p", "v", "EX", "10"), resp("DEL", "p")))
                    .isEqualTo("$-1\r\n:1\r\n+OK\r\n:1\r\n");
        }
    }

    /** The format the chapter states, byte for byte: Redis 7's records, with absolute Unix ms. */
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void timesAreLoggedAsDeadlinesAndAKeyFoundDeadAsDel(StoreKind kind) throws IOException {
        writeEveryKindOfTime(kind, false);
        assertThat(new String(file(), StandardCharsets.ISO_8859_1)).isEqualTo(new String(records(
                record("SET", "a", "v", "PXAT", "1010000"), record("PEXPIREAT", "a", "1020000"), record("PERSIST", "a"),
                record("PEXPIREAT", "a", "1000100"), record("SET", "n", "41", "PXAT", "1000500"),
                record("SET", "n", "42", "PXAT", "1000500"), record("SET", "n", "43", "PXAT", "1000500"),
                record("PERSIST", "n"), record("PEXPIREAT", "n", "1000300"),
                record("SET", "old", "v", "PXAT", "5"), record("DEL", "old"), // found dead by GET
                record("DEL", "a"),                                            // found dead by GET
                record("DEL", "n"),                                            // EXPIRE with a time in the past
                record("SET", "p", "v", "PXAT", "1010101"), record("DEL", "p")), StandardCharsets.ISO_8859_1));
    }

    /** The pitfall's format: each time as "in N ms" at the moment it was logged. */
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void withRelativeTimesEachTimeIsLoggedAsTheMillisecondsLeft(StoreKind kind) throws IOException {
        writeEveryKindOfTime(kind, true);
        assertThat(new String(file(), StandardCharsets.ISO_8859_1)).isEqualTo(new String(records(
                record("SET", "a", "v", "PX", "10000"), record("PEXPIRE", "a", "20000"), record("PERSIST", "a"),
                record("PEXPIRE", "a", "100"), record("SET", "n", "41", "PX", "500"),
                record("SET", "n", "42", "PX", "500"), record("SET", "n", "43", "PX", "500"),
                record("PERSIST", "n"), record("PEXPIRE", "n", "300"),
                record("SET", "old", "v", "PX", "1"), record("DEL", "old"),
                record("DEL", "a"), record("DEL", "n"),
                record("SET", "p", "v", "PX", "10000"), record("DEL", "p")), StandardCharsets.ISO_8859_1));
    }

    /** SET k v PX 1000, then the server is down for 2 s: without the pitfall k stays dead, with it k is back. */
    private String getAfterADowntimeLongerThanTheTtl(StoreKind kind, boolean relativeTtl) throws IOException {
        try (Server server = start(kind, relativeTtl)) {
            assertThat(call(server, resp("SET", "k", "v", "PX", "1000"), resp("SET", "forever", "v"))).isEqualTo("+OK\r\n+OK\r\n");
        }
        clock.advance(2_000);
        try (Server server = start(kind, relativeTtl)) {
            assertThat(call(server, resp("GET", "forever"))).isEqualTo("$1\r\nv\r\n");
            return call(server, resp("GET", "k"), resp("EXISTS", "k"), resp("PTTL", "k"));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aRestartLaterThanAKeysDeadlineDoesNotBringItBack(StoreKind kind) throws IOException {
        assertThat(getAfterADowntimeLongerThanTheTtl(kind, false)).isEqualTo("$-1\r\n:0\r\n:-2\r\n");
        try (Server server = start(kind, false)) { // and the GET that found it dead logged DEL: gone for good
            assertThat(call(server, resp("DBSIZE"), resp("GET", "k"))).isEqualTo(":1\r\n$-1\r\n");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void withRelativeTimesTheSameRestartBringsTheKeyBackWithAFreshLease(StoreKind kind) throws IOException {
        assertThat(getAfterADowntimeLongerThanTheTtl(kind, true)).isEqualTo("$1\r\nv\r\n:1\r\n:1000\r\n");
    }

    /** EX 100, then 60 s pass before the restart: 40 s are left, not a fresh 100 (the pitfall's answer). */
    private String pttlAfterARestart60SecondsLater(StoreKind kind, boolean relativeTtl) throws IOException {
        try (Server server = start(kind, relativeTtl)) {
            call(server, resp("SET", "k", "v", "EX", "100"));
            clock.advance(30_000);
        }
        clock.advance(30_000);
        try (Server server = start(kind, relativeTtl)) {
            return call(server, resp("PTTL", "k"));
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aLongTtlKeepsWhatWasLeftOfItAcrossARestart(StoreKind kind) throws IOException {
        assertThat(pttlAfterARestart60SecondsLater(kind, false)).isEqualTo(":40000\r\n");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void withRelativeTimesALongTtlStartsAgainFromTheFullTime(StoreKind kind) throws IOException {
        assertThat(pttlAfterARestart60SecondsLater(kind, true)).isEqualTo(":100000\r\n");
    }

    /**
     * Records are replayed later than they were written, so replay must expire nothing (as Redis,
     * which expires no key while loading): a PERSIST or a later deadline logged before the old
     * deadline must find its key, even when the restart comes after that old deadline.
     */
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aPersistOrALaterDeadlineSurvivesARestartAfterTheOldDeadline(StoreKind kind) throws IOException {
        try (Server server = start(kind, false)) {
            call(server, resp("SET", "a", "v", "PX", "1000"), resp("PERSIST", "a"),
                    resp("SET", "b", "v", "PX", "1000"), resp("PEXPIRE", "b", "5000"), resp("SET", "c", "2", "PX", "1000"),
                    resp("INCR", "c"), resp("PEXPIRE", "c", "5000"));
        }
        clock.advance(2_000);
        try (Server server = start(kind, false)) {
            assertThat(call(server, resp("GET", "a"), resp("PTTL", "a"), resp("PTTL", "b"), resp("GET", "c"), resp("PTTL", "c")))
                    .isEqualTo("$1\r\nv\r\n:-1\r\n:3000\r\n$1\r\n3\r\n:3000\r\n");
        }
    }

    private static List<String> recordsIn(byte[] file) throws Exception {
        List<String> found = new ArrayList<>();
        try (AofReader reader = new AofReader(new ByteArrayInputStream(file))) {
            for (List<byte[]> record = reader.next(); record != null; record = reader.next()) {
                found.add(String.join(" ", record.stream().map(CommandTable::latin1).toList()));
            }
        }
        return found;
    }

    /** Four keys, one of them dead by the time BGREWRITEAOF runs; returns the rewritten file's records. */
    private List<String> rewriteWithADeadKey(StoreKind kind, boolean relativeTtl) throws Exception {
        try (Server server = start(kind, relativeTtl)) {
            call(server, resp("SET", "dies", "v", "PX", "1000"), resp("SET", "lives", "v", "EX", "100"),
                    resp("SET", "forever", "v"), resp("SET", "n", "1", "PX", "5000"), resp("INCR", "n"));
            clock.advance(1_001);
            assertThat(call(server, resp("BGREWRITEAOF"))).startsWith("+Background append only file rewriting started");
            Awaitility.await("the rewrite").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                    .until(() -> call(server, resp("INFO", "persistence")).contains("\r\naof_rewrites:1\r\n"));
        }
        return recordsIn(file());
    }

    /** With the pitfall the rewrite, too, writes what was left at that moment: the next restart starts it afresh. */
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void withRelativeTimesTheRewriteWritesTheTimeLeft(StoreKind kind) throws Exception {
        assertThat(rewriteWithADeadKey(kind, true)).containsExactlyInAnyOrder("SET lives v PX 98999", "SET forever v",
                "SET n 2 PX 3999");
    }

    /** The rewrite writes each live key with its absolute deadline and leaves the dead ones out. */
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void theRewriteKeepsDeadlinesAndLeavesDeadKeysOut(StoreKind kind) throws Exception {
        assertThat(rewriteWithADeadKey(kind, false)).containsExactlyInAnyOrder("SET lives v PXAT 1100000", "SET forever v",
                "SET n 2 PXAT 1005000");
        try (Server server = start(kind, false)) {
            assertThat(call(server, resp("PTTL", "lives"), resp("GET", "forever"), resp("PTTL", "n"), resp("DBSIZE")))
                    .isEqualTo(":98999\r\n$1\r\nv\r\n:3999\r\n:3\r\n");
        }
    }
}
