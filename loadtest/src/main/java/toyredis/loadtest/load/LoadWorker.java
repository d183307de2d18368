package toyredis.loadtest.load;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import toyredis.loadtest.units.Units;
import toyredis.loadtest.protocol.Codec;
import toyredis.loadtest.protocol.Escapes;
import toyredis.loadtest.protocol.Op;
import toyredis.loadtest.protocol.ProtocolException;

/**
 * One selector thread driving many non-blocking connections. Each connection writes a batch of
 * {@code pipeline} requests in one write, reads the replies as they come, checks each, and then
 * writes the next batch: at once (closed loop, like redis-benchmark) or at its next slot in
 * fixed-rate mode. Nothing in the request/reply path allocates. At the stop no batch is sent any
 * more, and the ones in flight are read to their end, so the server ran exactly what was counted
 * plus those batches.
 */
final class LoadWorker implements Runnable {

    private static final long RECONNECT_PAUSE = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long TIMEOUT_CHECK_EVERY = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long ONE_MILLI = TimeUnit.MILLISECONDS.toNanos(1);
    /** The longest wait for the replies still in flight at the stop. */
    private static final long MAX_DRAIN = TimeUnit.SECONDS.toNanos(5);

    final WorkerStats stats;

    private final LoadSpec spec;
    private final Codec codec;
    private final InetSocketAddress address;
    private final List<Connection> connections = new ArrayList<>();
    private final PriorityQueue<Connection> waiting = new PriorityQueue<>(Comparator.comparingLong(c -> c.wakeAt));
    private final SplittableRandom random;
    private final long measureAt;
    private final long stopAt;
    /** Fixed-rate mode: nanoseconds between two batches of one connection. */
    private final long batchInterval;
    private final long timeoutNanos;
    /** Made once: a method reference in the select() call would allocate on every call. */
    private final Consumer<SelectionKey> onReady = this::onReady;
    private Selector selector;
    private volatile boolean stopRequested;
    /** A bug in the harness itself, reported by {@link LoadRun} instead of being lost with the thread. */
    volatile RuntimeException crash;

    LoadWorker(LoadSpec spec, Codec codec, InetSocketAddress address, long measureAt, long stopAt, long seed) {
        this.spec = spec;
        this.codec = codec;
        this.address = address;
        this.measureAt = measureAt;
        this.stopAt = stopAt;
        this.random = new SplittableRandom(seed);
        this.batchInterval = spec.rate() > 0
                ? Math.max(1, (long) (1e9 * spec.connections() * spec.pipeline() / spec.rate())) : 0;
        this.timeoutNanos = spec.timeout().toNanos();
        this.stats = new WorkerStats(spec.workload() == Workload.INCR ? spec.keys() : 0);
    }

    /** Adds a connection; {@code firstSendAt} staggers fixed-rate connections over one interval. */
    void add(Connection connection, int globalIndex, long startAt) {
        connection.nextSendAt = startAt + batchInterval * globalIndex / spec.connections();
        connections.add(connection);
    }

    void requestStop() {
        stopRequested = true;
        if (selector != null) {
            selector.wakeup();
        }
    }

    @Override
    public void run() {
        try (Selector s = Selector.open()) {
            selector = s;
            long now = System.nanoTime();
            for (Connection c : connections) {
                startConnect(c, now);
            }
            long nextTimeoutCheck = now + TIMEOUT_CHECK_EVERY;
            while (!stopRequested && (now = System.nanoTime()) < stopAt) {
                wakeDue(now);
                if (now >= nextTimeoutCheck) {
                    checkTimeouts(now);
                    nextTimeoutCheck = now + TIMEOUT_CHECK_EVERY;
                }
                long until = Math.min(Math.min(stopAt, nextTimeoutCheck), nextWake());
                long wait = until - System.nanoTime();
                if (wait >= ONE_MILLI) {
                    selector.select(onReady, wait / ONE_MILLI);
                } else {
                    // select() waits in whole milliseconds; fixed-rate sends need finer steps,
                    // so poll until the next slot rather than send up to 1 ms late.
                    selector.selectNow(onReady);
                }
            }
            drain();
        } catch (IOException e) {
            stats.error(ErrorKind.OTHER, "selector: " + e.getMessage());
        } catch (RuntimeException e) {
            crash = e;
        } finally {
            for (Connection c : connections) {
                closeQuietly(c);
            }
        }
    }

