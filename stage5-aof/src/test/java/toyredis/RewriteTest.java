package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisDataException;

/** BGREWRITEAOF and the automatic rewrite: smaller files, and nothing lost or counted twice. */
class RewriteTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(AofConfig.DEFAULT_FILE_NAME);
    }

    private static long rewrites(Jedis jedis) {
        return Long.parseLong(jedis.info("persistence").lines().filter(l -> l.startsWith("aof_rewrites:"))
                .findFirst().orElseThrow().substring("aof_rewrites:".length()).strip());
    }

    private static boolean rewriting(Jedis jedis) {
        return jedis.info("persistence").contains("aof_rewrite_in_progress:1");
    }

    private static void awaitRewrites(Jedis jedis, long count) {
        Awaitility.await(count + " rewrites").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                .until(() -> rewrites(jedis) >= count);
    }

    private static void overwrite(Jedis jedis, String key, int times) {
        Pipeline pipeline = jedis.pipelined();
        for (int i = 0; i < times; i++) {
            pipeline.set(key, "value " + i);
        }
        pipeline.sync();
    }

    /** In every store: the rewrite walks the store's entries, and each one becomes one SET. */
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void oneHundredThousandOverwritesOfOneKeyShrinkToOneRecord(StoreKind kind) throws Exception {
        ServerConfig config = ServerConfig.forTests().store(kind).aof(AofConfig.in(dir).build()).build();
        try (Server server = new Server(config).start(); Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            overwrite(jedis, "k", 100_000);
            long before = Files.size(file());
            assertThat(jedis.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
            awaitRewrites(jedis, 1);
            long after = Files.size(file());
            System.out.printf("100,000 overwrites: %,d bytes before the rewrite, %,d after%n", before, after);
            assertThat(after).isLessThan(before / 4);
            assertThat(Files.readString(file())).isEqualTo("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$11\r\nvalue 99999\r\n");
            assertThat(jedis.info("persistence")).contains("aof_base_size:" + after + "\r\n", "aof_last_bgrewrite_status:ok");
            jedis.set("after", "the rewrite");
        }
        try (Server server = new Server(config).start(); Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            assertThat(jedis.get("k")).isEqualTo("value 99999");
            assertThat(jedis.get("after")).isEqualTo("the rewrite");
            assertThat(server.loaded().commands()).isEqualTo(2);
        }
    }

    @Test
    void theFileRewritesItselfWhenItHasGrownByThePercentage() throws Exception {
        ServerConfig config = ServerConfig.forTests()
                .aof(AofConfig.in(dir).rewritePercentage(100).rewriteMinSize(64 * 1024).build()).build();
        try (Server server = new Server(config).start(); Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            // Small rounds, and none once a rewrite has begun: what it copies stays far below 64 KB.
            for (int i = 0; i < 100 && rewrites(jedis) == 0 && !rewriting(jedis); i++) {
                overwrite(jedis, "k", 500); // about 15 KB a round
            }
            awaitRewrites(jedis, 1);
            long base = Long.parseLong(jedis.info("persistence").lines().filter(l -> l.startsWith("aof_base_size:"))
                    .findFirst().orElseThrow().substring("aof_base_size:".length()).strip());
            assertThat(base).as("the size right after the rewrite").isLessThan(64 * 1024);
            assertThat(jedis.get("k")).isEqualTo("value 499");
        }
    }

    @Test
    void aSecondBgrewriteaofWhileOneRunsGetsRedisError() throws Exception {
        ServerConfig config = ServerConfig.forTests().aof(AofConfig.in(dir).build()).build();
        try (Server server = new Server(config).start(); Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            overwrite(jedis, "k", 1_000);
            jedis.bgrewriteaof();
            try {
                jedis.bgrewriteaof(); // usually still running; if it finished, the second one starts
            } catch (JedisDataException e) {
                assertThat(e.getMessage()).isEqualTo("ERR Background append only file rewriting already in progress");
            }
        }
        ServerConfig off = ServerConfig.forTests().build();
        try (Server server = new Server(off).start(); Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            assertThat(jedis.info("persistence")).contains("aof_enabled:0");
            try {
                jedis.bgrewriteaof();
            } catch (JedisDataException e) {
                assertThat(e.getMessage()).isEqualTo("ERR this toy server rewrites the AOF only with --appendonly yes");
            }
        }
    }

    /**
     * Rewrites while eight clients SET new keys and INCR their own counter, then SIGKILL right
     * after the last one: the rewritten file must hold every acknowledged SET, and no INCR may be
     * counted twice (the rewrite replays records made during it over a snapshot that may already
     * include them: only blind writes make that safe).
     */
    @Test
    void rewritesUnderLoadThenKillMinus9LoseNothingAndCountNoIncrTwice() throws Exception {
        Writers writers;
        try (ChildServer server = ChildServer.start(dir, "--auto-aof-rewrite-percentage", "0");
                Jedis admin = new Jedis("127.0.0.1", server.port())) {
            writers = Writers.start(server.port(), 8);
            for (int round = 1; round <= 5; round++) {
                writers.awaitAcknowledged(1_000 * round);
                admin.bgrewriteaof();
                awaitRewrites(admin, round);
            }
            server.kill();
            writers.close();
        }
        try (ChildServer restarted = ChildServer.start(dir)) {
            Writers.Loss loss = writers.checkAgainst(restarted.port());
            System.out.printf("rewrites under load, then kill -9: %s%n", loss);
            assertThat(loss.keysLost()).as("acknowledged SETs lost").isZero();
            assertThat(loss.countersBehind()).as("counters behind their last acknowledged INCR").isZero();
            assertThat(loss.countersAhead()).as("counters more than one INCR ahead (counted twice)").isZero();
        }
    }
}
