package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import toyredis.loadtest.powercut.Fuse;
import toyredis.loadtest.powercut.PowerCutFilesystem;

/**
 * The rename lesson: stage 5's rewrite renames its new file over the old one, then fsyncs the
 * directory. The rename is a change to the directory, and only that fsync makes it durable: with
 * {@code --aof-rewrite-dir-fsync no} a power cut after a finished rewrite undoes the rename, the
 * new file is back under its temporary name, and the server restarts on the old one.
 */
class RenameLessonTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /** appendfsync always: writes answered after the rewrite went to the new file; without the directory fsync they are lost. */
    @ParameterizedTest(name = "--aof-rewrite-dir-fsync {0}")
    @ValueSource(strings = {"yes", "no"})
    void writesAfterARewriteSurviveOnlyIfTheRenameWasMadeDurable(String dirFsync) throws Exception {
        Fuse.required();
        try (PowerCutServer server = PowerCutServer.start("stage5-aof", "--appendfsync", "always", "--aof-rewrite-dir-fsync", dirFsync)) {
            List<String> before = set(server, "before", 100);
            rewrite(server);
            List<String> after = set(server, "after", 100);
            String temp = "temp-rewriteaof-" + server.pid() + ".aof";
            PowerCutFilesystem.Cut cut = server.killAndCut();
            server.restart();
            assertThat(server.missing(before)).as("written before the rewrite").isEmpty();
            if (dirFsync.equals("yes")) {
                assertThat(server.missing(after)).as("acknowledged after the rewrite, lost").isEmpty();
                assertThat(cut.namesUndone()).as("names the cut undid").noneMatch(name -> name.startsWith("temp-rewriteaof-"));
            } else {
                assertThat(server.missing(after)).as("acknowledged after the rewrite: in the new file, which the cut renamed back")
                        .containsExactlyInAnyOrderElementsOf(after);
                assertThat(cut.namesUndone()).as("names the cut undid").contains(temp + " (back)");
            }
        }
    }

    /** appendfsync no: only the rewrite makes data durable; without the directory fsync the rewritten file is lost, and every key with it. */
    @ParameterizedTest(name = "--aof-rewrite-dir-fsync {0}")
    @ValueSource(strings = {"yes", "no"})
    void withAppendfsyncNoTheRewriteIsAllThatSurvives(String dirFsync) throws Exception {
        Fuse.required();
        try (PowerCutServer server = PowerCutServer.start("stage5-aof", "--appendfsync", "no", "--aof-rewrite-dir-fsync", dirFsync)) {
            List<String> keys = set(server, "key", 100);
            rewrite(server);
            String temp = "temp-rewriteaof-" + server.pid() + ".aof";
            PowerCutFilesystem.Cut cut = server.killAndCut();
            server.restart();
            if (dirFsync.equals("yes")) {
                assertThat(server.missing(keys)).as("keys the rewrite wrote, lost").isEmpty();
            } else {
                assertThat(server.missing(keys)).as("the rewritten file is back under its temporary name: every key gone")
                        .containsExactlyInAnyOrderElementsOf(keys);
                assertThat(cut.namesUndone()).as("names the cut undid").contains(temp + " (back)");
            }
        }
    }

    private static List<String> set(PowerCutServer server, String prefix, int count) {
        List<String> keys = new ArrayList<>();
        try (Jedis jedis = server.client()) {
            for (int i = 0; i < count; i++) {
                assertThat(jedis.set(prefix + ":" + i, "v")).isEqualTo("OK");
                keys.add(prefix + ":" + i);
            }
        }
        return keys;
    }

    /** BGREWRITEAOF, and waits until it finished well. */
    private static void rewrite(PowerCutServer server) throws InterruptedException {
        try (Jedis jedis = server.client()) {
            jedis.bgrewriteaof();
        }
        assertThat(SetWriters.within(PATIENCE, () -> server.info("aof_rewrites").equals("1")
                && server.info("aof_rewrite_in_progress").equals("0"))).as("the rewrite finished").isTrue();
        assertThat(server.info("aof_last_bgrewrite_status")).isEqualTo("ok");
    }
}
