package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SET's options, one rule per test, straight through the command table (no socket): NX and XX,
 * GET, the four expiry units and KEEPTTL, and the syntax errors Redis gives for combinations it
 * refuses. The replies are the bytes Redis sends (the differential tests compare the same cases
 * with a real redis-server); the clock only moves when a test moves it.
 */
@Tag("lab4.2")
class SetCommandTest {

    private final ExpiryTest.TestClock clock = new ExpiryTest.TestClock();
    private final Store store = StoreKind.CONCURRENT.create(clock);
    private final CommandTable commands = new CommandTable(store);

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Runs one request, its words split at spaces, and returns the reply as RESP text. */
    private String run(String request) {
        List<byte[]> words = Arrays.stream(request.split(" ")).map(w -> w.getBytes(StandardCharsets.ISO_8859_1)).toList();
        return new String(RespWriter.encode(commands.execute(words)), StandardCharsets.ISO_8859_1);
    }

    @Test
    void setStoresAndOverwrites() {
        assertThat(run("SET k v")).isEqualTo("+OK\r\n");
        assertThat(run("SET k w")).isEqualTo("+OK\r\n");
        assertThat(run("GET k")).isEqualTo("$1\r\nw\r\n");
    }

    @Test
    void nxSetsOnlyAMissingKeyAndXxOnlyAnExistingOne() {
        assertThat(run("SET k v XX")).isEqualTo("$-1\r\n");
        assertThat(run("EXISTS k")).isEqualTo(":0\r\n");
        assertThat(run("SET k v NX")).isEqualTo("+OK\r\n");
        assertThat(run("SET k w nx")).as("options in any case").isEqualTo("$-1\r\n");
        assertThat(run("SET k w xx")).isEqualTo("+OK\r\n");
        assertThat(run("GET k")).isEqualTo("$1\r\nw\r\n");
    }

    @Test
    void getRepliesWithTheValueBeforeWhetherOrNotItSets() {
        assertThat(run("SET k new GET")).isEqualTo("$-1\r\n");
        assertThat(run("SET k newer NX GET")).as("NX refuses, GET still answers").isEqualTo("$3\r\nnew\r\n");
        assertThat(run("SET k newest XX GET")).isEqualTo("$3\r\nnew\r\n");
        assertThat(run("GET k")).isEqualTo("$6\r\nnewest\r\n");
    }

    @Test
    void eachExpiryUnitSetsTheDeadlineAndAPlainSetClearsIt() {
        long now = clock.getAsLong();
        assertThat(run("SET a v EX 10")).isEqualTo("+OK\r\n");
        assertThat(run("SET b v PX 250")).isEqualTo("+OK\r\n");
        assertThat(run("SET c v EXAT " + (now / 1000 + 20))).isEqualTo("+OK\r\n");
        assertThat(run("SET d v PXAT " + (now + 300))).isEqualTo("+OK\r\n");
        assertThat(run("PTTL a")).isEqualTo(":10000\r\n");
        assertThat(run("PTTL b")).isEqualTo(":250\r\n");
        assertThat(run("PEXPIRETIME c")).isEqualTo(":" + (now / 1000 + 20) * 1000 + "\r\n");
        assertThat(run("PTTL d")).isEqualTo(":300\r\n");
        assertThat(run("SET a w")).isEqualTo("+OK\r\n");
        assertThat(run("PTTL a")).as("a SET without options makes the key live forever").isEqualTo(":-1\r\n");
        clock.advance(251);
        assertThat(run("GET b")).as("dead after its deadline").isEqualTo("$-1\r\n");
    }

    @Test
    void keepTtlKeepsTheDeadlineOfTheValueItReplaces() {
        run("SET k v PX 500");
        assertThat(run("SET k w KEEPTTL")).isEqualTo("+OK\r\n");
        assertThat(run("PTTL k")).isEqualTo(":500\r\n");
        assertThat(run("GET k")).isEqualTo("$1\r\nw\r\n");
        assertThat(run("SET fresh v KEEPTTL")).isEqualTo("+OK\r\n");
        assertThat(run("PTTL fresh")).as("nothing to keep: no deadline").isEqualTo(":-1\r\n");
    }

    @Test
    void combinationsRedisRefusesAreSyntaxErrorsAndChangeNothing() {
        run("SET k v");
        for (String bad : List.of("SET k w NX XX", "SET k w XX NX", "SET k w KEEPTTL EX 10", "SET k w EX 10 KEEPTTL",
                "SET k w EX 10 PX 100", "SET k w EX", "SET k w FOO", "SET k w NXX")) {
            assertThat(run(bad)).as(bad).isEqualTo("-ERR syntax error\r\n");
        }
        assertThat(run("SET k w EX 10 EX 20")).as("the same unit twice: the last wins").isEqualTo("+OK\r\n");
        assertThat(run("PTTL k")).isEqualTo(":20000\r\n");
        assertThat(run("SET k x EX 0")).isEqualTo("-ERR invalid expire time in 'set' command\r\n");
        assertThat(run("SET k x PX -5")).isEqualTo("-ERR invalid expire time in 'set' command\r\n");
        assertThat(run("SET k x EX ten")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(run("GET k")).as("no refused SET wrote").isEqualTo("$1\r\nw\r\n");
    }
}
