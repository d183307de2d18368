package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import toyredis.loadtest.servers.ServerEntry;

/**
 * `memory` counts what each key costs, from what the server keeps alive. Object sizes are fixed
 * by the JVM, so the figures are deterministic enough to pin: a key of 11 bytes and a value of 10
 * cannot cost less than their two byte arrays (32 bytes each on the heap), and stage 6's compact
 * store must cost less per key than a ConcurrentHashMap of Strings.
 */
class MemoryCommandTest {

    @Test
    void measuresTheMemoryEachKeyCostsEachServer(@TempDir Path out) throws Exception {
        StageJar.locate("stage6-tuning");
        RedisServer.requireOrSkip(ServerEntry.redisServerOnPath(), "redis-server is not on the PATH (apt-get install redis-server)");
        Cli memory = Cli.run("memory", "--server", "stage6", "--server", "stage6:--store concurrent", "--server", "redis",
                "--keys", "20000,40000", "--out", out.toString());
        assertThat(memory.code()).as(memory.err()).isZero();
        assertThat(memory.out()).containsPattern("stage6 +40,000 keys: +[\\d.]+ bytes per key \\(live heap [\\d,]+ -> [\\d,]+\\)")
                .containsPattern("redis +40,000 keys: +[\\d.]+ bytes per key \\(used_memory [\\d,]+ -> [\\d,]+\\)");

        List<String> rows = Files.readAllLines(out.resolve("memory.csv"));
        assertThat(rows).hasSize(7).first().isEqualTo("server,keys,memory_bytes,bytes_per_key,rss_mib");
        Map<String, Double> at40k = new LinkedHashMap<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            if (cells[1].equals("40000")) {
                at40k.put(cells[0], Double.parseDouble(cells[3]));
            }
        }
        assertThat(at40k.keySet()).containsExactly("stage6", "stage6 --store concurrent", "redis");
        double compact = at40k.get("stage6");
        double concurrent = at40k.get("stage6 --store concurrent");
        assertThat(compact).as("compact store: two byte arrays and its slots").isBetween(64.0, 130.0);
        assertThat(concurrent).as("ConcurrentHashMap: node, String, two byte arrays, slot").isBetween(120.0, 200.0);
        assertThat(compact).isLessThan(concurrent);
        assertThat(at40k.get("redis")).as("Redis's used_memory per key").isBetween(40.0, 200.0);

        BufferedImage chart = ImageIO.read(out.resolve("memory-per-key.png").toFile());
        assertThat(chart.getWidth()).isPositive();
    }

    /** --ttl SETs every key with PX: Redis then keeps an entry in its expires dict too, so a key costs more. */
    @Test
    void aTimeToLiveCostsEachKeyMoreMemory(@TempDir Path out) throws Exception {
        RedisServer.requireOrSkip(ServerEntry.redisServerOnPath(), "redis-server is not on the PATH (apt-get install redis-server)");
        double plain = redisBytesPerKey(out.resolve("plain"));
        double timed = redisBytesPerKey(out.resolve("timed"), "--ttl", "1h");
        assertThat(timed - plain).as("what a deadline costs a key in Redis (about 40 bytes)").isBetween(16.0, 80.0);
        assertThat(Cli.run("memory", "--server", "redis", "--ttl", "10").err()).contains("--ttl");
    }

    private static double redisBytesPerKey(Path out, String... options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("memory", "--server", "redis", "--keys", "40000", "--out", out.toString()));
        args.addAll(List.of(options));
        Cli memory = Cli.run(args.toArray(String[]::new));
        assertThat(memory.code()).as(memory.err()).isZero();
        return Double.parseDouble(Files.readAllLines(out.resolve("memory.csv")).get(1).split(",")[3]);
    }

    @Test
    void aServerItCannotFillOverRespIsRefused() {
        Cli memory = Cli.run("memory", "--server", "stage3");
        assertThat(memory.code()).isEqualTo(2);
        assertThat(memory.err()).contains("use stage4, stage5, stage6 or redis, not stage3");
    }

    @Test
    void keyCountsMustRise() {
        Cli memory = Cli.run("memory", "--server", "stage6", "--keys", "1000,500");
        assertThat(memory.code()).isEqualTo(2);
        assertThat(memory.err()).contains("--keys must be rising counts of at least 1");
    }
}
