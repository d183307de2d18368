package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * Time in stage 6's log: records carry absolute deadlines, so a restart later than a key's
 * deadline never brings the key back, and a key with a long TTL keeps its remaining time, not a
 * fresh one. The rewrite writes each live key with its PXAT and leaves dead ones out.
 */
class DeadKeysAfterRestartTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aRestartAfterTheDeadlineDoesNotResurrectAndTheRewriteLeavesDeadKeysOut(StoreKind kind) throws Exception {
        ExpiryStoresTest.TestClock clock = new ExpiryStoresTest.TestClock(); // starts at 1,000,000 ms
        ServerConfig config = ServerConfig.forTests().store(kind).clock(clock).aof(AofConfig.in(dir).build()).build();
        Path file = dir.resolve(AofConfig.DEFAULT_FILE_NAME);
        try (Server server = new Server(config).start(); Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            jedis.set("short", "v", SetParams.setParams().px(1_000));
            jedis.set("long", "v", SetParams.setParams().ex(3_600));
            jedis.set("plain", "v");
            jedis.expire("plain", 100);
        }
        assertThat(Files.readString(file)).contains("$4\r\nPXAT\r\n$7\r\n1001000\r\n", "$4\r\nPXAT\r\n$7\r\n4600000\r\n",
                "$9\r\nPEXPIREAT\r\n$5\r\nplain\r\n$7\r\n1100000\r\n");
        clock.advance(5_000); // the server was down for 5 s: short's deadline has passed
        try (Server server = new Server(config).start(); Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            assertThat(jedis.get("short")).as("not resurrected").isNull();
            assertThat(jedis.pttl("long")).as("the remaining time, not a fresh hour").isEqualTo(3_595_000);
            assertThat(jedis.ttl("plain")).isEqualTo(95);
            assertThat(jedis.dbSize()).isEqualTo(2);
            jedis.set("dead", "v", SetParams.setParams().px(10));
            clock.advance(11); // dead is dead (a key lives through its deadline's millisecond), still stored: the rewrite must leave it out
            jedis.bgrewriteaof();
            Awaitility.await("the rewrite").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                    .until(() -> jedis.info("persistence").contains("aof_rewrites:1"));
        }
        String rewritten = Files.readString(file);
        assertThat(rewritten).doesNotContain("short", "dead").contains(
                "*5\r\n$3\r\nSET\r\n$4\r\nlong\r\n$1\r\nv\r\n$4\r\nPXAT\r\n$7\r\n4600000\r\n",
                "*5\r\n$3\r\nSET\r\n$5\r\nplain\r\n$1\r\nv\r\n$4\r\nPXAT\r\n$7\r\n1100000\r\n");
        clock.advance(3_600_000);
        try (Server server = new Server(config).start(); Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            assertThat(jedis.exists("long", "plain", "short", "dead")).as("every deadline has passed").isZero();
        }
    }

    /** Replay expires nothing (Redis's loading does not either): a PERSIST logged before the old deadline keeps its key. */
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void replayAfterTheOldDeadlineKeepsAKeyMadePermanentOrGivenMoreTime(StoreKind kind) throws Exception {
        ExpiryStoresTest.TestClock clock = new ExpiryStoresTest.TestClock();
        ServerConfig config = ServerConfig.forTests().store(kind).clock(clock).aof(AofConfig.in(dir).build()).build();
        try (Server server = new Server(config).start(); Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            jedis.set("persisted", "v", SetParams.setParams().px(1_000));
            jedis.persist("persisted");
            jedis.set("extended", "v", SetParams.setParams().px(1_000));
            jedis.pexpire("extended", 60_000);
        }
        clock.advance(5_000); // past both old deadlines
        try (Server server = new Server(config).start(); Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            assertThat(jedis.get("persisted")).as("PERSIST replayed on a key still alive").isEqualTo("v");
            assertThat(jedis.pttl("extended")).as("the later deadline, not the first").isEqualTo(55_000);
        }
    }
}
