package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import toyredis.loadtest.report.Charts;

/** The command line: help, bad options, the fd limit, a server that is not there. No server needed. */
class CommandLineTest {

    static void assertPng(Path file) throws Exception {
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as(file + " decodes").isNotNull();
        assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
    }

    @Test
    void helpNamesEverySubcommand() {
        Cli help = Cli.run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("run", "sweep", "compare", "check");
        assertThat(Cli.run("run", "--help").out()).contains("--connections", "--pipeline", "--rate", "--protocol", "--json");
    }

    @Test
    void badOptionsExitWith2AndSayWhy() {
        assertThat(Cli.run("run", "--workload", "scan").code()).isEqualTo(2);
        assertThat(Cli.run("run", "--duration", "soon").err()).contains("expected a duration such as 500ms, 10s, 2m or 0, got 'soon'");
        Cli zero = Cli.run("run", "--connections", "0");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).contains("--connections must be at least 1, got 0");
        assertThat(Cli.run("run", "--read-ratio", "1.5").code()).isEqualTo(2);
        assertThat(Cli.run("nonsense").code()).isEqualTo(2);
    }

    @Test
    void tooManyConnectionsForTheFileDescriptorLimitIsAClearError() {
        Cli run = Cli.run("run", "--connections", "50000000");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("50000000 connections need about", "(ulimit -n)", "Raise the limit");
    }

    @Test
    void aServerThatIsNotThereIsCountedNotThrown() {
        Cli run = Cli.run("run", "--port", "1", "--connections", "3", "--duration", "300ms", "--warmup", "0", "-q");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("3 wanted: 0 connects succeeded", "refused: connect: Connection refused");
    }
}
