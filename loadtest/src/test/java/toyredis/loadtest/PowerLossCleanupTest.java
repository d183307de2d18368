package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import toyredis.loadtest.powercut.Fuse;
import toyredis.loadtest.servers.LaunchedServer;

/**
 * `check --power-loss` cleans up when it is stopped from outside: SIGTERM in the middle of a case
 * (the harness's shutdown hooks run) leaves no server running and the power-cut filesystem
 * unmounted. The check runs as a child JVM, as a learner runs it.
 */
class PowerLossCleanupTest {

    private static final Pattern MOUNT_POINT = Pattern.compile("--dir (/\\S*toyredis-powercut-\\S*/mnt)");

    @Test
    void sigtermStopsTheServerAndUnmounts() throws Exception {
        Fuse.required();
        int port = LaunchedServer.freePort();
        String start = LaunchedServer.javaCommand() + " -jar " + StageJar.locate("stage5-aof").toAbsolutePath().normalize()
                + " --port {port} --dir {dir} --appendfsync always";
        // The test's own class path: target/classes and the dependencies, so no jar needs building first.
        Process child = new ProcessBuilder(LaunchedServer.javaCommand(), "-cp", System.getProperty("java.class.path"),
                "toyredis.loadtest.cli.Main", "check", "--stage", "5", "--port", "" + port, "--power-loss", "--start", start)
                .redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String mountPoint = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (String line = output.readLine(); line != null && System.nanoTime() < deadline; line = output.readLine()) {
                Matcher dir = MOUNT_POINT.matcher(line);
                if (dir.find()) {
                    mountPoint = dir.group(1);
                }
                if (line.startsWith("[ 1/3]")) { // the server answers, the writers are about to write
                    break;
                }
            }
            assertThat(mountPoint).as("check names the server's --dir on the power-cut filesystem").isNotNull();
            List<Long> servers = processesWith("--port" + '\0' + port + '\0');
            assertThat(servers).as("the server is running").isNotEmpty();
            assertThat(mounted(mountPoint)).as("the power-cut filesystem is mounted").isTrue();

            StringBuilder rest = new StringBuilder(); // what check prints as it stops, shown if an assertion fails
            Thread drain = Thread.ofVirtual().start(() -> {
                try {
                    output.lines().forEach(line -> rest.append(line).append('\n'));
                } catch (java.io.UncheckedIOException closed) {
                    // the child is gone
                }
            });
            child.destroy(); // SIGTERM
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("check exits after SIGTERM").isTrue();
            drain.join(TimeUnit.SECONDS.toMillis(10));
            for (long pid : servers) {
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("server process " + pid + "; check printed:\n" + rest).isFalse();
            }
            assertThat(mounted(mountPoint)).as(mountPoint + " in /proc/self/mountinfo; check printed:\n" + rest).isFalse();
        } finally {
            child.destroyForcibly();
        }
    }

    /** The processes whose argument list contains {@code words} (NUL-separated, as in /proc/PID/cmdline). */
    private static List<Long> processesWith(String words) throws Exception {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    String cmdline = Files.readString(p.resolve("cmdline"), StandardCharsets.ISO_8859_1);
                    return cmdline.contains(words) && cmdline.contains("stage5-aof.jar");
                } catch (Exception gone) {
                    return false;
                }
            }).map(p -> Long.parseLong(p.getFileName().toString())).toList();
        }
    }

    private static boolean mounted(String mountPoint) throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(line -> line.contains(" " + mountPoint + " "));
    }
}
