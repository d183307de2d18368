package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The protocol and the hang-up cases, in every thread mode. */
class ServerTest {

    private Server server;

    private int start(ThreadMode mode) throws IOException {
        server = new Server(ServerConfig.forTests(mode)).start();
        return server.port();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** Waits (at most 10 s) until the condition holds; fails the test naming what it waited for. */
    static void await(BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(Duration.ofSeconds(10)).until(condition::getAsBoolean);
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    @Tag("lab2.2")
    void interleavedClientsEachGetTheirOwnReplies(ThreadMode mode) throws IOException {
        int port = start(mode);
        try (LineClient a = new LineClient(port); LineClient b = new LineClient(port)) {
            a.send("ECHO from a 1");
            b.send("ECHO from b 1");
            assertThat(b.readLine()).isEqualTo("from b 1");
            a.send("ECHO from a 2");
            assertThat(a.readLine()).isEqualTo("from a 1");
            assertThat(a.readLine()).isEqualTo("from a 2");
            assertThat(b.call("PING")).isEqualTo("PONG");
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    void linesEndInLfOrCrlfAndEmptyLinesAreIgnored(ThreadMode mode) throws IOException {
        int port = start(mode);
        try (LineClient c = new LineClient(port)) {
            c.sendRaw("\n\r\n   \nPING\nECHO caf\u00e9 \uD83D\uDC4B\r\nnope\nQUIT\n");
            assertThat(c.readLine()).isEqualTo("PONG");
            assertThat(c.readLine()).isEqualTo("caf\u00e9 \uD83D\uDC4B");
            assertThat(c.readLine()).isEqualTo("ERR unknown command 'nope'");
            assertThat(c.readLine()).isEqualTo("BYE");
            assertThat(c.readLine()).isNull(); // QUIT closes the connection
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    void clientsHangingUpMidLineOrWithAResetCostNothing(ThreadMode mode) throws Exception {
        int port = start(mode);
        try (Socket midLine = new Socket("127.0.0.1", port)) {
            midLine.getOutputStream().write("ECHO never fini".getBytes());
        }
        Socket reset = new Socket("127.0.0.1", port);
        reset.getOutputStream().write("PING\n".getBytes());
        reset.setSoLinger(true, 0); // close() now sends RST instead of FIN
        reset.close();

        await(() -> server.connectedClients() == 0, "both connections are cleaned up");
        try (LineClient c = new LineClient(port)) {
            assertThat(c.call("PING")).isEqualTo("PONG");
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    void aLineLongerThan64KiBIsRefusedAndTheConnectionClosed(ThreadMode mode) throws Exception {
        int port = start(mode);
        try (LineClient c = new LineClient(port)) {
            // Exactly one byte too many, so the server has read everything we sent when it
            // closes (unread bytes would make the close a reset that could hide the reply).
            c.sendRaw("x".repeat(ClientHandler.MAX_LINE_BYTES + 1));
            assertThat(c.readLine()).isEqualTo("ERR line too long");
            assertThat(c.readLine()).isNull();
        }
        try (LineClient c = new LineClient(port)) {
            assertThat(c.call("ECHO " + "y".repeat(ClientHandler.MAX_LINE_BYTES - 7))).hasSize(ClientHandler.MAX_LINE_BYTES - 7);
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadMode.class)
    void closeEndsEveryClientConnection(ThreadMode mode) throws Exception {
        int port = start(mode);
        try (LineClient idle = new LineClient(port)) {
            assertThat(idle.call("PING")).isEqualTo("PONG");
            server.close();
            assertThat(idle.readLine()).isNull();
        }
    }
}
