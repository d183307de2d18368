package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        CommandLine cli = Main.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpExplainsTheOptions() {
        assertThat(run("--help")).as(() -> err.toString()).isZero();
        assertThat(out.toString()).contains("--port", "--bind",
                "--store", "channel:", "atom:", "concurrent:", "locked:", "--proto-max-bulk-len", "512 MB",
                "--appendonly", "--dir", "--appendfilename", "--appendfsync", "always:", "everysec:", "no:",
                "--auto-aof-rewrite-percentage", "--auto-aof-rewrite-min-size", "--aof-flush-delay", "check-aof",
                "--aof-relative-ttl", "fresh lease");
        assertThat(out.toString()).doesNotContain("unsafe", "--threads", "--pool-size");
    }

    @Test
    void versionIsPrinted() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).contains("stage 5");
    }

    @Test
    void portInUseIsOneClearLineAndExitCode1() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int code = run("--port", String.valueOf(taken.getLocalPort()), "--dir", dir.toString());
            assertThat(code).isEqualTo(1);
            assertThat(err.toString().strip())
                    .startsWith("stage5-aof: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .doesNotContain("\n")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void badOptionsExitWith2() {
        assertThat(run("--port", "not-a-number")).isEqualTo(2);
        assertThat(run("--port", "70000")).isEqualTo(2);
        assertThat(run("--no-such-option")).isEqualTo(2);
        assertThat(run("--threads", "platform")).isEqualTo(2); // stage 2's lesson, not carried here
        assertThat(run("--proto-max-bulk-len", "0")).isEqualTo(2);
        assertThat(run("--proto-max-bulk-len", "4294967296")).isEqualTo(2);
        assertThat(err.toString()).contains("--port");
    }

    @Test
    void badPersistenceOptionsExitWith2() {
        assertThat(run("--appendonly", "maybe")).isEqualTo(2);
        assertThat(err.toString()).contains("--appendonly", "maybe");
        assertThat(run("--appendfsync", "sometimes")).isEqualTo(2);
        assertThat(run("--auto-aof-rewrite-min-size", "lots")).isEqualTo(2);
        assertThat(err.toString()).contains("expected a size such as 64mb or 1000, got 'lots'");
        assertThat(run("--auto-aof-rewrite-percentage", "-1")).isEqualTo(2);
        assertThat(run("--aof-relative-ttl", "sometimes")).isEqualTo(2);
        assertThat(err.toString()).contains("--aof-relative-ttl", "sometimes");
        for (String bad : new String[] {"100", "1.5s", "100 ms", "-1s", "2d", "soon"}) {
            assertThat(run("--aof-flush-delay", bad)).as("--aof-flush-delay %s", bad).isEqualTo(2);
            assertThat(err.toString()).contains("expected a duration such as 500ms, 10s, 2m or 0, got '" + bad + "'");
        }
    }

    @Test
    void sizesAndDelaysUseRedisUnits() {
        Main.Size size = new Main.Size();
        assertThat(size.convert("64mb")).isEqualTo(64L * 1024 * 1024);
        assertThat(size.convert("1k")).isEqualTo(1000);
        assertThat(size.convert("1KB")).isEqualTo(1024);
        assertThat(size.convert("123")).isEqualTo(123);
        assertThat(size.convert("2g")).isEqualTo(2_000_000_000L);
        Main.Delay delay = new Main.Delay();
        assertThat(delay.convert("100ms")).hasMillis(100);
        assertThat(delay.convert("2s")).hasSeconds(2);
        assertThat(delay.convert("0")).isZero();
        assertThat(delay.convert("2M")).as("m is minutes, any case").hasMinutes(2);
        assertThat(delay.convert("1h")).hasHours(1);
    }

    @Test
    void anUnknownStoreExitsWith2AndListsTheChoices() {
        assertThat(run("--store", "magic")).isEqualTo(2);
        assertThat(err.toString()).contains("--store", "magic", "CHANNEL", "ATOM", "CONCURRENT", "LOCKED");
        assertThat(run("--store", "unsafe")).as("unsafe stays behind in stage 3").isEqualTo(2);
    }
}
