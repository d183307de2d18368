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
        assertThat(out.toString()).contains("--port", "--bind", "--io", "nio:", "threads:", "--event-loops", "--backlog",
                "--maxclients", "--store", "compact:", "concurrent:", "--proto-max-bulk-len", "512 MB",
                "--appendonly", "--dir", "--appendfilename", "--appendfsync", "always:", "everysec:", "no:",
                "--auto-aof-rewrite-percentage", "--auto-aof-rewrite-min-size", "--aof-group-commit", "check-aof");
        assertThat(out.toString()).as("stage 5's options, which stage 6 dropped")
                .doesNotContain("unsafe", "--threads", "--pool-size", "--aof-flush-delay", "atom:", "channel:", "locked:");
    }

    @Test
    void versionIsPrinted() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).contains("stage 6");
    }

    @Test
    void portInUseIsOneClearLineAndExitCode1() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int code = run("--port", String.valueOf(taken.getLocalPort()), "--dir", dir.toString());
            assertThat(code).isEqualTo(1);
            assertThat(err.toString().strip())
                    .startsWith("stage6-tuning: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .doesNotContain("\n")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void badOptionsExitWith2() {
        assertThat(run("--port", "not-a-number")).isEqualTo(2);
        assertThat(run("--port", "70000")).isEqualTo(2);
        assertThat(run("--no-such-option")).isEqualTo(2);
        assertThat(run("--io", "fibers")).isEqualTo(2);
        assertThat(run("--threads", "virtual")).as("stage 2's choice, not stage 6's").isEqualTo(2);
        assertThat(run("--backlog", "0")).isEqualTo(2);
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
        assertThat(run("--aof-flush-delay", "100ms")).as("stage 5's pitfall, not stage 6's").isEqualTo(2);
    }

    @Test
    void sizesUseRedisUnits() {
        Main.Size size = new Main.Size();
        assertThat(size.convert("64mb")).isEqualTo(64L * 1024 * 1024);
        assertThat(size.convert("1k")).isEqualTo(1000);
        assertThat(size.convert("1KB")).isEqualTo(1024);
        assertThat(size.convert("123")).isEqualTo(123);
        assertThat(size.convert("2g")).isEqualTo(2_000_000_000L);
    }

    @Test
    void anUnknownStoreExitsWith2AndListsTheChoices() {
        assertThat(run("--store", "magic")).isEqualTo(2);
        assertThat(err.toString()).contains("--store", "magic", "CONCURRENT", "COMPACT");
        assertThat(run("--store", "unsafe")).as("unsafe stays behind in stage 3").isEqualTo(2);
        assertThat(run("--store", "atom")).as("atom, channel and locked stay behind in stages 3 to 5").isEqualTo(2);
    }
}
