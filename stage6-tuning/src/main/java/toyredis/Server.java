package toyredis;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The accept loop and the server's lifecycle. Stage 6: one thread only accepts, refuses clients
 * past {@code --maxclients}, and hands each connection to an {@link EventLoop} in turn (or, with
 * {@code --io threads}, to a virtual thread of its own, stage 5's way). Every loop shares the one
 * {@link Store}, which reports its changes to the {@link AppendOnlyFile}. Before the port opens,
 * the server replays that file.
 */
public final class Server implements AutoCloseable {

    private static final Logger LOG = System.getLogger(Server.class.getName());
    /** How long the accept loop waits after a failed accept() before it tries again. */
    private static final long ACCEPT_RETRY_MILLIS = 100;

    private final ServerConfig config;
    private final Set<SocketChannel> openClients = ConcurrentHashMap.newKeySet();
    private final List<EventLoop> loops = new ArrayList<>();
    private final List<Thread> loopThreads = new ArrayList<>();
    private ServerSocketChannel serverSocket;
    private Store store;
    private AppendOnlyFile aof; // null with --appendonly no
    private AppendOnlyFile.LoadResult loaded;
    private final ExecutorService clientThreads = Executors.newVirtualThreadPerTaskExecutor();
    private Thread acceptThread;
    private int nextLoop; // only the accept thread uses it

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
        if (config.aof().enabled()) {
            aof = new AppendOnlyFile(config.aof(), () -> store);
        }
        // While the file is replayed (loaded still null) the clock stands at 0: nothing expires, as in Redis's loading.
        store = config.store().create(journal(), () -> aof != null && loaded == null ? 0 : config.clock().getAsLong());
        if (aof != null) {
            try {
                loaded = aof.load(new CommandTable(store));
            } catch (IOException e) {
                aof.close();
                throw e;
            }
        }
        serverSocket = ServerSocketChannel.open();
        try {
            // The backlog: connections the kernel completes while we are busy; Linux caps it at somaxconn.
            serverSocket.bind(new InetSocketAddress(config.bind(), config.port()), config.backlog());
        } catch (IOException e) {
            serverSocket.close();
            closeStorage();
            throw e;
        }
        CommandTable commands = new CommandTable(store);
        commands.add(new CommandTable.Command("bgrewriteaof", 1, false, args -> aof != null ? aof.rewrite.command()
                : Reply.error("this toy server rewrites the AOF only with --appendonly yes")));
        new ToolCommands(store, config, port(), commands, this::connectedClients,
                () -> aof != null ? aof.info() : Map.of()).addTo(commands);
        if (config.io() == IoModel.NIO) {
            for (int i = 0; i < config.eventLoops(); i++) {
                EventLoop loop = new EventLoop(commands, journal(), config.protoMaxBulkLen(), openClients::remove,
                        i == 0 && config.activeExpiry() ? store : null);
                loops.add(loop);
                loopThreads.add(Thread.ofPlatform().name("event-loop-" + i).start(loop));
            }
            // One thread only accepts, and hands connections to every loop in turn.
            acceptThread = Thread.ofPlatform().name("accept")
                    .start(() -> acceptLoop(client -> loops.get(nextLoop++ % loops.size()).adopt(client)));
        } else {
            acceptThread = Thread.ofPlatform().name("accept").start(() -> acceptLoop(client -> clientThreads.execute(() -> {
                try {
                    new ClientHandler(client.socket(), commands, config.protoMaxBulkLen(), journal()).run();
                } finally {
                    openClients.remove(client);
                }
            })));
        }
        return this;
    }

    /** The port actually bound (useful when the config asked for port 0). */
    public int port() {
        return serverSocket.socket().getLocalPort();
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

    /** Accepts, and hands each connection to {@code serve}: a thread of its own, or an event loop. */
    private void acceptLoop(Consumer<SocketChannel> serve) {
        while (serverSocket.isOpen()) {
            try {
                SocketChannel client = serverSocket.accept();
                if (admitted(client)) {
                    serve.accept(client);
                }
            } catch (IOException e) {
                if (!serverSocket.isOpen()) {
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

    /** A new connection: refused past --maxclients, else counted. */
    private boolean admitted(SocketChannel client) {
        try {
            // Pipelining: replies leave in batches, and a batch that does not fill a packet
            // would wait (Nagle's algorithm) for the client to acknowledge the previous one,
            // which clients delay by up to 40 ms. Send every write at once instead.
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "a client left before it was served: {0}", e.getMessage());
        }
        if (openClients.size() >= config.maxClients()) {
            refuse(client);
            return false;
        }
        openClients.add(client);
        return true;
    }

    /** Past --maxclients: Redis's error, then close; the accept loop goes on serving everyone else. */
    private static void refuse(SocketChannel client) {
        try (client) {
            client.write(ByteBuffer.wrap(RespWriter.encode(Reply.error("max number of clients reached"))));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "refusing a client: {0}", e.getMessage());
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
            for (EventLoop loop : loops) {
                loop.stop(); // it closes its connections
            }
            acceptThread.join();
            for (Thread thread : loopThreads) {
                thread.join();
            }
            for (SocketChannel client : openClients) {
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

    /** Last, so no client is still using it: the file, written and synced. */
    private void closeStorage() {
        if (aof != null) {
            aof.close();
        }
    }
}
