package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.Jedis;
import tools.jackson.databind.json.JsonMapper;

/**
 * The harness's reply count against the server's own: Redis's {@code INFO commandstats} is the
 * referee. Every reply the harness counts was served, so Redis counts at least as many; Redis may
 * count more only for the batches still in flight when the run stopped, at most one per connection.
 * A harness that sends a batch after the stop, or counts a reply twice, or forgets one, fails here.
 */
class ExactCountsTest {

    private static final int CONNECTIONS = 50;
    private static final int PIPELINE = 16;

    @RegisterExtension
    static final RedisServer.PerClass redis = new RedisServer.PerClass();

    @ParameterizedTest(name = "{0}")
    @CsvSource({"set, cmdstat_set", "get, cmdstat_get"})
    void redisServesWhatTheHarnessCountedPlusAtMostOneBatchPerConnection(String workload, String stat,
            @TempDir Path out) throws Exception {
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            jedis.configResetStat(); // GET's preload SETs are not GETs, so cmdstat_get counts the run alone
            Cli run = Cli.run("run", "--port", "" + redis.port(), "-c", "" + CONNECTIONS, "--pipeline", "" + PIPELINE,
                    "--workload", workload, "--duration", "1s", "--warmup", "0s", "--json", "--out", out.toString(), "-q");
            assertThat(run.code()).as(run.err()).isZero();
            long replies = JsonMapper.builder().build().readTree(out.resolve("run.json").toFile()).get(0).get("replies").asLong();
            long served = calls(jedis.info("commandstats"), stat);

            assertThat(replies).as("replies counted").isPositive();
            assertThat(served - replies).as("%s calls %d minus replies counted %d", stat, served, replies)
                    .isBetween(0L, (long) CONNECTIONS * PIPELINE);
        }
    }

    /** {@code calls} of one line such as {@code cmdstat_set:calls=812,usec=...}. */
    private static long calls(String commandstats, String stat) {
        return commandstats.lines().filter(line -> line.startsWith(stat + ":calls=")).findFirst()
                .map(line -> Long.parseLong(line.substring(stat.length() + ":calls=".length()).split(",")[0]))
                .orElseThrow(() -> new AssertionError("no " + stat + " in INFO commandstats:\n" + commandstats));
    }
}
