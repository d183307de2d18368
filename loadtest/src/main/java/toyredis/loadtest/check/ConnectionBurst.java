package toyredis.loadtest.check;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stage 6's crowd: many clients connect at the same moment, each sends PING, and every one must
 * get {@code +PONG} before the deadline, while all of them stay connected. A listen backlog too
 * small for the burst, a thread per connection that runs out, or a client limit too low shows
 * up here as connections reset or answered late.
 */
final class ConnectionBurst {

    private static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);

    private ConnectionBurst() {
    }

    /** Null when all {@code connections} were answered within {@code timeout}, else what went wrong. */
    static String run(InetSocketAddress address, int connections, Duration timeout, PrintWriter out) throws InterruptedException {
        Checker.show(out, "expected", connections + " connections opened at once, each answered +PONG within " + timeout.toMillis() + " ms");
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(connections);
        AtomicInteger answered = new AtomicInteger();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Socket> open = new ConcurrentLinkedQueue<>(); // kept open until the end: all at once
        long[] start = new long[1];
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            clients.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    long left = timeout.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start[0]);
                    Socket socket = new Socket();
                    open.add(socket);
                    socket.connect(address, (int) Math.max(1, left));
                    socket.setSoTimeout((int) Math.max(1, left));
                    socket.getOutputStream().write(PING);
                    byte[] reply = socket.getInputStream().readNBytes(PONG.length);
                    if (Arrays.equals(reply, PONG)) {
                        answered.incrementAndGet();
                    } else {
                        problems.add("a connection got \"" + toyredis.loadtest.protocol.Escapes.escape(reply) + "\"");
                    }
                } catch (IOException e) {
                    problems.add(e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }));
        }
        start[0] = System.nanoTime();
        go.countDown();
        boolean finished = done.await(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start[0]);
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing: nothing to report
            }
        }
        clients.forEach(Thread::interrupt);
        Checker.show(out, "received", answered.get() + " of " + connections + " answered, the last after " + millis + " ms");
        if (finished && answered.get() == connections) {
            return null;
        }
        return (connections - answered.get()) + " of " + connections + " connections were not answered"
                + (problems.isEmpty() ? " in time" : "; first problem: " + problems.peek());
    }
}
