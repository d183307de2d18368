package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The first time the JVM does some things it opens a file: a virtual thread's first wait on a
 * socket opens the JDK's poller, a class used for the first time is read from its file (from a
 * directory, as here). If no descriptor is left then, that fails, and the JVM remembers the
 * failure: the server stays broken after descriptors are free again. {@link FileLimitTest} runs
 * into this only when its timing is unlucky; here {@link DescriptorHog}, beside the server in a
 * child JVM, takes every descriptor before the server has served anyone, so it happens every run.
 */
class NoDescriptorLeftTest {

    /** The server's own options besides the port (none before stage 5). */
    private static final List<String> OPTIONS = List.of();
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Duration BOUND = Duration.ofSeconds(30);

    private final List<String> output = new ArrayList<>();
    private Process child;
    private Writer hog;

    @AfterEach
    void stopTheChild() throws InterruptedException {
        child.destroyForcibly().waitFor();
    }

    @Test
    void aVirtualThreadCanWaitOnASocketWithNoDescriptorLeft() throws Exception {
        start();
        tellTheHog("fill", "hog: full");
        tellTheHog("wait", "hog: waited", "hog: could not wait");
        assertThat(said("hog: waited")).as("the server opened the JDK's poller at start; output: %s", output()).isTrue();
    }

    @Test
    void theFirstClientIsServedWithNoDescriptorLeft() throws Exception {
        int port = start();
        tellTheHog("fill", "hog: full");
        try (Socket first = new Socket()) {
            first.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            await().atMost(BOUND).until(() -> said("accept failed") || !child.isAlive());
            assertThat(said("accept failed")).as("the server ran out of descriptors; output: %s", output()).isTrue();
            // One descriptor free: accept() takes it, and the client's thread must do with none.
            tellTheHog("free one", "hog: freed one");
            assertThat(ping(first)).as("PING with no descriptor left; output: %s", output()).contains("PONG");
        }
        tellTheHog("free all", "hog: freed all");
        try (Socket next = new Socket()) {
            next.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            assertThat(ping(next)).as("PING with descriptors free again; output: %s", output()).contains("PONG");
        }
    }

    /** Starts {@link DescriptorHog} (and so the server) with {@code ulimit -n 100}; returns the port. */
    private int start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of("sh", "-c",
                "ulimit -n 100 && classpath=\"$1\" && shift && exec \"$0\" -cp \"$classpath\" toyredis.DescriptorHog --port 0 \"$@\"",
                java, System.getProperty("java.class.path")));
        command.addAll(OPTIONS);
        child = new ProcessBuilder(command).redirectErrorStream(true).start();
        hog = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
        BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Thread.ofPlatform().daemon().start(() -> lines.lines().forEach(line -> {
            synchronized (output) {
                output.add(line);
            }
        }));
        await().atMost(BOUND).until(() -> listeningPort() > 0 || !child.isAlive());
        assertThat(listeningPort()).as("the server started; its output: %s", output()).isPositive();
        return listeningPort();
    }

    /** Sends a command to the hog and waits until it answers with one of {@code answers}. */
    private void tellTheHog(String command, String... answers) throws IOException {
        long before = output().stream().filter(line -> line.startsWith("hog:")).count();
        hog.write(command + "\n");
        hog.flush();
        await().atMost(BOUND).until(() -> output().stream().filter(line -> line.startsWith("hog:")).count() > before || !child.isAlive());
        assertThat(List.of(answers).stream().anyMatch(this::said)).as("the hog's answer to %s; output: %s", command, output()).isTrue();
    }

    /** Sends PING and returns what comes back: the reply, or why nothing did. */
    private static String ping(Socket client) {
        try {
            client.setSoTimeout(10_000);
            OutputStream out = client.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            return new String(client.getInputStream().readNBytes(5), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    private boolean said(String text) {
        return output().stream().anyMatch(line -> line.contains(text));
    }

    private int listeningPort() {
        for (String line : output()) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return -1;
    }
}
