package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static toyredis.DifferentialCorpus.raw;
import static toyredis.DifferentialCorpus.resp;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Connections served both ways: hang-ups, protocol errors, QUIT, and closing the server. */
class ServerTest {

    private Server server;

    /** Both ways of serving connections: a virtual thread per connection, and the event loops. */
    static Stream<Named<ServerConfig>> servingModes() {
        return Stream.of(Named.of("threads", ServerConfig.forTests().io(IoModel.THREADS).build()),
                Named.of("nio", ServerConfig.forTests().build()));
    }

    private int start(ServerConfig config) throws IOException {
        server = new Server(config).start();
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

    private static String text(RawConnection.Received received) {
        return new String(received.bytes(), StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @MethodSource("servingModes")
    void clientsHangingUpMidRequestOrWithAResetCostNothing(ServerConfig mode) throws Exception {
        int port = start(mode);
        try (Socket midRequest = new Socket("127.0.0.1", port)) {
            midRequest.getOutputStream().write(raw("*2\r\n$4\r\nECHO\r\n$100\r\nnever fini"));
        }
        Socket reset = new Socket("127.0.0.1", port);
        reset.getOutputStream().write(raw("PING\r\n"));
        reset.setSoLinger(true, 0); // close() now sends RST instead of FIN
        reset.close();

        await(() -> server.connectedClients() == 0, "both connections are cleaned up");
        try (RawConnection c = new RawConnection("127.0.0.1", port)) {
            c.send(resp("PING"), 0);
            assertThat(text(c.readUntil(raw("+PONG\r\n")))).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("servingModes")
    void aProtocolErrorIsAnsweredAfterTheGoodRequestsThenTheConnectionCloses(ServerConfig mode) throws Exception {
        int port = start(mode);
        try (RawConnection c = new RawConnection("127.0.0.1", port)) {
            c.send(DifferentialCorpus.cat(resp("PING"), raw("*1\r\n$-5\r\n")), 0);
            RawConnection.Received received = c.readToEnd();
            assertThat(text(received)).isEqualTo("+PONG\r\n-ERR Protocol error: invalid bulk length\r\n");
            assertThat(received.closed()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("servingModes")
    void quitAnswersOkAndCloses(ServerConfig mode) throws Exception {
        int port = start(mode);
        try (RawConnection c = new RawConnection("127.0.0.1", port)) {
            c.send(raw("QUIT\r\n"), 0);
            RawConnection.Received received = c.readToEnd();
            assertThat(text(received)).isEqualTo("+OK\r\n");
            assertThat(received.closed()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("servingModes")
    void closeEndsEveryClientConnection(ServerConfig mode) throws Exception {
        int port = start(mode);
        try (RawConnection idle = new RawConnection("127.0.0.1", port)) {
            idle.send(resp("PING"), 0);
            assertThat(text(idle.readUntil(raw("+PONG\r\n")))).isEmpty();
            server.close();
            assertThat(idle.readToEnd().closed()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("servingModes")
    void aValueLargerThanTheReadBufferArrivesWhole(ServerConfig mode) throws Exception {
        int port = start(mode);
        String big = "v".repeat(1_000_000);
        try (RawConnection c = new RawConnection("127.0.0.1", port)) {
            c.send(DifferentialCorpus.cat(resp("SET", "big", big), resp("GET", "big")), 0);
            String expected = "+OK\r\n$1000000\r\n" + big + "\r\n";
            assertThat(text(c.readUntil(raw(expected)))).isEmpty();
        }
    }
}
