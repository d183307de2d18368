package toyredis;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.ZoneId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The accept loop. Unlike stage 1 it does not serve clients itself: it hands each connection to
 * a client thread (see {@link ThreadMode}) and goes straight back to accepting.
 */
public final class Server implements AutoCloseable {

    private static final Logger LOG = System.getLogger(Server.class.getName());
    /** How long the accept loop waits after a failed accept() before it tries again. */
    private static final long ACCEPT_RETRY_MILLIS = 100;

    private final ServerConfig config;
    private final Set<Socket> openClients = ConcurrentHashMap.newKeySet();
    private ServerSocket serverSocket;
    private ExecutorService clientThreads;
    private Thread acceptThread;

    public Server(ServerConfig config) {
        this.config = config;
    }

    /** Binds the port and starts accepting; returns this server as the handle to stop it. */
    public Server start() throws IOException {
        // The first warning logged formats a time, and the JDK reads its time zones from a file
        // then. With every file descriptor taken by clients, that read would fail with an Error
        // that ends the accept thread, and with it the server: read them now.
        ZoneId.systemDefault();
        WarmUp.run(); // two more first times that need a descriptor: see there
        serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(config.bind(), config.port()));
        clientThreads = config.threads().newExecutor(config.poolSize());
        acceptThread = Thread.ofPlatform().name("accept").start(this::acceptLoop);
        return this;
    }

    /** The port actually bound (useful when the config asked for port 0). */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Connections accepted and not yet closed (served or waiting for a thread). */
    public int connectedClients() {
        return openClients.size();
    }

    /** In pool mode, connections accepted but still waiting for a free pool thread. */
    public int clientsWaitingForAThread() {
        return clientThreads instanceof ThreadPoolExecutor pool ? pool.getQueue().size() : 0;
    }

    private void acceptLoop() {
        // lab 2.2: accept each client and hand it to clientThreads, one thread each; keep openClients current for close()
        while (!serverSocket.isClosed()) {
            try {
                Socket client = serverSocket.accept();
                openClients.add(client);
                clientThreads.execute(() -> {
                    try {
                        new ClientHandler(client).run();
                    } finally {
                        openClients.remove(client);
                    }
                });
            } catch (IOException e) {
                if (serverSocket.isClosed()) {
                    return; // close() was called: the normal way out
                }
                // Usually "Too many open files" (ulimit -n): the client waits in the kernel's queue
                // until a connection closes. Pause, rather than fail again at once in a busy loop.
                LOG.log(Level.WARNING, "accept failed: {0}; trying again in {1} ms", e.getMessage(), ACCEPT_RETRY_MILLIS);
                try {
                    Thread.sleep(ACCEPT_RETRY_MILLIS);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
        // end lab 2.2
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
            for (Socket client : openClients) {
                client.close(); // wakes a handler blocked in read()
            }
            clientThreads.shutdownNow(); // also drops clients still queued for a pool thread
            if (!clientThreads.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "some client threads did not stop within 10 s");
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing: {0}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
