package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import toyredis.loadtest.powercut.Fuse;
import toyredis.loadtest.powercut.PowerCutFilesystem;

/**
 * What {@code appendfsync always} promises, checked where only a power cut can tell: stage 6
 * answers a write only once its record is on the disk. A {@code kill -9} cannot see the difference
 * between a server that fsyncs and one that only writes (the kernel keeps the bytes either way);
 * the power-cut filesystem keeps only what was fsynced, so an answer given too early becomes an
 * acknowledged write that is gone after the restart.
 */
class GroupCommitPowerCutTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /** Red when the fsync under {@code always} is skipped (even if INFO still counts it). */
    @Test
    void everyAcknowledgedWriteSurvivesAPowerCut() throws Exception {
        Fuse.required();
        try (PowerCutServer server = PowerCutServer.start("stage6-tuning", "--appendfsync", "always")) {
            List<String> acknowledged;
            try (SetWriters writers = new SetWriters(server.port(), 4)) {
                assertThat(writers.awaitAcknowledged(300, PATIENCE)).as("300 writes acknowledged").isTrue();
                server.killAndCut();
                acknowledged = writers.keys();
                assertThat(writers.error()).isNull();
            }
            server.restart();
            assertThat(server.missing(acknowledged)).as("acknowledged writes lost at the power cut, of " + acknowledged.size())
                    .isEmpty();
        }
    }

    /**
     * Group commit under {@code always}: the leader writes a batch of several clients' records and
     * fsyncs once for all; none of those clients may hear back before that fsync ends. The cut is
     * placed exactly: from {@code freezeSyncs()} on, the next fsync is held and never happens, so
     * the batch it would have made durable is lost, and so is any client answered for it.
     *
     * <p>Each writer has an event loop of its own, so a batch of two records or more covers a client
     * other than the leader's. The held batch's size is what the cut found written but not synced;
     * a round whose batch happened to hold one record proves nothing, and the next round tries again.
     */
    @Test
    void noClientOfABatchHearsBackBeforeItsFsync() throws Exception {
        Fuse.required();
        int writerCount = 6;
        try (PowerCutServer server = PowerCutServer.start("stage6-tuning", "--appendfsync", "always",
                "--event-loops", "" + writerCount)) {
            long largestBatch = 0;
            for (char round = 'a'; round < 'f' && largestBatch < 2; round++) {
                List<String> acknowledged;
                PowerCutFilesystem.Cut cut;
                try (SetWriters writers = new SetWriters(server.port(), writerCount, round)) {
                    assertThat(writers.awaitAcknowledged(200, PATIENCE)).as("200 writes acknowledged").isTrue();
                    server.fs().freezeSyncs();
                    assertThat(server.fs().awaitHeldSync(PATIENCE)).as("a leader's fsync is held").isTrue();
                    // Replies already on their way arrive; a reply given for the held batch would arrive too.
                    assertThat(writers.awaitQuiet(Duration.ofMillis(300), PATIENCE)).as("the writers wait").isTrue();
                    cut = server.killAndCut();
                    acknowledged = writers.keys();
                    assertThat(writers.error()).isNull();
                }
                long batch = cut.unsyncedBytes() / SetWriters.RECORD_BYTES;
                largestBatch = Math.max(largestBatch, batch);
                server.restart();
                assertThat(server.missing(acknowledged))
                        .as("round %s: acknowledged writes lost, of %d; the held batch held %d records", round, acknowledged.size(), batch)
                        .isEmpty();
            }
            assertThat(largestBatch).as("records in the largest held batch: at least two, or no client was covered").isGreaterThanOrEqualTo(2);
        }
    }
}
