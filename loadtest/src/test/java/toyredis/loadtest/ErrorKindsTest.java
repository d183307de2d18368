package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import toyredis.loadtest.load.ErrorKind;
import toyredis.loadtest.load.LoadException;
import toyredis.loadtest.load.LoadRun;
import toyredis.loadtest.load.LoadSpec;
import toyredis.loadtest.load.RunResult;
import toyredis.loadtest.load.Workload;
import toyredis.loadtest.protocol.Protocol;
import toyredis.loadtest.report.Report;

/** Deliberately bad servers: each error is counted as its own kind, and as no other. */
class ErrorKindsTest {

    private static RunResult runAgainst(int port, Workload workload, Protocol protocol, int connections)
            throws LoadException {
        LoadSpec spec = LoadSpec.defaults(port).withWorkload(workload, protocol).withConnections(connections)
                .withTiming(Duration.ofSeconds(1), Duration.ZERO).withTimeout(Duration.ofMillis(200));
        return LoadRun.execute("bad", spec, LoadRun.Progress.NONE);
    }

    private static void assertOnly(RunResult result, ErrorKind expected) {
        assertThat(result.errors(expected)).as(expected.label()).isPositive();
        for (ErrorKind kind : ErrorKind.values()) {
            if (kind != expected) {
                assertThat(result.errors(kind)).as(kind.label() + " (expected only " + expected.label() + ")").isZero();
            }
        }
        assertThat(result.errorRate()).isPositive();
    }

    @Test
    void aServerThatResetsConnectionsCountsResets() throws Exception {
        try (FakeServer server = new FakeServer(client -> {
            client.getInputStream().read(); // wait for a request, then hang up with a RST
            client.setSoLinger(true, 0);
        })) {
            assertOnly(runAgainst(server.port(), Workload.PING, Protocol.INLINE, 4), ErrorKind.RESET);
        }
    }

    @Test
    void aServerThatAnswersWrongValuesCountsWrongValues() throws Exception {
        try (FakeServer server = FakeServer.lines(line -> "PANG\n")) {
            RunResult result = runAgainst(server.port(), Workload.PING, Protocol.INLINE, 4);
            assertOnly(result, ErrorKind.WRONG_VALUE);
            assertThat(result.errorReasons()).containsKey("wrong value: PING answered PANG");
        }
    }

    @Test
    void aServerThatNeverAnswersCountsTimeouts() throws Exception {
        try (FakeServer server = new FakeServer(client -> {
            InputStream in = client.getInputStream();
            while (in.read() >= 0) {
                // read everything, answer nothing
            }
        })) {
            RunResult result = runAgainst(server.port(), Workload.PING, Protocol.INLINE, 4);
            assertOnly(result, ErrorKind.TIMEOUT);
            assertThat(result.replies()).isZero();
            assertThat(result.connectionsServed()).isZero();
            assertThat(result.errorRate()).isEqualTo(1.0);
        }
    }

    @Test
    void garbageRepliesCountProtocolErrors() throws Exception {
        try (FakeServer server = FakeServer.lines(line -> line.startsWith("*") ? "?what\r\n" : null)) {
            assertOnly(runAgainst(server.port(), Workload.SET, Protocol.RESP, 4), ErrorKind.PROTOCOL);
        }
    }

    @Test
    void errorRepliesAreCountedAsSuch() throws Exception {
        try (FakeServer server = FakeServer.lines(line -> "ERR unknown command 'SET'\n")) {
            RunResult result = runAgainst(server.port(), Workload.SET, Protocol.INLINE, 4);
            assertOnly(result, ErrorKind.ERROR_REPLY);
            assertThat(result.replies()).as("error replies are not right replies").isZero();
        }
    }

    @Test
    void aThousandRefusedConnectsAreAllCountedWithTheirReason() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RunResult result = runAgainst(closedPort, Workload.SET, Protocol.RESP, 1000);
        assertOnly(result, ErrorKind.REFUSED);
        assertThat(result.connectsFailed()).isGreaterThanOrEqualTo(1000).isEqualTo(result.errors(ErrorKind.REFUSED));
        assertThat(result.connectsSucceeded()).isZero();
        assertThat(result.errorReasons()).containsEntry("refused: connect: Connection refused", result.connectsFailed());
        assertThat(Report.summary(result)).contains("1,000 wanted: 0 connects succeeded", "× refused: connect: Connection refused");
    }
}
