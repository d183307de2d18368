package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Out of file descriptors: once the process holds {@code ulimit -n} of them, accept() fails
 * ("Too many open files") until a client leaves. The server must wait and carry on, not die, and
 * must not spin on the failure. The server runs in a child JVM whose limit is 100 descriptors.
 */
class FileLimitTest {

    /** The server's own options besides the port (none before stage 5). */
    private static final List<String> OPTIONS = List.of();
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Duration BOUND = Duration.ofSeconds(30);

    private final List<String> output = new ArrayList<>();

    @Test
    void theServerWaitsForAFreeDescriptorInsteadOfDying() throws Exception {
        long started = System.nanoTime();
        Process child = startWithDescriptorLimit(100);
        List<Socket> clients = new ArrayList<>();
        try {
            await().atMost(BOUND).until(() -> listeningPort() > 0 || !child.isAlive());
            int port = listeningPort();
            assertThat(port).as("the server started; its output: %s", output()).isPositive();
            // More clients than the server can hold: connect until it reports that accept() failed.
            while (clients.size() < 300 && !said("accept failed")) {
                Socket client = new Socket();
                try {
                    client.connect(new InetSocketAddress("127.0.0.1", port), 3000);
                } catch (IOException queueFull) {
                    client.close(); // the kernel's queue is full too: enough clients
                    break;
                }
                clients.add(client);
            }
            await().atMost(BOUND).until(() -> said("accept failed") || !child.isAlive());
            for (Socket client : clients) {
                client.close();
            }
            await().atMost(BOUND).until(() -> pong(port) || !child.isAlive());
            assertThat(child.isAlive()).as("the server is still running; its output: %s", output()).isTrue();
            long failures = output().stream().filter(line -> line.contains("accept failed")).count();
            long elapsedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertThat(failures).as("one warning per 100 ms pause at most, not a busy loop").isLessThanOrEqualTo(elapsedMillis / 100 + 1);
        } finally {
            for (Socket client : clients) {
                client.close();
            }
            child.destroyForcibly().waitFor();
        }
    }

    private Process startWithDescriptorLimit(int limit) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of("sh", "-c",
                "ulimit -n " + limit + " && classpath=\"$1\" && shift && exec \"$0\" -cp \"$classpath\" toyredis.Main --port 0 \"$@\"",
                java, System.getProperty("java.class.path")));
        command.addAll(OPTIONS);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Thread.ofPlatform().daemon().start(() -> lines.lines().forEach(line -> {
            synchronized (output) {
                output.add(line);
            }
        }));
        return child;
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

    /** A new client sends PING and gets PONG (inline or RESP). */
    private static boolean pong(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = socket.getInputStream().readNBytes(4);
            return new String(reply, StandardCharsets.US_ASCII).contains("PON");
        } catch (IOException notYet) {
            return false;
        }
    }
}
