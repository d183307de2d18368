package toyredis.loadtest.random;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Plays one sequence to one server on a fresh connection: FLUSHALL first (so DBSIZE and every
 * key start the same on both servers), then the requests in the given writes, then an ECHO whose
 * reply marks the end. A sequence that ends the connection (QUIT, a protocol error) gets no
 * marker: its outcome ends where the server hangs up.
 */
final class Exchange {

    private static final byte[] FLUSHALL = Request.ascii("*1\r\n$8\r\nFLUSHALL\r\n");
    private static final byte[] OK = Request.ascii("+OK\r\n");
    private static final byte[] MARKER = Request.ascii("*2\r\n$4\r\nECHO\r\n$20\r\n--end-of-sequence--.\r\n");
    private static final byte[] MARKER_REPLY = Request.ascii("$20\r\n--end-of-sequence--.\r\n");

    private final InetSocketAddress address;
    private final int timeoutMillis;

    Exchange(String host, int port, Duration timeout) {
        this.address = new InetSocketAddress(host, port);
        this.timeoutMillis = (int) timeout.toMillis();
    }

    String label() {
        return address.getHostString() + ":" + address.getPort();
    }

    int port() {
        return address.getPort();
    }

    /** Null if something accepts connections at the address, else one line saying so and {@code advice}. */
    String unreachable(String advice) {
        try (Socket socket = new Socket()) {
            socket.connect(address, timeoutMillis);
            return null;
        } catch (IOException e) {
            return "nothing answers at " + label() + " (" + e.getMessage() + "): " + advice;
        }
    }

    /** Sends {@code writes} (the sequence's bytes, whole or cut) and collects what comes back. */
    Outcome play(List<byte[]> writes, boolean closes) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            out.write(FLUSHALL);
            byte[] ok = in.readNBytes(OK.length);
            if (!Arrays.equals(ok, OK)) {
                throw new IOException(label() + " did not answer FLUSHALL with +OK");
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                for (byte[] write : writes) {
                    out.write(write); // one write each: with TCP_NODELAY, one segment each on loopback
                }
                if (!closes) {
                    out.write(MARKER);
                }
            } catch (IOException hungUp) {
                // the server closed the connection part way (QUIT, a protocol error): read what it sent
            }
            return readUntilMarkerOrEnd(in, received);
        }
    }

    private Outcome readUntilMarkerOrEnd(InputStream in, ByteArrayOutputStream received) throws IOException {
        byte[] buffer = new byte[8192];
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                return Outcome.parse(received.toByteArray(), "sent nothing more within " + timeoutMillis + " ms");
            } catch (IOException e) {
                return Outcome.parse(received.toByteArray(), Outcome.CLOSED); // a reset closes it too
            }
            if (n < 0) {
                return Outcome.parse(received.toByteArray(), Outcome.CLOSED);
            }
            received.write(buffer, 0, n);
            byte[] all = received.toByteArray();
            if (endsWith(all, MARKER_REPLY)) {
                return Outcome.parse(Arrays.copyOf(all, all.length - MARKER_REPLY.length), Outcome.OPEN);
            }
        }
    }

    private static boolean endsWith(byte[] all, byte[] tail) {
        return all.length >= tail.length
                && Arrays.equals(all, all.length - tail.length, all.length, tail, 0, tail.length);
    }
}
