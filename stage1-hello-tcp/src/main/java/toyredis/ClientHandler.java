package toyredis;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Serves one connection: say hello, then hang up. */
final class ClientHandler {

    static final byte[] GREETING = "Hello 👋\n".getBytes(StandardCharsets.UTF_8);

    private ClientHandler() {
    }

    static void greet(Socket client) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(GREETING);
        out.flush();
        // The caller closes the socket: that is what tells the client we are done.
    }
}
