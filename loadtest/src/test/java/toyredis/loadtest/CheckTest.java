package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import toyredis.loadtest.servers.LaunchedServer;

/** `check` passes against real Redis, and fails broken servers (one that ignores PX too) naming the case and the bytes. */
class CheckTest {

    /** A stage 2 server that gets the ECHO error text wrong; everything before that case is right. */
    private static String stage2WithWrongErrorText(String line) {
        String[] parts = line.strip().split(" ", 2);
        String name = parts[0].toUpperCase();
        if (name.equals("PING")) {
            return (parts.length > 1 ? parts[1] : "PONG") + "\n";
        }
        if (name.equals("ECHO")) {
            return parts.length > 1 ? parts[1] + "\n" : "ERR wrong args\n";
        }
        return "ERR unknown command '" + parts[0] + "'\n";
    }

    @Test
    void stage4CasesPassAgainstRealRedis() throws Exception {
        LaunchedServer redis = RedisServer.startOrSkip();
        try {
            Cli check = Cli.run("check", "--stage", "4", "--port", "" + redis.port());
            assertThat(check.out()).contains("all 30 cases passed").doesNotContain("FAILED");
            assertThat(check.code()).isZero();
        } finally {
            redis.close();
        }
    }

    /**
     * A server that ignores PX (and every other expiry option of SET) but is right about the rest:
     * real Redis behind a proxy that drops those options from each SET before passing it on.
     */
    @Test
    void theExpiryCasesFailAServerThatIgnoresPx() throws Exception {
        LaunchedServer redis = RedisServer.startOrSkip();
        try (FakeServer ignoringPx = new FakeServer(client -> proxyWithoutSetExpiry(client, redis.port()))) {
            Cli check = Cli.run("check", "--stage", "4", "--port", "" + ignoringPx.port());
            assertThat(check.code()).isEqualTo(1);
            assertThat(check.out())
                    .contains("[14/30] INCR past the largest 64-bit integer is an error")
                    .contains("check failed at case 15 of 30, \"SET with PX 100: GET after the deadline answers nil")
                    .contains("waited    150 ms")
                    .contains("expected  \"$-1\\r\\n\"")
                    .contains("received  \"$1\\r\\nv\\r\\n\"");
        } finally {
            redis.close();
        }
    }

