package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import toyredis.loadtest.servers.ServerEntry;

/**
 * `expiry` writes keys with a TTL that nobody reads again and samples what each server still
 * holds. Stage 4 expires lazily, so DBSIZE, expires and its live heap stay where the write left
 * them, and expired_keys stays 0; Redis deletes dead keys in its event loop, so 3 s after the
 * deadline DBSIZE and the memory held have fallen to a tenth or less. Redis answers INFO at once,
 * so it has a row per tick; a stage's full GC may take longer than a tick on a busy machine.
 */
class ExpiryCommandTest {

    private static final int KEYS = 20_000;

    @Test
    void lazyExpiryHoldsTheKeysRedisFreesThemAndTheCsvDrawsAgain(@TempDir Path out) throws Exception {
        StageJar.locate("stage4-commands");
        RedisServer.requireOrSkip(ServerEntry.redisServerOnPath(), "redis-server is not on the PATH (apt-get install redis-server)");
        Cli expiry = Cli.run("expiry", "--server", "lazy=stage4", "--server", "redis", "--keys", "" + KEYS, "--ttl", "1s",
                "--every", "1s", "--for", "4s", "--out", out.toString());
        assertThat(expiry.code()).as(expiry.err()).isZero();
        assertThat(expiry.out()).containsPattern("stage4 +wrote 20,000 keys in [\\d.]+ s\n")
                .containsPattern("redis +[\\d.]+ s: +[\\d.,]+ MB held, DBSIZE [\\d,]+, expires [\\d,]+, expired_keys [\\d,]+\n");

        List<String> lines = Files.readAllLines(out.resolve("expiry.csv"));
        assertThat(lines.getFirst()).isEqualTo("server,keys,ttl_ms,seconds,memory_bytes,held_bytes,dbsize,expires,expired_keys");
        List<Map<String, String>> stage4 = rows(out, "stage4");
        List<Map<String, String>> redis = rows(out, "redis");
        assertThat(lines).hasSize(1 + stage4.size() + redis.size());
        // A tick at 0, 1, 2, 3 and 4 s; a full GC through jcmd on a busy machine can take longer than one, and skip one.
        assertThat(redis).as("INFO is fast: a row per tick").hasSize(5);
        assertThat(stage4).as("the first tick and the last are never skipped").hasSizeBetween(2, 5);
        for (List<Map<String, String>> server : List.of(stage4, redis)) {
            assertThat(number(server.getFirst(), "seconds")).as("the first sample right after the write").isLessThan(1.0);
            assertThat(number(server.getLast(), "seconds")).as("the last at --for").isGreaterThanOrEqualTo(4.0);
            for (int i = 1; i < server.size(); i++) {
                assertThat(number(server.get(i), "seconds")).as("in order").isGreaterThan(number(server.get(i - 1), "seconds"));
            }
        }
        for (Map<String, String> row : stage4) { // lazy: nothing removed, since nothing is read
            assertThat(row).containsEntry("dbsize", "" + KEYS).containsEntry("expires", "" + KEYS).containsEntry("expired_keys", "0");
            assertThat(number(row, "held_bytes")).as("a key and a value: two byte arrays, 32 bytes each or more")
                    .isGreaterThan(KEYS * 64.0);
        }
        assertThat(redis.getFirst()).containsEntry("dbsize", "" + KEYS).containsEntry("expires", "" + KEYS);
        Map<String, String> last = redis.getLast(); // 3 s after the last key's deadline
        assertThat(number(last, "dbsize")).as("Redis's active expiry removed them").isLessThanOrEqualTo(KEYS / 10.0);
        assertThat(number(last, "expired_keys")).isGreaterThanOrEqualTo(KEYS * 0.9);
        assertThat(number(last, "held_bytes")).as("and gave their memory back")
                .isLessThan(number(redis.getFirst(), "held_bytes") / 10);

        for (String chart : List.of("expiry-memory.png", "expiry-keys.png")) {
            BufferedImage image = ImageIO.read(out.resolve(chart).toFile());
            assertThat(image.getWidth()).as(chart).isPositive();
        }
        Files.delete(out.resolve("expiry-memory.png"));
        Path again = out.resolve("again");
        Cli redraw = Cli.run("expiry", "--from-csv", out.resolve("expiry.csv").toString(), "--server", "lazy=stage4",
                "--title", "expiry-memory=Lazy expiry holds them", "--out", again.toString());
        assertThat(redraw.code()).as(redraw.err()).isZero();
        assertThat(redraw.out()).contains("expiry-memory.png", "expiry-keys.png");
        assertThat(ImageIO.read(again.resolve("expiry-memory.png").toFile()).getWidth()).isPositive();
    }

    private static List<Map<String, String>> rows(Path out, String server) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (Map<String, String> row : toyredis.loadtest.report.Report.readCsv(out.resolve("expiry.csv"))) {
            if (row.get("server").equals(server)) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static double number(Map<String, String> row, String column) {
        return Double.parseDouble(row.get(column));
    }

    @Test
    void withoutAServerItExplainsAndExits2() {
        Cli expiry = Cli.run("expiry");
        assertThat(expiry.code()).isEqualTo(2);
        assertThat(expiry.err()).contains("Missing required option: '--server=[LEGEND=]NAME[:OPTIONS]' (or --from-csv FILE)");
    }

    @Test
    void aServerWithoutExpiryOrAProcessToReadIsRefused() {
        Cli stage3 = Cli.run("expiry", "--server", "stage3");
        assertThat(stage3.code()).isEqualTo(2);
        assertThat(stage3.err()).contains("expiry starts the server itself and SETs keys over RESP: use stage4, stage5, stage6"
                + " or redis, not stage3");
        Cli docker = Cli.run("expiry", "--server", "redis-docker");
        assertThat(docker.code()).isEqualTo(2);
        assertThat(docker.err()).contains("not redis-docker");
    }

    @Test
    void badCountsAndTimesAreUsageErrors() {
        Cli noKeys = Cli.run("expiry", "--server", "redis", "--keys", "0");
        assertThat(noKeys.code()).isEqualTo(2);
        assertThat(noKeys.err()).contains("--keys must be at least 1, got 0");
        Cli noTtl = Cli.run("expiry", "--server", "redis", "--ttl", "0");
        assertThat(noTtl.code()).isEqualTo(2);
        assertThat(noTtl.err()).contains("--ttl and --every must be at least 1ms, got --ttl 0 ms and --every 1 s");
        Cli noUnit = Cli.run("expiry", "--server", "redis", "--every", "10");
        assertThat(noUnit.code()).isEqualTo(2);
        assertThat(noUnit.err()).contains("expected a duration such as 500ms, 10s, 2m or 0, got '10'");
    }

    @Test
    void aCsvItDidNotWriteIsAUsageError(@TempDir Path dir) throws Exception {
        Cli missing = Cli.run("expiry", "--from-csv", dir.resolve("nothing.csv").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nothing.csv: no such file");
        Path memoryCsv = Files.writeString(dir.resolve("memory.csv"), "server,keys,memory_bytes,bytes_per_key,rss_mib\nredis,1,2,3.0,4\n");
        Cli wrong = Cli.run("expiry", "--from-csv", memoryCsv.toString());
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("is not a CSV that expiry wrote: it needs the columns server,keys,ttl_ms,seconds");
    }
}
