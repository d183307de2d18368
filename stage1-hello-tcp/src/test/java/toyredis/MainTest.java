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
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpExplainsTheOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--port", "--bind", "--version", "nc localhost 6379");
    }

    @Test
    void versionIsPrinted() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).contains("stage 1");
    }

    @Test
    void portInUseIsOneClearLineAndExitCode1() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int code = run("--port", String.valueOf(taken.getLocalPort()));
            assertThat(code).isEqualTo(1);
            assertThat(err.toString().strip())
                    .startsWith("stage1-hello-tcp: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .doesNotContain("\n")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void badOptionsExitWith2() {
        assertThat(run("--port", "not-a-number")).isEqualTo(2);
        assertThat(run("--port", "70000")).isEqualTo(2);
        assertThat(run("--no-such-option")).isEqualTo(2);
        assertThat(err.toString()).contains("--port");
    }

    @Test
    void workIsADurationAndABadOneExitsWith2() {
        assertThat(new Main.WorkConverter().convert("50ms")).isEqualTo(java.time.Duration.ofMillis(50));
        assertThat(new Main.WorkConverter().convert("2s")).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(new Main.WorkConverter().convert("0")).isEqualTo(java.time.Duration.ZERO);
        assertThat(new Main.WorkConverter().convert("2M")).as("m is minutes, any case").isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(new Main.WorkConverter().convert("1h")).isEqualTo(java.time.Duration.ofHours(1));
        for (String bad : new String[] {"soon", "10", "1.5s", "50 ms", "-1s", "2d", ""}) {
            assertThat(run("--work", bad)).as("--work %s", bad).isEqualTo(2);
            assertThat(err.toString()).contains("expected a duration such as 500ms, 10s, 2m or 0, got '" + bad + "'");
        }
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--work");
    }
}
