package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `crash` counts what a kill -9 costs: nothing for stage 5, which replies only once its record is
 * written, and every acknowledged write for stage 5 with a flush timer that never fires before
 * the kill (600 s: the loss is certain, not a matter of timing).
 */
class CrashCommandTest {

    @Test
    void countsTheAcknowledgedWritesEachServerLost(@TempDir Path out) throws Exception {
        StageJar.locate("stage5-aof");
        Cli crash = Cli.run("crash", "--server", "stage5:--appendfsync always", "--server", "stage5:--aof-flush-delay 600s",
                "--rounds", "2", "--writers", "4", "--write-for", "300ms", "--out", out.toString());
        assertThat(crash.code()).as(crash.err()).isZero();
        assertThat(crash.out()).containsPattern("stage5 --appendfsync always +round 1: acknowledged [1-9]\\d*, lost 0\n")
                .containsPattern("stage5 --appendfsync always +round 2: acknowledged [1-9]\\d*, lost 0\n");
        List<String> rows = Files.readAllLines(out.resolve("crash.csv"));
        assertThat(rows).hasSize(5).first().isEqualTo("server,round,writers,acknowledged,lost,counted_twice");
        for (String row : rows.subList(3, 5)) { // the flush-delay rounds: everything acknowledged is gone
            String[] cells = row.split(",");
            assertThat(cells[0]).isEqualTo("stage5 --aof-flush-delay 600s");
            assertThat(Long.parseLong(cells[4])).as(row).isEqualTo(Long.parseLong(cells[3])).isPositive();
        }
        BufferedImage chart = ImageIO.read(out.resolve("crash-lost.png").toFile());
        assertThat(chart.getWidth()).isPositive();
    }

    @Test
    void aServerInDockerCannotBeKilledAndSaysSo() {
        Cli crash = Cli.run("crash", "--server", "redis-docker");
        assertThat(crash.code()).isEqualTo(2);
        assertThat(crash.err()).contains("crash kills the server's process: use redis, not redis-docker");
    }

    @Test
    void withoutAServerItExplainsAndExits2() {
        Cli crash = Cli.run("crash");
        assertThat(crash.code()).isEqualTo(2);
        assertThat(crash.err()).contains("Missing required option: '--server=[LEGEND=]NAME[:OPTIONS]' (or --from-csv FILE)");
    }
}
