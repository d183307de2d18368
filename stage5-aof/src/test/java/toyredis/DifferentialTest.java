package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stage 4 against a real Redis: every case of {@link DifferentialCorpus} goes, as the same raw
 * bytes, to both servers on fresh connections; the reply bytes (and whether the server hung up)
 * must be identical. Redis is the specification; this test is how we know we follow it.
 */
class DifferentialTest {

    /** Stage 5 runs these stage 4 tests with its append-only file on: nothing it adds may change a reply. */
    @TempDir
    static Path dataDir;

    /** Sent after a case that keeps the connection open; its echo marks the end of the replies. */
    private static final byte[] MARKER_REQUEST = DifferentialCorpus.resp("ECHO", "--end-of-case--");
    private static final byte[] MARKER_REPLY = "$15\r\n--end-of-case--\r\n".getBytes(StandardCharsets.US_ASCII);

    private static ReferenceRedis redis;
    private static Server server;

    @BeforeAll
    static void startBoth() throws Exception {
        redis = ReferenceRedis.startOrNull();
        server = new Server(ServerConfig.forTests().aof(AofConfig.in(dataDir).build()).build()).start();
    }

    @AfterAll
    static void stopBoth() throws Exception {
        if (redis != null) {
            redis.close();
        }
        server.close();
    }

    static List<DifferentialCorpus.Case> corpus() {
        return DifferentialCorpus.all();
    }

    @Test
    void theCorpusHasAtLeast150DistinctCases() {
        assertThat(corpus()).hasSizeGreaterThanOrEqualTo(150);
        assertThat(corpus().stream().map(DifferentialCorpus.Case::name).distinct()).hasSameSizeAs(corpus());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void repliesAreByteForByteThoseOfRedis(DifferentialCorpus.Case testCase) throws IOException {
        ReferenceRedis.requireOrSkip(redis != null, "no reference Redis: no Docker engine and no redis-server on the PATH (install redis-server)");
        RawConnection.Received expected = run(testCase, redis.host(), redis.port());
        RawConnection.Received actual = run(testCase, "127.0.0.1", server.port());
        assertThat(actual.describe())
                .as("request %s%n  redis replied: %s%n  stage 4 replied: %s",
                        RawConnection.escape(shorten(testCase.request())), expected.describe(), actual.describe())
                .isEqualTo(expected.describe());
    }

    /** Empties the database, then sends the case and collects everything it gets back. */
    private static RawConnection.Received run(DifferentialCorpus.Case testCase, String host, int port) throws IOException {
        try (RawConnection flush = new RawConnection(host, port)) {
            flush.send(DifferentialCorpus.resp("FLUSHALL"), 0);
            assertThat(flush.readUntil("+OK\r\n".getBytes(StandardCharsets.US_ASCII)).bytes()).isEmpty();
        }
        try (RawConnection connection = new RawConnection(host, port)) {
            connection.send(testCase.request(), testCase.fragment());
            if (testCase.closes()) {
                return connection.readToEnd();
            }
            connection.send(MARKER_REQUEST, 0);
            return connection.readUntil(MARKER_REPLY);
        }
    }

    /** Long requests (100 KB values) would drown the failure message. */
    private static byte[] shorten(byte[] request) {
        return request.length <= 300 ? request : java.util.Arrays.copyOf(request, 300);
    }
}
