package toyredis;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The accept loop. It hands each connection to a virtual thread of its own and goes straight
 * back to accepting (stage 2 compared the ways to give clients threads; stage 5 keeps the one it
 * needs). Every client thread shares the one {@link Store}, which reports its changes to the
 * {@link AppendOnlyFile}. Before the port opens, the server replays that file.
 */
public final class Server implements AutoCloseable {

    private static final Logger LOG = System.getLogger(Server.class.getName());
    /** How long the accept loop waits after a failed accept() before it tries again. */
    private static final long ACCEPT_RETRY_MILLIS = 100;

    private final ServerConfig config;
    private final Set<Socket> openClients = ConcurrentHashMap.newKeySet();
    private ServerSocket serverSocket;
    private Store store;
    private AppendOnlyFile aof; // null with --appendonly no
    private AppendOnlyFile.LoadResult loaded;
    private volatile boolean replaying;
    private final ExecutorService clientThreads = Executors.newVirtualThreadPerTaskExecutor();
    private Thread acceptThread;

    public Server(ServerConfig config) {
        this.config = config;
    }

    /**
     * Replays the append-only file, binds the port and starts accepting; returns this server as
     * the handle to stop it. A damaged file throws {@link AppendOnlyFile.DamagedFileException}.
     */
    public Server start() throws IOException {
        // The first warning logged formats a time, and the JDK reads its time zones from a file
        // then. With every file descriptor taken by clients, that read would fail with an Error
        // that ends the accept thread, and with it the server: read them now.
        ZoneId.systemDefault();
        WarmUp.run(); // two more first times that need a descriptor: see there
        if (config.aof().enabled()) {
            aof = new AppendOnlyFile(config.aof(), () -> store);
        }
        // While the file is replayed nothing expires, as in Redis: a PERSIST logged before the old
        // deadline must not find its key dead. So the store's clock stands at 0, before every
        // deadline, until the replay ends. (Relative times, the pitfall, replay on the real clock.)
        replaying = aof != null && !config.aof().relativeTtl();
        store = config.store().create(journal(), () -> replaying ? 0 : config.clock().getAsLong());
        if (aof != null) {
            try {
                loaded = aof.load(new CommandTable(store));
            } catch (IOException e) {
                aof.close();
                throw e;
            } finally {
                replaying = false;
            }
        }
        serverSocket = new ServerSocket();
        try {
            serverSocket.bind(new InetSocketAddress(config.bind(), config.port()));
        } catch (IOException e) {
            closeStorage();
            throw e;
        }
        CommandTable commands = new CommandTable(store);
        commands.add(new CommandTable.Command("bgrewriteaof", 1, false, args -> aof != null ? aof.rewrite.command()
                : Reply.error("this toy server rewrites the AOF only with --appendonly yes")));
        new ToolCommands(store, config, port(), commands, this::connectedClients,
                () -> aof != null ? aof.info() : Map.of()).addTo(commands);
        acceptThread = Thread.ofPlatform().name("accept").start(() -> acceptLoop(commands));
        return this;
    }

    /** The port actually bound (useful when the config asked for port 0). */
    public int port() {
        return serverSocket.getLocalPort();
    }

    private Journal journal() {
        return aof != null ? aof : Journal.NONE;
    }

    /** What replaying the append-only file found, or null with --appendonly no. */
    public AppendOnlyFile.LoadResult loaded() {
        return loaded;
    }

    /** Connections accepted and not yet closed. */
    public int connectedClients() {
        return openClients.size();
    }

    private void acceptLoop(CommandTable commands) {
        while (!serverSocket.isClosed()) {
            try {
                Socket client = serverSocket.accept();
                // Pipelining: replies leave in batches, and a batch that does not fill a packet
                // would wait (Nagle's algorithm) for the client to acknowledge the previous one,
                // which clients delay by up to 40 ms. Send every write at once instead.
                client.setTcpNoDelay(true);
                openClients.add(client);
                clientThreads.execute(() -> {
                    try {
                        new ClientHandler(client, commands, config.protoMaxBulkLen(), journal()).run();
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
            clientThreads.shutdownNow();
            if (!clientThreads.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "some client threads did not stop within 10 s");
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing: {0}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeStorage();
        }
    }

    /** Last, so no client thread is still using them: the store, then the file (written and synced). */
    private void closeStorage() {
        store.close(); // channel: stops the writer
        if (aof != null) {
            aof.close();
        }
    }
}
