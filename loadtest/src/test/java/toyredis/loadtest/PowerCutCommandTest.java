package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import toyredis.loadtest.powercut.Fuse;

/**
 * `powercut` measures what fsync buys: stage 5 loses nothing to kill -9 in either mode, nothing to
 * a power cut with always, and (in this filesystem's model, where nothing unsynced survives)
 * every acknowledged write to a power cut with no.
 */
class PowerCutCommandTest {

    @Test
    void killNineCostsNothingAndAPowerCutCostsWhatWasNeverFsynced(@TempDir Path out) throws Exception {
        Fuse.required();
        StageJar.locate("stage5-aof");
        Cli run = Cli.run("powercut", "--server", "stage5:--appendfsync always", "--server", "stage5:--appendfsync no",
                "--rounds", "1", "--writers", "4", "--write-for", "1s", "--out", out.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("stage5 --appendfsync always +round 1: kill -9 lost 0 of [1-9][\\d,]*; power cut"
                        + " lost 0 of [1-9][\\d,]*\n")
                .containsPattern("stage5 --appendfsync no +round 1: kill -9 lost 0 of [1-9][\\d,]*; power cut lost [1-9][\\d,]*"
                        + " of [1-9][\\d,]*, oldest lost answered \\d\\.\\d s before the cut\n");
        List<String> rows = Files.readAllLines(out.resolve("powercut.csv"));
        assertThat(rows).hasSize(5).first()
                .isEqualTo("server,round,crash,writers,acknowledged,lost,counted_twice,loss_window_ms");
        assertThat(rows.get(1)).matches("stage5 --appendfsync always,1,kill -9,4,[1-9]\\d*,0,0,");
        assertThat(rows.get(2)).matches("stage5 --appendfsync always,1,power cut,4,[1-9]\\d*,0,0,");
        assertThat(rows.get(3)).matches("stage5 --appendfsync no,1,kill -9,4,[1-9]\\d*,0,0,");
        String[] cut = rows.get(4).split(",");
        assertThat(List.of(cut).subList(0, 4)).containsExactly("stage5 --appendfsync no", "1", "power cut", "4");
        assertThat(Long.parseLong(cut[5])).as(rows.get(4)).isPositive().isEqualTo(Long.parseLong(cut[4]));
        assertThat(Long.parseLong(cut[7])).as("the loss window: the first write was answered about 1 s before the cut")
                .isBetween(800L, 5000L);
        BufferedImage chart = ImageIO.read(out.resolve("powercut-lost.png").toFile());
        assertThat(chart.getWidth()).isPositive();

        Path again = out.resolve("again");
        Cli redraw = Cli.run("powercut", "--from-csv", out.resolve("powercut.csv").toString(), "--out", again.toString());
        assertThat(redraw.code()).as(redraw.err()).isZero();
        assertThat(again.resolve("powercut-lost.png")).isRegularFile();
    }

    @Test
    void aServerInDockerCannotBeKilledAndSaysSo() {
        Cli run = Cli.run("powercut", "--server", "redis-docker");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("powercut kills the server's process: use redis, not redis-docker");
    }
}
