package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpExplainsTheOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--port", "--bind", "--threads", "--pool-size", "platform, virtual or pool",
                "--store", "channel:", "atom:", "concurrent:", "locked:", "--proto-max-bulk-len", "512 MB");
        assertThat(out.toString()).doesNotContain("unsafe");
    }

    @Test
    void versionIsPrinted() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).contains("stage 4");
    }

    @Test
    void portInUseIsOneClearLineAndExitCode1() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int code = run("--port", String.valueOf(taken.getLocalPort()));
            assertThat(code).isEqualTo(1);
            assertThat(err.toString().strip())
                    .startsWith("stage4-commands: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .doesNotContain("\n")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void badOptionsExitWith2() {
        assertThat(run("--port", "not-a-number")).isEqualTo(2);
        assertThat(run("--port", "70000")).isEqualTo(2);
        assertThat(run("--no-such-option")).isEqualTo(2);
        assertThat(run("--threads", "fibers")).isEqualTo(2);
        assertThat(run("--threads", "pool", "--pool-size", "0")).isEqualTo(2);
        assertThat(run("--proto-max-bulk-len", "0")).isEqualTo(2);
        assertThat(run("--proto-max-bulk-len", "4294967296")).isEqualTo(2);
        assertThat(err.toString()).contains("--port");
    }

    @Test
    void anUnknownStoreExitsWith2AndListsTheChoices() {
        assertThat(run("--store", "magic")).isEqualTo(2);
        assertThat(err.toString()).contains("--store", "magic", "CHANNEL", "ATOM", "CONCURRENT", "LOCKED");
        assertThat(run("--store", "unsafe")).as("unsafe stays behind in stage 3").isEqualTo(2);
    }
}
