package toyredis.loadtest.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import toyredis.loadtest.load.LoadException;
import toyredis.loadtest.load.ServerFootprint;

/**
 * A server started as a child process for {@code compare}: on a free port, waited for until it
 * accepts connections, and stopped again, even when the harness fails or is interrupted (Ctrl-C).
 * It runs in a fresh temporary directory, deleted when it stops, so that the files a durable
 * server writes (stage 5's appendonly.aof, Redis's appendonlydir) never pile up where you are.
 */
public final class LaunchedServer implements StartedServer {

    /** Generous: a JVM on a busy two-core machine can take a while to start. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    /** Children still running; a shutdown hook stops them if the harness is killed. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(LaunchedServer::stop), "stop-servers"));
    }

    private final String label;
    private final Process process;
    private final int port;
    private final Path workDir;

    private LaunchedServer(String label, Process process, int port, Path workDir) {
        this.label = label;
        this.process = process;
        this.port = port;
        this.workDir = workDir;
    }

    /** The java binary running this harness, so the stages run on the same JDK. */
    public static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts {@code command} (which must make the server listen on {@code port}), output to {@code log}. */
    public static LaunchedServer start(String label, List<String> command, int port, Path log) throws LoadException {
        Process process;
        Path workDir;
        try {
            workDir = Files.createTempDirectory("toyredis-server-");
            process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toAbsolutePath().toFile()).start();
        } catch (IOException e) {
            throw new LoadException("cannot start " + label + " (" + String.join(" ", command) + "): " + e.getMessage());
        }
        RUNNING.add(process);
        LaunchedServer server = new LaunchedServer(label, process, port, workDir);
        try {
            server.awaitListening(log);
        } catch (LoadException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public ServerFootprint footprint() {
        return ServerFootprint.of(process.pid());
    }

    /** The server's process id (the JVM's or redis-server's: the command runs without a shell). */
    public long pid() {
        return process.pid();
    }

    @Override
    public int port() {
        return port;
    }

    private void awaitListening(Path log) throws LoadException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new LoadException(label + " exited with code " + process.exitValue()
                        + " before it listened on port " + port + "; its output:\n" + tail(log));
            }
            if (answersPing()) {
                return;
            }
            pause(50);
        }
        throw new LoadException(label + " did not accept connections on port " + port + " within "
                + START_TIMEOUT.toSeconds() + " s; its output:\n" + tail(log));
    }

    /**
     * Ready means: a PING gets any reply (stages 2-3 say PONG, RESP servers +PONG), so the server
     * is really serving, not just listening.
     */
    private boolean answersPing() {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            probe.setSoTimeout(1000);
            probe.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return probe.getInputStream().read() >= 0;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The last lines a server printed, for an error message (Latin-1: any bytes can be shown). */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks politely (SIGTERM), then insists (SIGKILL); every wait is bounded. */
    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(process);
        RUNNING.remove(process);
        try (var files = Files.walk(workDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
