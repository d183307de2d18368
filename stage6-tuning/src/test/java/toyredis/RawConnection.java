package toyredis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A socket that sends raw bytes and collects raw reply bytes: no RESP client in the way. */
final class RawConnection implements AutoCloseable {

    /** What came back: the bytes, and whether the server closed the connection. */
    record Received(byte[] bytes, boolean closed) {

        String describe() {
            return escape(bytes) + (closed ? "  [then closed]" : "  [still open]");
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawConnection(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(5_000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Sends the bytes, in writes of at most {@code fragment} bytes (0: all at once). */
    void send(byte[] bytes, int fragment) throws IOException {
        if (fragment <= 0) {
            out.write(bytes);
        } else {
            for (int i = 0; i < bytes.length; i += fragment) {
                out.write(bytes, i, Math.min(fragment, bytes.length - i));
                out.flush();
            }
        }
        out.flush();
    }

    /** Reads until the collected bytes end with {@code marker}, or the server hangs up. */
    Received readUntil(byte[] marker) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (true) {
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                throw new IOException("no complete reply within 5 s; got so far: " + escape(got.toByteArray()), e);
            } catch (IOException reset) {
                return new Received(got.toByteArray(), true);
            }
            if (n < 0) {
                return new Received(got.toByteArray(), true);
            }
            got.write(chunk, 0, n);
            byte[] all = got.toByteArray();
            if (endsWith(all, marker)) {
                return new Received(Arrays.copyOf(all, all.length - marker.length), false);
            }
        }
    }

    /** Reads until the server hangs up. */
    Received readToEnd() throws IOException {
        return readUntil(new byte[0]); // an empty marker never matches
    }

    private static boolean endsWith(byte[] all, byte[] suffix) {
        return suffix.length > 0 && all.length >= suffix.length
                && Arrays.equals(all, all.length - suffix.length, all.length, suffix, 0, suffix.length);
    }

    /** Bytes as readable text: {@code \r}, {@code \n}, {@code \xHH} for the rest of the unprintables. */
    static String escape(byte[] bytes) {
        StringBuilder text = new StringBuilder("\"");
        for (byte b : bytes) {
            int c = b & 0xff;
            switch (c) {
                case '\r' -> text.append("\\r");
                case '\n' -> text.append("\\n");
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                default -> text.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
            }
        }
        return text.append('"').toString();
    }

    static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
