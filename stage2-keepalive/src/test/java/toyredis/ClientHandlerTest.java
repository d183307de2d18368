package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One connection's loop (lab 2.1), run on the test's own thread: the client's lines are sent first,
 * then ClientHandler.run() serves them until the client hangs up or says QUIT, and the test reads
 * every byte it answered. No server and no thread of our own, so what happens is the same every run.
 */
@Tag("lab2.1")
class ClientHandlerTest {

    /** Sends {@code input} (then hangs up unless {@code hangUp} is false), serves it, returns the replies. */
    private static String serve(String input, boolean hangUp) throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(listener.getInetAddress(), listener.getLocalPort());
             Socket served = listener.accept()) {
            client.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            if (hangUp) {
                client.shutdownOutput(); // the server reads end of stream after the last line
            }
            new ClientHandler(served).run(); // returns when the client is done; closes its socket
            return new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void eachLineGetsItsReplyAndBlankLinesNone() throws IOException {
        assertThat(serve("\n\r\n   \nPING\nECHO caf\u00e9 \uD83D\uDC4B\r\nnope\n", true))
                .isEqualTo("PONG\ncaf\u00e9 \uD83D\uDC4B\nERR unknown command 'nope'\n");
    }

    @Test
    void quitIsAnsweredAndEndsTheConnectionWhileTheClientStillHasItOpen() throws IOException {
        // The client never hangs up: only QUIT's reply can end the loop, and the line after it is not read.
        assertThat(serve("PING\nQUIT\nPING\n", false)).isEqualTo("PONG\nBYE\n");
    }
}