    /** Relays one client to Redis, request by request, with SET's EX/PX/EXAT/PXAT (and their time) and KEEPTTL left out. */
    private static void proxyWithoutSetExpiry(Socket client, int redisPort) throws IOException {
        try (Socket redis = new Socket(InetAddress.getLoopbackAddress(), redisPort)) {
            Thread.ofVirtual().start(() -> {
                try (client) {
                    redis.getInputStream().transferTo(client.getOutputStream()); // replies unchanged; ends when Redis hangs up (QUIT)
                } catch (IOException e) {
                    // the checker left first
                }
            });
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream toRedis = redis.getOutputStream();
            for (String line = readLine(in); line != null; line = readLine(in)) {
                if (!line.startsWith("*")) {
                    toRedis.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1)); // an inline command, as it came
                    continue;
                }
                List<String> words = new ArrayList<>();
                for (int n = Integer.parseInt(line.substring(1)); n > 0; n--) {
                    int length = Integer.parseInt(readLine(in).substring(1));
                    words.add(new String(in.readNBytes(length), StandardCharsets.ISO_8859_1));
                    in.readNBytes(2); // \r\n
                }
                if (words.getFirst().equalsIgnoreCase("SET")) {
                    for (int i = 3; i < words.size(); i++) {
                        String option = words.get(i).toUpperCase(Locale.ROOT);
                        if (List.of("EX", "PX", "EXAT", "PXAT").contains(option) && i + 1 < words.size()) {
                            words.subList(i, i + 2).clear();
                            i--;
                        } else if (option.equals("KEEPTTL")) {
                            words.remove(i--);
                        }
                    }
                }
                StringBuilder request = new StringBuilder("*" + words.size() + "\r\n");
                words.forEach(word -> request.append('$').append(word.length()).append("\r\n").append(word).append("\r\n"));
                toRedis.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            }
        }
    }

    /** One line without its \r\n, or null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return null;
            }
            line.append((char) b);
        }
        return line.toString().replaceFirst("\r$", "");
    }

    @Test
    void aMissingCarriageReturnFailsTheFirstCaseShowingBothReplies() throws Exception {
        try (FakeServer server = FakeServer.lines(line -> line.startsWith("*") ? "+PONG\n" : null)) {
            Cli check = Cli.run("check", "--stage", "4", "--port", "" + server.port());
            assertThat(check.code()).isEqualTo(1);
            assertThat(check.out())
                    .contains("check failed at case 1 of 30, \"PING answers +PONG\"")
                    .contains("expected  \"+PONG\\r\\n\"")
                    .contains("received  \"+PONG\\n\"")
                    .contains("the reply differs at byte 5: expected \"\\r\", received \"\\n\"");
        }
    }

    @Test
    void aWrongErrorTextFailsThatCaseShowingExpectedAndActual() throws Exception {
        try (FakeServer server = FakeServer.lines(CheckTest::stage2WithWrongErrorText)) {
            Cli check = Cli.run("check", "--stage", "2", "--port", "" + server.port());
            assertThat(check.code()).isEqualTo(1);
            assertThat(check.out())
                    .contains("[ 5/11] ECHO returns its text, inner spaces kept")
                    .contains("check failed at case 6 of 11, \"ECHO without an argument is an error\"")
                    .contains("expected  \"ERR wrong number of arguments for 'echo' command\\n\"")
                    .contains("received  \"ERR wrong args\\n\"");
        }
    }

    @Test
    void extraBytesAfterTheReplyFailTheCase() throws Exception {
        try (FakeServer server = FakeServer.lines(line -> "PONG\nPONG\n")) {
            Cli check = Cli.run("check", "--stage", "2", "--port", "" + server.port());
            assertThat(check.code()).isEqualTo(1);
            assertThat(check.out())
                    .contains("check failed at case 1 of 11, \"PING answers PONG\"")
                    .contains("extra     \"PONG\\n\"")
                    .contains("5 bytes after the expected reply, which no request asked for");
        }
    }

    /** Half a reply, then nothing: the case fails once --timeout has passed, showing what came. */
    @Test
    void aPartialReplyFailsTheCaseShowingTheBytesThatArrived() throws Exception {
        try (FakeServer server = FakeServer.lines(line -> line.startsWith("*") ? "+PON" : null)) {
            Cli check = Cli.run("check", "--stage", "4", "--port", "" + server.port(), "--timeout", "300ms");
            assertThat(check.code()).isEqualTo(1);
            assertThat(check.out())
                    .contains("expected  \"+PONG\\r\\n\"")
                    .contains("received  \"+PON\"")
                    .contains("only 4 of 7 bytes arrived within 300 ms");
        }
    }

    @Test
    void aServerThatHangsUpFailsTheCase() throws Exception {
        try (FakeServer server = new FakeServer(client -> client.getInputStream().read())) {
            Cli check = Cli.run("check", "--stage", "3", "--port", "" + server.port());
            assertThat(check.code()).isEqualTo(1);
            assertThat(check.out())
                    .contains("check failed at case 1 of 21, \"PING answers PONG\"")
                    .contains("expected  \"PONG\\n\"")
                    .contains("received  \"\"")
                    .contains("the server closed the connection without replying");
        }
    }

    @Test
    void stage1GreetingPassesAndAGreeterThatStaysOpenFails() throws Exception {
        byte[] hello = "Hello 👋\n".getBytes(StandardCharsets.UTF_8);
        try (FakeServer good = new FakeServer(client -> client.getOutputStream().write(hello));
                FakeServer open = new FakeServer(client -> {
                    OutputStream out = client.getOutputStream();
                    out.write(hello);
                    out.flush();
                    client.getInputStream().read(); // keeps the connection open until the checker leaves
                })) {
            Cli pass = Cli.run("check", "--stage", "1", "--port", "" + good.port());
            assertThat(pass.code()).isZero();
            assertThat(pass.out()).contains("received  \"Hello 👋\\n\"", "received  (connection closed)", "all 1 cases passed");

            Cli fail = Cli.run("check", "--stage", "1", "--port", "" + open.port(), "--timeout", "300ms");
            assertThat(fail.code()).isEqualTo(1);
            assertThat(fail.out()).contains("expected the server to close the connection, but it stayed open");
        }
    }

    @Test
    void aStageOutOfRangeIsABadOption() {
        Cli check = Cli.run("check", "--stage", "9");
        assertThat(check.code()).isEqualTo(2);
        assertThat(check.err()).contains("--stage must be between 1 and 6, got 9");
    }
}