    /**
     * After the stop nothing more is sent (see {@link #readyToSend}), but the batches still in
     * flight are read to their last reply (uncounted: they came after the window), for at most
     * --timeout and never more than {@link #MAX_DRAIN}. So the server ran exactly what we counted
     * plus those batches, and each connection closes with nothing unread: closing on unread
     * replies resets it, and whether the server then still runs what it had not read is luck.
     */
    private void drain() throws IOException {
        long giveUpAt = stopAt + Math.min(timeoutNanos, MAX_DRAIN);
        long now;
        while (!stopRequested && anyAwaiting() && (now = System.nanoTime()) < giveUpAt) {
            selector.select(onReady, Math.max(1, (giveUpAt - now) / ONE_MILLI));
        }
    }

    private boolean anyAwaiting() {
        for (Connection c : connections) {
            if (c.state == Connection.State.AWAITING) {
                return true;
            }
        }
        return false;
    }

    private long nextWake() {
        Connection first = waiting.peek();
        return first == null ? Long.MAX_VALUE : first.wakeAt;
    }

    private void wakeDue(long now) {
        while (!waiting.isEmpty() && waiting.peek().wakeAt <= now) {
            Connection c = waiting.poll();
            if (c.state == Connection.State.RECONNECT_WAIT) {
                startConnect(c, now);
            } else if (c.state == Connection.State.PACED) {
                readyToSend(c, now);
            }
        }
    }

    private void startConnect(Connection c, long now) {
        c.state = Connection.State.CONNECTING;
        c.connectStartedAt = now;
        if (c.firstConnectAt < 0) {
            c.firstConnectAt = now;
        }
        stats.connectAttempts++;
        try {
            c.channel = SocketChannel.open();
            c.channel.configureBlocking(false);
            c.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.key = c.channel.register(selector, SelectionKey.OP_CONNECT, c);
            if (c.channel.connect(address)) {
                connected(c, now);
            }
        } catch (IOException e) {
            fail(c, kindOf(e), reasonOf(e), now);
        }
    }

