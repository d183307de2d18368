package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import toyredis.loadtest.load.LoadRun;
import toyredis.loadtest.load.LoadSpec;
import toyredis.loadtest.load.RunResult;
import toyredis.loadtest.load.Workload;
import toyredis.loadtest.protocol.Protocol;

/**
 * The harness's numbers against an outside witness. Real Redis counts the commands it ran; a
 * server that stalls on purpose shows whether latency is measured from when a request should have
 * been sent (coordinated omission corrected) or only from when it was.
 */
class HarnessTruthTest {

    @RegisterExtension
    static final RedisServer.PerClass redis = new RedisServer.PerClass();

    /** Every right reply counted is a SET Redis ran; Redis may have run a few more, still in flight. */
    @ParameterizedTest(name = "pipeline {0}")
    @ValueSource(ints = {1, 16})
    void repliesCountedAreTheCommandsRedisRan(int pipeline) throws Exception {
        int connections = 4;
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            jedis.configResetStat();
            LoadSpec spec = LoadSpec.defaults(redis.port()).withConnections(connections).withPipeline(pipeline)
                    .withTiming(Duration.ofMillis(700), Duration.ZERO);
            RunResult result = LoadRun.execute("redis", spec, LoadRun.Progress.NONE);
            long ran = setCalls(jedis.info("commandstats"));
            assertThat(result.errorCount()).isZero();
            assertThat(result.repliesWholeRun()).isPositive();
            assertThat(ran).as("SETs Redis ran, against right replies counted (%d)", result.repliesWholeRun())
                    .isBetween(result.repliesWholeRun(), result.repliesWholeRun() + (long) connections * pipeline);
        }
    }

    private static long setCalls(String commandstats) {
        Matcher m = Pattern.compile("cmdstat_set:calls=(\\d+)").matcher(commandstats);
        assertThat(m.find()).as("cmdstat_set in " + commandstats).isTrue();
        return Long.parseLong(m.group(1));
    }

    /**
     * At a fixed rate, a server that stalls for 300 ms once holds back every request due in that
     * time. Measured from when each was due, the stall shows in p99; measured from when each was
     * finally sent, it nearly vanishes: that is coordinated omission.
     */
    @Test
    void aStallUnderAFixedRateShowsInTheCorrectedP99Only() throws Exception {
        try (FakeServer server = new FakeServer(client -> {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = client.getOutputStream();
            int answered = 0;
            while (in.readLine() != null) {
                if (++answered == 200) {
                    try {
                        Thread.sleep(300); // the stall under test, not a wait for the test
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                out.write("PONG\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        })) {
            LoadSpec spec = LoadSpec.defaults(server.port()).withWorkload(Workload.PING, Protocol.INLINE)
                    .withConnections(1).withRate(1_000).withTiming(Duration.ofSeconds(1), Duration.ZERO);
            RunResult result = LoadRun.execute("stalls", spec, LoadRun.Progress.NONE);
            assertThat(result.errorCount()).isZero();
            assertThat(result.latency().p99()).as("corrected p99 ms").isGreaterThan(100);
            assertThat(result.serviceTime().p99()).as("uncorrected p99 ms").isLessThan(result.latency().p99() / 4);
        }
    }
}
