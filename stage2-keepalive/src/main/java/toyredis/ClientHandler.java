package toyredis;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Serves one connection for as long as the client keeps it open. */
final class ClientHandler implements Runnable {

    private static final Logger LOG = System.getLogger(ClientHandler.class.getName());

    /** The longest request line we accept, as Redis does for inline commands. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private final Socket client;

    ClientHandler(Socket client) {
        this.client = client;
    }

    @Override
    public void run() {
        try (client) {
            LineReader in = new LineReader(client.getInputStream(), MAX_LINE_BYTES);
            OutputStream out = new BufferedOutputStream(client.getOutputStream());
            try {
                serve(in, out);
            } catch (LineReader.LineTooLongException e) {
                send(out, Reply.error("line too long"));
            }
        } catch (IOException e) {
            // A client hanging up (even with a reset) is a normal event, not a server error.
            LOG.log(Level.DEBUG, "client {0} gone: {1}", client.getRemoteSocketAddress(), e.getMessage());
        }
    }

    private void serve(LineReader in, OutputStream out) throws IOException {
        // lab 2.1: read lines until the client hangs up, answer each one that is not blank, stop after a reply that closes
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            Reply reply = Commands.respond(line);
            send(out, reply);
            if (reply.closeAfter()) {
                return;
            }
        }
        // end lab 2.1
    }

    private static void send(OutputStream out, Reply reply) throws IOException {
        out.write((reply.text() + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
