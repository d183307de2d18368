package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import toyredis.loadtest.powercut.Fuse;

/**
 * What {@code appendfsync everysec} promises: at a power cut it loses at most the writes of about
 * the last second, never older ones. Writers run for three seconds from a fresh start, then the
 * power goes; every acknowledged write that did not come back must have been answered in the last
 * two seconds before the cut. A server whose background fsync runs too rarely (or never) loses
 * writes three seconds old.
 */
class EverysecPowerCutTest {

    private static final Duration WRITING = Duration.ofSeconds(3);
    private static final Duration PROMISE = Duration.ofSeconds(2);

    @Test
    void losesOnlyTheWritesOfTheLastSecondOrTwo() throws Exception {
        Fuse.required();
        try (PowerCutServer server = PowerCutServer.start("stage5-aof", "--appendfsync", "everysec")) {
            List<SetWriters.Ack> acks;
            long cutAt;
            try (SetWriters writers = new SetWriters(server.port(), 4)) {
                assertThat(writers.awaitAcknowledged(1, Duration.ofSeconds(20))).as("a first write acknowledged").isTrue();
                long first = writers.acks().getFirst().answeredNanos();
                // The first write is old enough that everysec must have made it durable by now.
                assertThat(SetWriters.within(Duration.ofSeconds(20), () -> System.nanoTime() - first >= WRITING.toNanos())).isTrue();
                cutAt = System.nanoTime();
                server.killAndCut();
                acks = writers.acks();
                assertThat(writers.error()).isNull();
            }
            server.restart();
            Map<String, SetWriters.Ack> byKey = acks.stream().collect(Collectors.toMap(SetWriters.Ack::key, Function.identity()));
            List<String> missing = server.missing(byKey.keySet());
            long oldestLostMillis = missing.stream().mapToLong(key -> (cutAt - byKey.get(key).answeredNanos()) / 1_000_000)
                    .max().orElse(0);
            assertThat(oldestLostMillis)
                    .as("how long before the cut the oldest lost write was answered (%d of %d acknowledged writes lost)",
                            missing.size(), acks.size())
                    .isLessThanOrEqualTo(PROMISE.toMillis());
        }
    }
}
