package toyredis;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.util.List;

/**
 * Serves one connection for as long as the client keeps it open: read what has arrived, answer
 * every complete request in it, send the answers in one write, read again. Before the answers
 * leave, the {@link Journal} confirms that every change they report has been written.
 */
final class ClientHandler implements Runnable {

    private static final Logger LOG = System.getLogger(ClientHandler.class.getName());

    private final Socket client;
    private final CommandTable commands;
    private final long maxBulkLength;
    private final Journal journal;

    ClientHandler(Socket client, CommandTable commands, long maxBulkLength, Journal journal) {
        this.client = client;
        this.commands = commands;
        this.maxBulkLength = maxBulkLength;
        this.journal = journal;
    }

    @Override
    public void run() {
        try (client) {
            serve(client.getInputStream(), new RespWriter(new BufferedOutputStream(client.getOutputStream(), 16 * 1024)));
        } catch (IOException e) {
            // A client hanging up (even with a reset) is a normal event, not a server error.
            LOG.log(Level.DEBUG, "client {0} gone: {1}", client.getRemoteSocketAddress(), e.getMessage());
        }
    }

    private void serve(InputStream in, RespWriter out) throws IOException {
        RespReader reader = new RespReader(maxBulkLength);
        while (true) {
            try {
                List<byte[]> request;
                while ((request = reader.next()) != null) {
                    out.write(commands.execute(request));
                    if (CommandTable.nameOf(request.get(0)).equals("quit")) { // later pipelined requests are not run
                        sendReplies(out);
                        return;
                    }
                }
            } catch (RespReader.ProtocolException e) {
                // Redis answers the requests before the bad one, then the error, then hangs up.
                out.write(new Reply.SimpleError(e.getMessage()));
                sendReplies(out);
                return;
            }
            sendReplies(out); // no complete request left: send this batch of replies in one write
            if (reader.readFrom(in) < 0) {
                return;
            }
        }
    }

    /** A reply may report a change only once the change is in the file (see {@link Journal#awaitWritten}). */
    private void sendReplies(RespWriter out) throws IOException {
        journal.awaitWritten();
        out.flush();
    }
}
