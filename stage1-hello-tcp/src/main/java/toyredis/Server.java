package toyredis;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The accept loop. One thread accepts a client, greets it, closes it, and only then accepts the
 * next one: clients are served strictly one after another.
 */
public final class Server implements AutoCloseable {

    private static final Logger LOG = System.getLogger(Server.class.getName());

    private final ServerConfig config;
    private ServerSocket serverSocket;
    private Thread acceptThread;

    public Server(ServerConfig config) {
        this.config = config;
    }

    /** Binds the port and starts accepting; returns this server as the handle to stop it. */
    public Server start() throws IOException {
        serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(config.bind(), config.port()));
        acceptThread = Thread.ofPlatform().name("accept").start(this::acceptLoop);
        return this;
    }

    /** The port actually bound (useful when the config asked for port 0). */
    public int port() {
        return serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        // lab 1.1: accept one client at a time, greet it and close it, until close() closes the server socket
        while (!serverSocket.isClosed()) {
            try (Socket client = serverSocket.accept()) {
                simulateWork(); // while this thread works, the next clients wait in the listen queue
                ClientHandler.greet(client);
            } catch (IOException e) {
                if (serverSocket.isClosed()) {
                    return; // close() was called: the normal way out
                }
                // A client that hung up before we wrote is not the server's problem.
                LOG.log(Level.DEBUG, "client dropped: {0}", e.getMessage());
            }
        }
        // end lab 1.1
    }

    /** Stands in for real work per client (reading a file, asking a database): --work. */
    private void simulateWork() {
        try {
            Thread.sleep(config.work());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks until the server is closed. */
    public void awaitTermination() throws InterruptedException {
        acceptThread.join();
    }

    @Override
    public void close() {
        try {
            serverSocket.close(); // wakes the accept() call with an exception
            acceptThread.join();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing server socket: {0}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
