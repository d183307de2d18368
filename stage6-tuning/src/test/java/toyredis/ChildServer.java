package toyredis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stage 6 server in a child JVM, so that a test can kill it as a crash would: SIGKILL gives
 * the process no chance to write or sync anything. Listens on 127.0.0.1, on a free port.
 */
final class ChildServer implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final int port;
    private final List<String> output = new ArrayList<>();

    private ChildServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code java toyredis.Main --port 0 --dir DIR OPTIONS...} and waits for its start-up line. */
    static ChildServer start(Path dir, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "toyredis.Main",
                "--port", "0", "--dir", dir.toString()));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (seen) {
                        seen.add(line);
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
                return -1;
            } catch (IOException e) {
                return -1;
            }
        });
        int bound;
        try {
            bound = port.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            bound = -1;
        }
        if (bound < 0) {
            process.destroyForcibly();
            throw new IOException("the child server did not start: " + seen);
        }
        ChildServer child = new ChildServer(process, bound);
        child.output.addAll(seen);
        Thread.ofVirtual().start(() -> lines.lines().forEach(line -> {
            synchronized (child.output) {
                child.output.add(line);
            }
        }));
        return child;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Everything it printed so far (stdout and stderr). */
    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** SIGKILL, then wait for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (a clean stop: the shutdown hook runs), then wait; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the child server did not stop within 30 s");
        }
        return process.exitValue();
    }

    /** Sends a signal by name (STOP freezes the process, CONT thaws it). */
    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
