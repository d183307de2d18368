package toyredis;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One thread serving many connections, as Redis's event loop does: a {@link Selector} reports
 * which connections have bytes; the loop reads each, runs every complete request and keeps the
 * replies. Once per turn (Redis's {@code beforeSleep}) the journal writes the turn's records in
 * one go (with {@code always}: one fsync for all), and only then does each connection get its
 * replies. No thread or stack per connection: an idle one costs its socket and a few objects.
 *
 * <p>Why the loop keeps reading while replies wait: a connection whose socket took only part of
 * its replies is still read, or a client that sends its whole pipeline before it reads a reply
 * would stall with us, blocked in its write while we wait for it to read. Redis keeps reading
 * too; the price is memory for a client that never reads (exercise 3 adds a limit).
 *
 * <p>Where threads meet: connections, buffers and selector belong to the loop's thread. Others
 * touch only {@link #adopt} (the accept thread: a concurrent queue, one wake-up per batch) and
 * {@link #stop}; the store and the journal, shared by every loop, make their own promises.
 */
final class EventLoop implements Runnable {

    private static final Logger LOG = System.getLogger(EventLoop.class.getName());
    /** Bytes read from one connection per turn: one read per connection keeps every client served. */
    private static final int READ_SIZE = 64 * 1024;

    /** One client: its parser, its argument cursor, its replies not yet sent, and whether it asked to be closed. */
    private static final class Connection {
        final SocketChannel channel;
        final RespReader reader;
        final ReusableBuffer replies = new ReusableBuffer(64 * 1024); // the replies of one turn
        final RespWriter writer = new RespWriter(replies);
        final CommandTable.Args args = new CommandTable.Args(List.of());
        ByteBuffer unsent; // what the socket did not take last time
        boolean closeWhenSent;
        SelectionKey key; // its registration with the selector: kept, because keyFor() searches for it

        Connection(SocketChannel channel, long maxBulkLength) {
            this.channel = channel;
            this.reader = new RespReader(maxBulkLength);
        }
    }

    private final Selector selector;
    private final Queue<SocketChannel> newcomers = new ConcurrentLinkedQueue<>();
    private final CommandTable commands;
    private final Journal journal;
    private final long maxBulkLength;
    private final Consumer<SocketChannel> onClose;
    private final Store expiring; // the first loop's store, which it expires actively (--active-expiry yes); else null
    private long lastCycle = System.nanoTime();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_SIZE); // shared by every connection of the loop
    private final List<Connection> answered = new ArrayList<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private volatile boolean stopping;

    EventLoop(CommandTable commands, Journal journal, long maxBulkLength, Consumer<SocketChannel> onClose,
            Store expiring) throws IOException {
        this.selector = Selector.open();
        this.commands = commands;
        this.journal = journal;
        this.maxBulkLength = maxBulkLength;
        this.onClose = onClose;
        this.expiring = expiring;
    }

    /** Hands a newly accepted connection to this loop (called from the accept thread). */
    void adopt(SocketChannel channel) {
        newcomers.add(channel);
        if (wakeupPending.compareAndSet(false, true)) {
            selector.wakeup(); // once per batch: a burst of 10,000 connections is not 10,000 wakeups
        }
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                selector.select(expiring == null ? 0 : ActiveExpiry.PERIOD_MILLIS); // 0: no timeout
                if (expiring != null && System.nanoTime() - lastCycle >= ActiveExpiry.PERIOD_MILLIS * 1_000_000) {
                    lastCycle = System.nanoTime(); // 10 cycles a second, as Redis's serverCron runs them
                    ActiveExpiry.cycle(expiring, System::nanoTime);
                }
                registerNewcomers();
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection connection = (Connection) key.attachment();
                    if (key.isValid() && key.isWritable() && connection.unsent != null) {
                        send(key, connection);
                    }
                    if (key.isValid() && key.isReadable()) {
                        readAndRun(key, connection);
                    }
                }
                selector.selectedKeys().clear();
                sendReplies();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!stopping) {
                LOG.log(Level.ERROR, "event loop stopped: {0}", e.toString());
            }
        } finally {
            closeEverything();
        }
    }

    private void registerNewcomers() throws IOException {
        wakeupPending.set(false); // a connection adopted from now on wakes the selector again
        for (SocketChannel channel = newcomers.poll(); channel != null; channel = newcomers.poll()) {
            channel.configureBlocking(false);
            Connection connection = new Connection(channel, maxBulkLength);
            connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
        }
    }

    /** Reads once, runs every complete request; the replies wait for the end of the turn. */
    private void readAndRun(SelectionKey key, Connection connection) {
        int n;
        try {
            n = connection.channel.read(readBuffer.clear());
        } catch (IOException e) {
            n = -1; // a reset: the client is gone
        }
        if (n < 0) {
            close(key, connection);
            return;
        }
        connection.reader.feed(readBuffer.array(), 0, n);
        try {
            List<byte[]> request;
            while (!connection.closeWhenSent && (request = connection.reader.next()) != null) {
                write(connection, commands.execute(request, connection.args));
                // QUIT: later pipelined requests are not run
                connection.closeWhenSent = CommandTable.is(request.get(0), "quit");
            }
        } catch (RespReader.ProtocolException e) {
            // Redis answers the requests before the bad one, then the error, then hangs up.
            write(connection, new Reply.SimpleError(e.getMessage()));
            connection.closeWhenSent = true;
        }
        if (connection.replies.size() > 0 || connection.closeWhenSent) {
            answered.add(connection);
        }
    }

    private static void write(Connection connection, Reply reply) {
        try {
            connection.writer.write(reply);
        } catch (IOException impossible) {
            throw new java.io.UncheckedIOException(impossible); // a ReusableBuffer never fails
        }
    }

    /** The end of a turn: the journal writes the turn's records once, then each answered connection gets its replies. */
    private void sendReplies() {
        if (answered.isEmpty()) {
            return;
        }
        try {
            journal.awaitWritten();
        } catch (IOException e) {
            LOG.log(Level.ERROR, "cannot write the append-only file, dropping {0} connections: {1}", answered.size(), e.getMessage());
            answered.forEach(connection -> close(connection.key, connection));
            answered.clear();
            return;
        }
        for (Connection connection : answered) {
            if (connection.key.isValid()) {
                // Usually straight from the reply buffer; behind a slow reader's rest, after it.
                ByteBuffer replies = connection.replies.contents();
                ByteBuffer rest = connection.unsent;
                connection.unsent = rest == null ? replies
                        : ByteBuffer.allocate(rest.remaining() + replies.remaining()).put(rest).put(replies).flip();
                send(connection.key, connection);
                if (connection.unsent == replies) { // the socket took part: keep the rest, the buffer is reused
                    connection.unsent = ByteBuffer.allocate(replies.remaining()).put(replies).flip();
                }
            }
            connection.replies.reset();
        }
        answered.clear();
    }

    /** Writes what the socket takes of {@code unsent}; the rest waits for OP_WRITE (a slow reader). */
    private void send(SelectionKey key, Connection connection) {
        try {
            connection.channel.write(connection.unsent);
            if (connection.unsent.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE); // still OP_READ: see the class comment
                return;
            }
            connection.unsent = null;
            key.interestOps(SelectionKey.OP_READ);
            if (connection.closeWhenSent) {
                close(key, connection);
            }
        } catch (IOException e) {
            close(key, connection);
        }
    }

    private void close(SelectionKey key, Connection connection) {
        key.cancel();
        try {
            connection.channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing a client: {0}", e.getMessage());
        }
        onClose.accept(connection.channel);
    }

    /** Stops the loop and closes its connections. */
    void stop() {
        stopping = true;
        selector.wakeup();
    }

    private void closeEverything() {
        try {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof Connection connection) {
                    close(key, connection);
                }
            }
            for (SocketChannel channel = newcomers.poll(); channel != null; channel = newcomers.poll()) {
                channel.close();
                onClose.accept(channel);
            }
            selector.close();
        } catch (IOException | ClosedSelectorException e) {
            LOG.log(Level.DEBUG, "closing the event loop: {0}", e.getMessage());
        }
    }
}
