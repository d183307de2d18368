package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class ServerTest {

    private Server server;

    @BeforeEach
    void startServer() throws IOException {
        server = new Server(ServerConfig.forTests()).start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** Everything the server sends before it closes the connection. */
    private byte[] readAll() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            return in.readAllBytes();
        }
    }

    @Test
    @Tag("lab1.1")
    void greetsWithExactUtf8BytesThenCloses() throws IOException {
        byte[] expected = {'H', 'e', 'l', 'l', 'o', ' ', (byte) 0xF0, (byte) 0x9F, (byte) 0x91, (byte) 0x8B, '\n'};
        assertThat(readAll()).isEqualTo(expected);
    }

    @Test
    @Tag("lab1.1")
    void greetsSeveralClientsInARow() throws IOException {
        for (int i = 0; i < 20; i++) {
            assertThat(new String(readAll(), StandardCharsets.UTF_8)).isEqualTo("Hello 👋\n");
        }
    }

    @Test
    @Tag("lab1.1")
    void survivesAClientThatHangsUpImmediately() throws IOException {
        new Socket("127.0.0.1", server.port()).close();
        assertThat(new String(readAll(), StandardCharsets.UTF_8)).isEqualTo("Hello 👋\n");
    }

    @Test
    void closeStopsListeningAndTheAcceptThread() throws InterruptedException {
        int port = server.port();
        server.close();
        server.awaitTermination(); // returns because the accept thread has ended
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }
}
