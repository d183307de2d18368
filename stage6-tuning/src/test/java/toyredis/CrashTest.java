package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kill -9 under load, in a child JVM: whatever the fsync policy, no acknowledged write is lost,
 * because a reply leaves only after its record was written to the OS, and the OS keeps what a
 * dead process wrote. (Stage 5's CrashTest also shows its --aof-flush-delay pitfall losing them.)
 */
class CrashTest {

    private static final int CLIENTS = 16;

    @TempDir
    Path dir;

    /** Each fsync policy with the event loops, and group commit with a thread per connection. */
    static Stream<Arguments> setups() {
        return Stream.of(Arguments.of(FsyncPolicy.ALWAYS, "nio"), Arguments.of(FsyncPolicy.EVERYSEC, "nio"),
                Arguments.of(FsyncPolicy.NO, "nio"), Arguments.of(FsyncPolicy.ALWAYS, "threads"));
    }

    @ParameterizedTest(name = "appendfsync {0}, io {1}")
    @MethodSource("setups")
    void killMinus9UnderLoadLosesNoAcknowledgedWrite(FsyncPolicy policy, String io) throws Exception {
        Writers writers;
        try (ChildServer server = ChildServer.start(dir, "--appendfsync", policy.toString(), "--io", io)) {
            writers = Writers.start(server.port(), CLIENTS);
            writers.awaitAcknowledged(3_000);
            server.kill();
            writers.close();
        }
        try (ChildServer restarted = ChildServer.start(dir, "--appendfsync", policy.toString())) {
            Writers.Loss loss = writers.checkAgainst(restarted.port());
            System.out.printf("appendfsync %s, io %s: %d acknowledged SETs, %d lost; %s%n", policy, io, loss.keysChecked(),
                    loss.keysLost(), loss);
            assertThat(loss.keysChecked()).isGreaterThanOrEqualTo(3_000);
            assertThat(loss.keysLost()).as("acknowledged SETs lost").isZero();
            assertThat(loss.countersBehind()).as("counters behind their last acknowledged INCR").isZero();
            assertThat(loss.countersAhead()).as("counters more than one INCR ahead").isZero();
        }
    }
}
