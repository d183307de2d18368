package toyredis.loadtest.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The one readiness probe every launched server is waited for with: any answer to an inline PING
 * means ready (stage 1's greeting, stage 2's PONG, RESP's +PONG), Redis's -LOADING does not, and
 * neither does a port where nothing answers.
 */
class ReadinessTest {

    /** Answers every connection with {@code reply} once (null: hangs up without a word), on a free port. */
    private static final class OneReplyServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        OneReplyServer(String reply) throws IOException {
            Thread.ofPlatform().daemon().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept()) {
                        if (reply != null) {
                            client.getOutputStream().write(reply.getBytes(StandardCharsets.US_ASCII));
                        }
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void anyAnswerMeansReady() throws Exception {
        for (String reply : new String[] {"+PONG\r\n", "PONG\n", "hello from stage 1\n", "-ERR unknown command\r\n"}) {
            try (OneReplyServer server = new OneReplyServer(reply)) {
                assertThat(LaunchedServer.Readiness.answers(server.port())).as(reply).isTrue();
            }
        }
    }

    @Test
    void redisStillLoadingItsFilesIsNotReady() throws Exception {
        try (OneReplyServer server = new OneReplyServer("-LOADING Redis is loading the dataset in memory\r\n")) {
            assertThat(LaunchedServer.Readiness.answers(server.port())).isFalse();
        }
    }

    @Test
    void silenceOrNothingListeningIsNotReady() throws Exception {
        try (OneReplyServer server = new OneReplyServer(null)) {
            assertThat(LaunchedServer.Readiness.answers(server.port())).as("hangs up without a word").isFalse();
        }
        assertThat(LaunchedServer.Readiness.answers(LaunchedServer.freePort())).as("nothing listens").isFalse();
    }
}
