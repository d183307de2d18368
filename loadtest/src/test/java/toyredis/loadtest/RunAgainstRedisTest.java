package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import toyredis.loadtest.load.LoadException;
import toyredis.loadtest.load.LoadRun;
import toyredis.loadtest.load.LoadSpec;
import toyredis.loadtest.load.RunResult;
import toyredis.loadtest.load.Workload;
import toyredis.loadtest.protocol.Protocol;

/** `run` against a real redis-server: every workload gives real numbers and no errors. */
class RunAgainstRedisTest {

    @RegisterExtension
    static final RedisServer.PerClass redis = new RedisServer.PerClass();

    private static LoadSpec oneSecond(Workload workload, int connections, int pipeline) {
        return LoadSpec.defaults(redis.port()).withWorkload(workload, Protocol.RESP).withConnections(connections)
                .withPipeline(pipeline).withTiming(Duration.ofSeconds(1), Duration.ZERO);
    }

    private static void assertSane(RunResult result) {
        assertThat(result.errors()).allSatisfy((kind, count) -> assertThat(count).as(kind.label()).isZero());
        assertThat(result.replies()).isPositive();
        assertThat(result.opsPerSecond()).isPositive();
        assertThat(result.latency().p50()).isPositive();
        assertThat(result.latency().p50()).isLessThanOrEqualTo(result.latency().p99());
        assertThat(result.latency().p99()).isLessThanOrEqualTo(result.latency().max());
        assertThat(result.connectsSucceeded()).isEqualTo(result.spec().connections());
        assertThat(result.connectsFailed()).isZero();
        assertThat(result.connectionsServed()).as("connections served").isEqualTo(result.spec().connections());
        assertThat(result.firstReply().max()).as("first reply").isPositive();
    }

    /** Every workload but greeting, which needs a server that speaks first (stage 1). */
    @ParameterizedTest
    @EnumSource(value = Workload.class, names = "GREETING", mode = EnumSource.Mode.EXCLUDE)
    void everyWorkloadRunsWithoutErrors(Workload workload) throws LoadException {
        assertSane(LoadRun.execute("redis", oneSecond(workload, 4, 1), LoadRun.Progress.NONE));
    }

    @Test
    void pipelinedGetsAreCheckedAndRight() throws LoadException {
        RunResult result = LoadRun.execute("redis", oneSecond(Workload.MIXED, 8, 16), LoadRun.Progress.NONE);
        assertSane(result);
        assertThat(result.replies() % 16).as("whole batches are answered").isZero();
    }

    @Test
    void fixedRateLatencyCountsFromTheIntendedSendTime() throws LoadException {
        RunResult result = LoadRun.execute("redis", oneSecond(Workload.SET, 4, 1).withRate(2_000), LoadRun.Progress.NONE);
        assertSane(result);
        // Measured from an earlier (intended) start, latency can only be longer than service time.
        assertThat(result.latency().p50()).isGreaterThanOrEqualTo(result.serviceTime().p50());
        assertThat(result.latency().max()).isGreaterThanOrEqualTo(result.serviceTime().max());
    }
}
