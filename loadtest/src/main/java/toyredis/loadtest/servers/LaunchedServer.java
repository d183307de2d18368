package toyredis.loadtest.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import toyredis.loadtest.load.LoadException;
import toyredis.loadtest.load.ServerFootprint;

/**
 * The one way the harness starts a server as a child process ({@code compare}, {@code memory},
 * {@code crash}, {@code check --start}): on a port, with a data directory of its own, waited for
 * until it answers, stopped or killed on demand and started again on the same directory, and
 * stopped for good even when the harness fails or is interrupted (Ctrl-C).
 *
 * <p>The command runs under {@code setsid}, so the server leads a process group of its own and a
 * signal sent to the group reaches it even when a shell or a build tool stands between us and it.
 * {@code setsid} execs the command in place, so the process id is the server's (or its shell's).
 * The data directory is fresh and temporary, deleted when the server is closed, so that the files
 * a durable server writes (appendonly.aof, Redis's appendonlydir) never pile up where you are.
 */
public final class LaunchedServer implements StartedServer {

    /** Generous: a JVM replaying a big file on a busy two-core machine can take a while to start. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long a stopped or killed server may take to exit. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** At close, how long a polite SIGTERM gets before SIGKILL. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    /** Servers still running; a shutdown hook stops them if the harness is killed. */
    private static final Set<LaunchedServer> RUNNING = ConcurrentHashMap.newKeySet();
    /**
     * Set by the shutdown hook, under the lock on RUNNING: a thread of the harness that is still
     * working (restarting a server after a crash) must not start a server the hook has not seen.
     */
    private static boolean shuttingDown;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (RUNNING) {
                shuttingDown = true;
            }
            RUNNING.forEach(LaunchedServer::close);
        }, "stop-servers"));
    }

    private final String label;
    private final List<String> command;
    private final int port;
    private final Path dir;
    private final Path log;
    /** Whether the log is ours to delete at close (a temporary file), or the caller's. */
    private final boolean temporaryLog;
    /** Whether the data directory is ours to delete at close, or the caller's (a power-cut filesystem's mount point). */
    private final boolean temporaryDir;
    /** Where the command runs: the data directory, or (for a shell command) the harness's own directory. */
    private final Path workingDirectory;
    private Process process;
    private int starts;

    private LaunchedServer(String label, List<String> command, int port, Path dir, boolean temporaryDir, Path log,
            boolean temporaryLog, Path workingDirectory) {
        this.label = label;
        this.command = command;
        this.port = port;
        this.dir = dir;
        this.temporaryDir = temporaryDir;
        this.log = log;
        this.temporaryLog = temporaryLog;
        this.workingDirectory = workingDirectory;
    }

    /**
     * Starts {@code command} (which must make the server listen on {@code port}) in a fresh data
     * directory, its output to {@code log}, and waits until it answers.
     */
    public static LaunchedServer start(String label, List<String> command, int port, Path log) throws LoadException {
        Path dir;
        try {
            dir = Files.createTempDirectory("toyredis-server-");
        } catch (IOException e) {
            throw new LoadException("cannot create a data directory for " + label + ": " + e.getMessage());
        }
        LaunchedServer server = new LaunchedServer(label, List.copyOf(command), port, dir, true, log.toAbsolutePath(), false, dir);
        server.start();
        return server;
    }

    /**
     * Prepares (does not start) a server from a shell command, as {@code check --start} takes it:
     * {@code {port}} becomes {@code port}, {@code {dir}} the data directory, which stays the same
     * across restarts. The command runs through {@code sh -c} from the harness's directory.
     */
    public static LaunchedServer fromShellCommand(String template, int port) throws IOException {
        return fromShellCommand(template, port, Files.createTempDirectory("toyredis-check-"), true);
    }

    /**
     * The same with {@code {dir}} a directory of the caller's (a power-cut filesystem's mount
     * point), which close leaves in place: its owner cleans it up.
     */
    public static LaunchedServer fromShellCommand(String template, int port, Path dir) throws IOException {
        return fromShellCommand(template, port, dir, false);
    }

    private static LaunchedServer fromShellCommand(String template, int port, Path dir, boolean temporaryDir) throws IOException {
        Path log = Files.createTempFile("toyredis-check-", ".log");
        String shell = template.replace("{port}", String.valueOf(port)).replace("{dir}", dir.toString());
        return new LaunchedServer("the server", List.of("sh", "-c", shell), port, dir, temporaryDir, log, true, null);
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

    /** The command as it runs, without the {@code setsid} in front. */
    public String command() {
        return command.size() == 3 && command.get(0).equals("sh") ? "sh -c \"" + command.get(2) + "\""
                : String.join(" ", command);
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    /** The data directory ({dir}): its size is how check sees a rewrite compact the file. */
    public Path dir() {
        return dir;
    }

    /** The server's process id (the JVM's or redis-server's: setsid and a plain command add no process). */
    public long pid() {
        return process.pid();
    }

    @Override
    public ServerFootprint footprint() {
        return ServerFootprint.of(process.pid());
    }

    /** Starts (or starts again, on the same data directory) and waits until the server answers. */
    public void start() throws LoadException {
        List<String> argv = new ArrayList<>(List.of("setsid"));
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(starts == 0 ? ProcessBuilder.Redirect.to(log.toFile()) : ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        starts++;
        synchronized (RUNNING) {
            if (shuttingDown) {
                throw new LoadException("the harness is stopping: " + label + " is not started again");
            }
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new LoadException("cannot start " + label + " (" + command() + "): " + e.getMessage());
            }
            RUNNING.add(this);
        }
        try {
            awaitReady();
        } catch (LoadException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void awaitReady() throws LoadException {
        String which = starts > 1 ? " (start " + starts + ")" : "";
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Readiness.answers(port)) {
            if (!process.isAlive()) {
                throw new LoadException(label + " exited with code " + process.exitValue() + " before it answered PING on port "
                        + port + which + "; its output:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new LoadException(label + " did not answer PING on port " + port + " within "
                        + START_TIMEOUT.toSeconds() + " s" + which + "; its output:\n" + tail());
            }
            pause(50);
        }
    }

    /** A clean stop: SIGTERM to the whole group, then waits until every process of it has exited. */
    public void stop() throws LoadException {
        signalAndWait("TERM", STOP_TIMEOUT);
    }

    /** A crash: SIGKILL to the whole group, no chance to flush anything. */
    public void kill() throws LoadException {
        signalAndWait("KILL", STOP_TIMEOUT);
    }

    private void signalAndWait(String signal, Duration patience) throws LoadException {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> group = new ArrayList<>(process.descendants().toList());
        group.add(process.toHandle());
        try {
            // setsid made the server's pid the group's id: "-pid" names the whole group. The shell's
            // own kill does it (a minimal Debian has no /bin/kill).
            new ProcessBuilder("sh", "-c", "kill -" + signal + " -" + process.pid()).inheritIO().start()
                    .waitFor(5, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + patience.toNanos();
            for (ProcessHandle member : group) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !exits(member, left)) {
                    throw new LoadException(label + " was still running " + patience.toSeconds() + " s after SIG" + signal
                            + "; its output:\n" + tail());
                }
            }
        } catch (IOException e) {
            throw new LoadException("cannot signal " + label + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadException("interrupted while stopping " + label);
        }
    }

    private static boolean exits(ProcessHandle member, long nanos) throws InterruptedException {
        try {
            member.onExit().get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
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
        return tail(log);
    }

    /** The last lines of a server's log (Latin-1: any bytes can be shown). */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
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

    /**
     * Stops the server for good: asks politely (SIGTERM), then insists (SIGKILL); deletes the data
     * directory (and a temporary log). Never throws; every wait is bounded.
     */
    @Override
    public void close() {
        try {
            signalAndWait("TERM", CLOSE_GRACE);
        } catch (LoadException stillRunning) {
            try {
                kill();
            } catch (LoadException e) {
                // nothing more can be done: the message was the kill's
            }
        }
        RUNNING.remove(this);
        try {
            if (temporaryDir) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            if (temporaryLog) {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            // a temporary file left behind is harmless
        }
    }

    /**
     * The one readiness probe: a server is ready when an inline {@code PING} gets a reply, any
     * reply (stage 1's greeting, stages 2-3's {@code PONG}, RESP's {@code +PONG}), except Redis's
     * {@code -LOADING}, which means it is still reading its files. Being ready means serving, not
     * just listening.
     */
    static final class Readiness {

        private Readiness() {
        }

        static boolean answers(int port) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                probe.setSoTimeout(1000);
                probe.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] reply = new byte[64];
                int n = probe.getInputStream().read(reply);
                return n > 0 && !new String(reply, 0, n, StandardCharsets.ISO_8859_1).startsWith("-LOADING");
            } catch (IOException notYet) {
                return false;
            }
        }
    }
}
