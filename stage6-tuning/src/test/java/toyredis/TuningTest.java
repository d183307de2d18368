package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static toyredis.DifferentialCorpus.raw;
import static toyredis.DifferentialCorpus.resp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The switches of stage 6 that tests can check exactly: the client limit and the listen backlog. */
class TuningTest {

    static Stream<Named<ServerConfig>> bothIoModels() {
        return Stream.of(Named.of("nio", ServerConfig.forTests()), Named.of("threads", ServerConfig.forTests(ThreadMode.VIRTUAL)));
    }

    @ParameterizedTest
    @MethodSource("bothIoModels")
    void pastMaxclientsAClientGetsRedisErrorAndIsClosedWhileOthersAreServed(ServerConfig config) throws Exception {
        try (Server server = new Server(config.withMaxClients(2)).start();
                RawConnection first = new RawConnection("127.0.0.1", server.port());
                RawConnection second = new RawConnection("127.0.0.1", server.port())) {
            first.send(resp("PING"), 0);
            assertThat(first.readUntil(raw("+PONG\r\n")).closed()).isFalse();
            second.send(resp("PING"), 0);
            assertThat(second.readUntil(raw("+PONG\r\n")).closed()).isFalse();

            try (RawConnection third = new RawConnection("127.0.0.1", server.port())) {
                RawConnection.Received refused = third.readUntil(raw("no marker: read until closed"));
                assertThat(new String(refused.bytes(), StandardCharsets.ISO_8859_1)).isEqualTo("-ERR max number of clients reached\r\n");
                assertThat(refused.closed()).isTrue();
            }
            first.close();
            ServerTest.await(() -> server.connectedClients() == 1, "the first client's departure is noticed");
            try (RawConnection fourth = new RawConnection("127.0.0.1", server.port())) {
                fourth.send(resp("PING"), 0);
                assertThat(fourth.readUntil(raw("+PONG\r\n")).closed()).isFalse();
            }
            second.send(resp("PING"), 0);
            assertThat(second.readUntil(raw("+PONG\r\n")).closed()).as("the others were served all along").isFalse();
        }
    }

    /** The kernel reports a listening socket's backlog as its Send-Q (ss -lnt). */
    @Test
    void theBacklogIsTheOneAskedFor() throws Exception {
        try (Server server = new Server(ServerConfig.forTests().withBacklog(7)).start()) {
            assertThat(listenBacklog(server.port())).isEqualTo(7);
        }
        try (Server server = new Server(ServerConfig.forTests()).start()) {
            assertThat(listenBacklog(server.port())).as("Redis's tcp-backlog by default").isEqualTo(511);
        }
    }

    private static int listenBacklog(int port) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-ltnH", "sport = :" + port).redirectErrorStream(true).start();
        String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(ss.waitFor()).as("ss -ltnH: %s", output).isZero();
        String[] columns = output.split("\\s+"); // State Recv-Q Send-Q Local Peer
        assertThat(columns).as("ss -ltnH: %s", output).hasSizeGreaterThanOrEqualTo(4);
        return Integer.parseInt(columns[2]);
    }
}
