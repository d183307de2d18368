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

/** The switches of stage 6 that tests can check exactly: the client limit, fitted to ulimit -n, and the listen backlog. */
class TuningTest {

    static Stream<Named<ServerConfig.Builder>> bothIoModels() {
        return Stream.of(Named.of("nio", ServerConfig.forTests()), Named.of("threads", ServerConfig.forTests().io(IoModel.THREADS)));
    }

    @ParameterizedTest
    @MethodSource("bothIoModels")
    void pastMaxclientsAClientGetsRedisErrorAndIsClosedWhileOthersAreServed(ServerConfig.Builder config) throws Exception {
        try (Server server = new Server(config.maxClients(2).build()).start();
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

    /**
     * maxclients fits ulimit -n less the descriptors open at start and 32 more; with none open
     * the numbers are Redis's own. FileLimitTest checks it end to end.
     */
    @Test
    void maxclientsIsLoweredOnlyWhenTheDescriptorLimitCannotHoldIt() {
        assertThat(FileLimit.fit(10_000, 1_048_576, 13)).isEqualTo(new FileLimit.Fit(10_000, java.util.List.of()));
        assertThat(FileLimit.fit(10_000, 10_045, 13).maxClients()).isEqualTo(10_000);
        assertThat(FileLimit.fit(10_000, -1, -1).maxClients()).as("unknown limit: as asked").isEqualTo(10_000);
        FileLimit.Fit asRedis = FileLimit.fit(10_000, 1_024, 0);
        assertThat(asRedis.maxClients()).isEqualTo(992);
        assertThat(asRedis.warnings()).containsExactly(
                "You requested maxclients of 10000 requiring at least 10032 max file descriptors.",
                "Current maximum open files is 1024. maxclients has been reduced to 992 to compensate for low ulimit."
                        + " If you need higher maxclients increase 'ulimit -n'.");
        assertThat(FileLimit.fit(10_000, 1_024, 13).maxClients()).as("13 already open").isEqualTo(979);
        assertThat(FileLimit.fit(10_000, 45, 13)).as("no room for a client").isEqualTo(new FileLimit.Fit(0, java.util.List.of(
                "Your current 'ulimit -n' of 45 is not enough for the server to start."
                        + " Please increase your open file limit to at least 10045. Exiting.")));
        assertThat(FileLimit.fit(10_000, 46, 13).maxClients()).isEqualTo(1);
    }

    /** The kernel reports a listening socket's backlog as its Send-Q (ss -lnt). */
    @Test
    void theBacklogIsTheOneAskedFor() throws Exception {
        try (Server server = new Server(ServerConfig.forTests().backlog(7).build()).start()) {
            assertThat(listenBacklog(server.port())).isEqualTo(7);
        }
        try (Server server = new Server(ServerConfig.forTests().build()).start()) {
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
