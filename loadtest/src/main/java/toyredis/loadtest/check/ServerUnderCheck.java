package toyredis.loadtest.check;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import toyredis.loadtest.load.LoadException;
import toyredis.loadtest.servers.LaunchedServer;

/**
 * The attendee's server, started by {@code check --start "COMMAND"} so that the durability cases
 * can stop it, kill it and start it again on the same data directory. The command runs through
 * {@code sh -c} in its own process group ({@code setsid}), so that a signal reaches the server
 * even when a shell or a build tool stands between us and it.
 */
public final class ServerUnderCheck implements AutoCloseable {

    /** Generous: a JVM replaying a big file on a busy two-core machine can take a while. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String command;
    private final int port;
    private final Path dir;
    private final Path log;
    private Process process;
    private int starts;

    /**
     * Prepares (does not start) the server: {@code {port}} in the template becomes {@code port},
     * {@code {dir}} a fresh temporary directory that stays the same across restarts.
     */
    public ServerUnderCheck(String template, int port) throws IOException {
        this.port = port;
        this.dir = Files.createTempDirectory("toyredis-check-");
        this.log = Files.createTempFile("toyredis-check-", ".log");
        this.command = template.replace("{port}", String.valueOf(port)).replace("{dir}", dir.toString());
    }

    public String command() {
        return command;
    }

    public int port() {
        return port;
    }

    /** The data directory ({dir}): its size is how the check sees a rewrite compact the file. */
    public Path dir() {
        return dir;
    }

    /** Starts the command and waits until the server answers PING. */
    public void start() throws LoadException {
        try {
            starts++;
            process = new ProcessBuilder("setsid", "sh", "-c", command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new LoadException("cannot start the server (setsid sh -c \"" + command + "\"): " + e.getMessage());
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answersPing()) {
            if (!process.isAlive()) {
                throw new LoadException("the server exited with code " + process.exitValue() + " before it answered PING on port "
                        + port + " (start " + starts + "); its output:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new LoadException("the server did not answer PING on port " + port + " within "
                        + START_TIMEOUT.toSeconds() + " s (start " + starts + "); its output:\n" + tail());
            }
            pause(50);
        }
    }

    /** A clean stop: SIGTERM to the whole group, then waits until every process of it has exited. */
    public void stop() throws LoadException {
        signalAndWait("TERM");
    }

    /** A crash: SIGKILL to the whole group, no chance to flush anything. */
    public void kill() throws LoadException {
        signalAndWait("KILL");
    }

    private void signalAndWait(String signal) throws LoadException {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> group = new ArrayList<>(process.descendants().toList());
        group.add(process.toHandle());
        try {
            // setsid made the shell's pid the group's id: "-pid" names the whole group. The shell's own
            // kill does it (a minimal Debian has no /bin/kill).
            new ProcessBuilder("sh", "-c", "kill -" + signal + " -" + process.pid()).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
            for (ProcessHandle member : group) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !waitFor(member, left)) {
                    throw new LoadException("the server was still running " + STOP_TIMEOUT.toSeconds() + " s after SIG" + signal
                            + "; its output:\n" + tail());
                }
            }
        } catch (IOException e) {
            throw new LoadException("cannot signal the server: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadException("interrupted while stopping the server");
        }
    }

    private static boolean waitFor(ProcessHandle member, long nanos) throws InterruptedException {
        try {
            member.onExit().get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    /** The total size of the files in the data directory (Redis 7 keeps several in appendonlydir). */
    public long dataBytes() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        }
    }

    /** The last lines the server printed, for an error message. */
    public String tail() {
        return LaunchedServer.tail(log);
    }

    private boolean answersPing() {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            probe.setSoTimeout(1000);
            probe.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            return probe.getInputStream().read() == '+';
        } catch (IOException notYet) {
            return false;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills whatever still runs and deletes the data directory and the log. */
    @Override
    public void close() {
        try {
            kill();
        } catch (LoadException e) {
            // nothing more can be done: the message was the kill's
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary file left behind is harmless
        }
    }
}
