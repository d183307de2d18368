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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Out of file descriptors. Stage 5 waited for a free descriptor when accept() failed; stage 6
 * avoids the failure, as Redis does: maxclients is lowered at start to fit {@code ulimit -n}
 * (less the descriptors open already and 32 more), so a client past the limit is told so and
 * closed, while the others are served. The server runs in a child JVM with a limit of 100.
 */
class FileLimitTest {

    /** The server's own options besides the port: no append-only file, this test is about connections. */
    private static final List<String> OPTIONS = List.of("--appendonly", "no");
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Duration BOUND = Duration.ofSeconds(30);

    private final List<String> output = new ArrayList<>();
    private Thread reader; // copies the child's output into {@code output}

    @Test
    void maxclientsIsLoweredToFitTheDescriptorLimitAsRedisDoes() throws Exception {
        Process child = startWithDescriptorLimit(100);
        List<Socket> clients = new ArrayList<>();
        try {
            await().atMost(BOUND).until(() -> listeningPort() > 0 || !child.isAlive());
            int port = listeningPort();
            assertThat(port).as("the server started; its output: %s", output()).isPositive();
            assertThat(said("You requested maxclients of 10000 requiring at least ")).as("output: %s", output()).isTrue();
            Matcher reduced = Pattern.compile("Current maximum open files is 100\\. maxclients has been reduced to (\\d+) to compensate"
                    + " for low ulimit\\. If you need higher maxclients increase 'ulimit -n'\\.").matcher(String.join("\n", output()));
            assertThat(reduced.find()).as("output: %s", output()).isTrue();
            int maxClients = Integer.parseInt(reduced.group(1));
            assertThat(maxClients).as("100 less what is open and 32").isBetween(1, 100 - 32);
            assertThat(said("maxclients " + maxClients + ",")).as("the start-up line: %s", output()).isTrue();

            for (int i = 0; i < maxClients; i++) {
                Socket client = new Socket();
                client.connect(new InetSocketAddress("127.0.0.1", port), 3000);
                clients.add(client);
                assertThat(ask(client, 7)).as("client %d", i + 1).isEqualTo("+PONG\r\n");
            }
            try (Socket oneTooMany = new Socket()) {
                oneTooMany.connect(new InetSocketAddress("127.0.0.1", port), 3000);
                oneTooMany.setSoTimeout(10_000);
                assertThat(new String(oneTooMany.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .as("one client too many: the error, then the server closes").isEqualTo("-ERR max number of clients reached\r\n");
            }
            assertThat(ask(clients.get(0), 7)).as("the first client is still served").isEqualTo("+PONG\r\n");
            assertThat(said("accept failed")).as("no accept() failed: %s", output()).isFalse();
            assertThat(child.isAlive()).isTrue();
        } finally {
            for (Socket client : clients) {
                client.close();
            }
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void aLimitThatLeavesNoRoomForClientsStopsTheServerAtStart() throws Exception {
        Process child = startWithDescriptorLimit(50);
        try {
            assertThat(child.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)).as("the server exited; its output: %s", output()).isTrue();
            reader.join(BOUND.toMillis()); // it has read everything once the child is gone
            assertThat(child.exitValue()).as("exit code; output: %s", output()).isEqualTo(1);
            assertThat(output()).singleElement().asString().matches("Your current 'ulimit -n' of 50 is not enough for the server to start\\."
                    + " Please increase your open file limit to at least \\d+\\. Exiting\\.");
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    /** Sends PING and reads the reply's first {@code length} bytes. */
    private static String ask(Socket client, int length) throws IOException {
        client.setSoTimeout(10_000);
        OutputStream out = client.getOutputStream();
        out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        return new String(client.getInputStream().readNBytes(length), StandardCharsets.US_ASCII);
    }

    private Process startWithDescriptorLimit(int limit) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of("sh", "-c",
                "ulimit -n " + limit + " && classpath=\"$1\" && shift && exec \"$0\" -cp \"$classpath\" toyredis.Main --port 0 \"$@\"",
                java, System.getProperty("java.class.path")));
        command.addAll(OPTIONS);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        reader = Thread.ofPlatform().daemon().start(() -> lines.lines().forEach(line -> {
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
}
