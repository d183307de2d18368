package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import toyredis.loadtest.powercut.Fuse;
import toyredis.loadtest.powercut.PowerCutFilesystem;

/**
 * A rewrite under {@code appendfsync always} while writers run: the records that arrive during its
 * last steps are written into the new file just before the rename, and that file is fsynced once
 * more before it is renamed. The cut is placed right after the rename's directory fsync: every
 * fsync after it is held and never happens, so nothing later makes the new file durable by
 * chance. A rewrite that skipped that last fsync of the new file loses the writes acknowledged
 * during its last steps.
 */
class RewritePowerCutTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final int WRITERS = 8;

    @Test
    void aRewriteUnderWritersLosesNoAcknowledgedWriteAtAPowerCutRightAfterItsRename() throws Exception {
        Fuse.required();
        try (PowerCutServer server = PowerCutServer.start("stage5-aof", "--appendfsync", "always")) {
            List<String> preloaded = preload(server, 20_000); // a snapshot big enough that its fsync takes a while
            List<String> acknowledged;
            PowerCutFilesystem.Cut cut;
            try (SetWriters writers = new SetWriters(server.port(), WRITERS)) {
                assertThat(writers.awaitAcknowledged(100, PATIENCE)).as("100 writes acknowledged").isTrue();
                server.fs().holdFirstFileSync("temp-rewriteaof-");
                server.fs().freezeSyncsAfterNextDirectorySync();
                try (Jedis jedis = server.client()) {
                    jedis.bgrewriteaof();
                }
                // The rewrite's first sync of its new file comes after its last round of copying:
                // while it is held, writes go on, and all but one in flight per writer are records
                // only the pause's last write can bring into the new file.
                assertThat(server.fs().awaitHeldFileSync(PATIENCE)).as("the new file's first fsync is held").isTrue();
                int before = writers.acknowledged();
                assertThat(writers.awaitAcknowledged(before + WRITERS + 1, PATIENCE)).as("writes during the held fsync").isTrue();
                server.fs().releaseFileSync();
                assertThat(server.fs().awaitHeldSync(PATIENCE)).as("an fsync after the rename is held").isTrue();
                assertThat(writers.awaitQuiet(Duration.ofMillis(300), PATIENCE)).as("the writers wait").isTrue();
                cut = server.killAndCut();
                acknowledged = writers.keys();
                assertThat(writers.error()).isNull();
            }
            assertThat(cut.namesUndone()).as("the rename was made durable").noneMatch(name -> name.startsWith("temp-rewriteaof-"));
            server.restart();
            assertThat(server.missing(preloaded)).as("keys written before the rewrite, lost").isEmpty();
            assertThat(server.missing(acknowledged)).as("acknowledged writes lost, of %d", acknowledged.size()).isEmpty();
        }
    }

    private static List<String> preload(PowerCutServer server, int count) {
        List<String> keys = new ArrayList<>();
        try (Jedis jedis = server.client()) {
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < count; i++) {
                keys.add("preload:" + i);
                pipeline.set("preload:" + i, "a value of some length, so that the snapshot is a few hundred kilobytes");
            }
            pipeline.sync();
        }
        return keys;
    }
}