    private void onReady(SelectionKey key) {
        Connection c = (Connection) key.attachment();
        try {
            if (key.isConnectable() && c.channel.finishConnect()) {
                connected(c, System.nanoTime());
                return;
            }
            if (key.isWritable()) {
                c.channel.write(c.out);
                if (!c.out.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
            if (key.isReadable()) {
                onReadable(c);
            }
        } catch (IOException e) {
            fail(c, kindOf(e), reasonOf(e), System.nanoTime());
        }
    }

    private void connected(Connection c, long now) throws IOException {
        stats.connectsSucceeded++;
        c.key.interestOps(SelectionKey.OP_READ);
        c.in.clear();
        if (spec.workload() == Workload.GREETING) {
            awaitGreeting(c);
        } else {
            readyToSend(c, now);
        }
    }

    /** The greeting workload sends nothing: it waits for the server's first line, timed from connect. */
    private void awaitGreeting(Connection c) {
        c.ops[0] = Op.GREETING;
        c.state = Connection.State.AWAITING;
        c.answered = 0;
        c.sentAt = c.connectStartedAt;
        c.intendedAt = c.connectStartedAt;
    }

    /**
     * Sends the next batch now, or parks the connection until its slot in fixed-rate mode. Once
     * the run has stopped nothing more is sent: a batch sent then could never be counted, and the
     * server's own count would run ahead of ours by more than the batches already in flight.
     */
    private void readyToSend(Connection c, long now) {
        if (now >= stopAt) {
            c.state = Connection.State.STOPPED;
        } else if (batchInterval == 0) {
            sendBatch(c, now, now);
        } else if (c.nextSendAt <= now) {
            long intended = c.nextSendAt;
            c.nextSendAt += batchInterval;
            sendBatch(c, intended, now);
        } else {
            c.state = Connection.State.PACED;
            c.wakeAt = c.nextSendAt;
            waiting.add(c);
        }
    }

    private void sendBatch(Connection c, long intendedAt, long now) {
        c.out.clear();
        for (int i = 0; i < c.ops.length; i++) {
            Op op = spec.workload().next(random, spec.readRatio());
            int key = random.nextInt(spec.keys());
            c.ops[i] = op;
            c.keys[i] = key;
            codec.writeRequest(c.out, op, key);
        }
        c.out.flip();
        c.state = Connection.State.AWAITING;
        c.answered = 0;
        c.sentAt = now;
        c.intendedAt = intendedAt;
        try {
            c.channel.write(c.out);
            if (c.out.hasRemaining()) {
                c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        } catch (IOException e) {
            fail(c, kindOf(e), reasonOf(e), now);
        }
    }

    private void onReadable(Connection c) throws IOException {
        if (c.channel.read(c.in) < 0) {
            fail(c, ErrorKind.RESET, "closed by the server", System.nanoTime());
            return;
        }
        long now = System.nanoTime(); // one clock read per read() call, shared by its replies
        c.in.flip();
        try {
            while (c.state == Connection.State.AWAITING && codec.readReply(c.in, c.reply)) {
                onReply(c, now);
            }
            if (c.state == Connection.State.RECONNECT_WAIT) {
                return; // sending the next batch failed, and was counted
            }
            if (c.state != Connection.State.AWAITING && c.in.hasRemaining()) {
                throw new ProtocolException("bytes that answer no request");
            }
        } catch (ProtocolException e) {
            fail(c, ErrorKind.PROTOCOL, e.getMessage(), now);
            return;
        }
        c.in.compact();
        if (!c.in.hasRemaining()) {
            fail(c, ErrorKind.PROTOCOL, "a reply larger than the " + c.in.capacity() + "-byte read buffer", now);
        }
    }

    private void onReply(Connection c, long now) {
        int i = c.answered++;
        boolean inWindow = now >= measureAt && now < stopAt;
        countServed(c, now, inWindow);
        ErrorKind error = codec.check(c.ops[i], c.keys[i], c.reply, c.in);
        if (error != null) {
            stats.error(error, c.ops[i] + " answered " + Escapes.escape(replyBytes(c)));
        } else {
            stats.replies.lazySet(stats.replies.get() + 1); // only this thread writes it
            if (c.ops[i] == Op.INCR) {
                stats.incrsAcknowledged[c.keys[i]]++;
            }
            if (inWindow) {
                stats.measuredReplies++;
                stats.latency.recordValue(now - c.intendedAt);
                stats.serviceTime.recordValue(now - c.sentAt);
            }
        }
        if (c.ops[i] == Op.GREETING) { // one line per connection: hang up, connect again at once
            closeQuietly(c);
            c.state = Connection.State.RECONNECT_WAIT;
            c.wakeAt = now;
            waiting.add(c);
        } else if (c.answered == c.ops.length) {
            readyToSend(c, now);
        }
    }

    /** A connection is served once it gets a reply; re-opened, it still counts once. */
    private void countServed(Connection c, long now, boolean inWindow) {
        if (!c.everAnswered) {
            c.everAnswered = true;
            stats.firstReply.recordValue(now - c.firstConnectAt);
        }
        if (inWindow && !c.servedInWindow) {
            c.servedInWindow = true;
            stats.connectionsServed++;
        }
    }

    private static byte[] replyBytes(Connection c) {
        int length = Math.min(c.reply.end - c.reply.start, 40); // enough to see what went wrong
        byte[] bytes = new byte[length];
        c.in.get(c.reply.start, bytes);
        return bytes;
    }

    private void checkTimeouts(long now) {
        for (Connection c : connections) {
            if (c.state == Connection.State.AWAITING && now - c.sentAt > timeoutNanos) {
                fail(c, ErrorKind.TIMEOUT, "no reply within " + Units.format(spec.timeout()), now);
            } else if (c.state == Connection.State.CONNECTING && now - c.connectStartedAt > timeoutNanos) {
                fail(c, ErrorKind.TIMEOUT, "connect timed out", now);
            }
        }
    }

    /** Counts the error, drops the connection and connects again after a short pause. */
    private void fail(Connection c, ErrorKind kind, String reason, long now) {
        if (c.state == Connection.State.PACED) {
            waiting.remove(c);
        }
        if (c.state == Connection.State.CONNECTING) {
            stats.connectsFailed++;
            reason = "connect: " + reason;
        }
        stats.error(kind, reason);
        closeQuietly(c);
        c.state = Connection.State.RECONNECT_WAIT;
        c.wakeAt = now + RECONNECT_PAUSE;
        waiting.add(c);
    }

    private static void closeQuietly(Connection c) {
        if (c.key != null) {
            c.key.cancel();
            c.key = null;
        }
        if (c.channel != null) {
            try {
                c.channel.close();
            } catch (IOException e) {
                // nothing left to do with a connection we are dropping anyway
            }
            c.channel = null;
        }
    }

    static ErrorKind kindOf(IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (e instanceof ConnectException && message.contains("refused")) {
            return ErrorKind.REFUSED;
        }
        if (message.contains("reset") || message.contains("broken pipe")) {
            return ErrorKind.RESET;
        }
        if (message.contains("timed out")) {
            return ErrorKind.TIMEOUT;
        }
        return ErrorKind.OTHER;
    }

    private static String reasonOf(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
