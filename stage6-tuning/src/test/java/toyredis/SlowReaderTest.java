package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A client that writes its whole pipeline, 48 MB of SETs and GETs, before it reads a single
 * reply. Requests and replies are far more than the sockets' buffers hold, so the event
 * loop's writes stop short and the rest waits for OP_WRITE. Two bugs this catches: a loop that
 * stops reading a connection while its replies wait (client and server then block each other
 * and the test times out), and a loop that loses or reorders the unsent rest (a reply comes back
 * wrong).
 */
class SlowReaderTest {

    /**
     * Two SETs per GET keep one turn's replies (about half of the 64 KB it reads) inside the reply
     * buffer that is reused, so the unsent rest must be a copy of it, not a view.
     */
    private static final int VALUE_SIZE = 3_000;
    private static final int KEYS = 8;
    private static final int PAIRS = 8_000;

    @Test
    void aClientThatReadsOnlyAfterWritingEverythingGetsEveryReplyInOrder() throws Exception {
        try (Server server = new Server(ServerConfig.forTests().build()).start();
                Socket socket = new Socket("127.0.0.1", server.port())) {
            byte[][] values = new byte[KEYS][];
            for (int k = 0; k < KEYS; k++) {
                values[k] = new byte[VALUE_SIZE];
                Arrays.fill(values[k], (byte) ('a' + k));
            }
            ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
            for (int i = 0; i < PAIRS; i++) {
                String key = "k" + i % KEYS;
                pipeline.write(RespWriter.encode(Reply.array(Reply.bulk("SET"), Reply.bulk(key), new Reply.Bulk(values[i % KEYS]))));
                pipeline.write(RespWriter.encode(Reply.array(Reply.bulk("SET"), Reply.bulk("other"), new Reply.Bulk(values[0]))));
                pipeline.write(RespWriter.encode(Reply.array(Reply.bulk("GET"), Reply.bulk(key))));
            }
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                // Only a server that keeps reading while its replies wait lets this write finish.
                out.write(pipeline.toByteArray());
                out.flush();
                for (int i = 0; i < PAIRS; i++) {
                    assertThat(readLine(in)).as("reply to SET %d", i).isEqualTo("+OK");
                    assertThat(readLine(in)).as("reply to the other SET %d", i).isEqualTo("+OK");
                    assertThat(readLine(in)).as("header of reply to GET %d", i).isEqualTo("$" + VALUE_SIZE);
                    byte[] value = new byte[VALUE_SIZE + 2];
                    in.readFully(value);
                    assertThat(Arrays.copyOf(value, VALUE_SIZE)).as("reply to GET %d", i).isEqualTo(values[i % KEYS]);
                }
            });
        }
    }

    private static String readLine(DataInputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\r'; b = in.read()) {
            line.append((char) b);
        }
        in.read(); // '\n'
        return line.toString();
    }
}
