package toyredis.loadtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * Writes every key once before a GET or mixed run, so that every GET has a value to check.
 * One plain blocking connection, pipelined in chunks: fast enough for 10^5 keys.
 */
final class Preloader {

    private static final int CHUNK = 256;

    private Preloader() {
    }

    static void preload(LoadSpec spec, Codec codec) throws LoadException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(spec.host(), spec.port()), (int) spec.timeout().toMillis());
            socket.setSoTimeout((int) spec.timeout().toMillis());
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            ByteBuffer request = ByteBuffer.allocate(CHUNK * codec.maxRequestBytes());
            ByteBuffer replies = ByteBuffer.allocate(Math.max(64 * 1024, 2 * codec.maxRequestBytes()));
            replies.limit(0); // empty, in read mode
            Reply reply = new Reply();
            for (int first = 0; first < spec.keys(); first += CHUNK) {
                int last = Math.min(spec.keys(), first + CHUNK);
                request.clear();
                for (int key = first; key < last; key++) {
                    codec.writeRequest(request, Op.SET, key);
                }
                out.write(request.array(), 0, request.position());
                out.flush();
                for (int key = first; key < last; key++) {
                    readReply(in, replies, codec, reply);
                    if (codec.check(Op.SET, key, reply, replies) != null) {
                        byte[] got = new byte[reply.end - reply.start];
                        replies.get(reply.start, got);
                        throw new LoadException("preloading the keys for " + spec.workload().lowerCase()
                                + ": SET was answered \"" + Escapes.escape(got) + "\" instead of OK."
                                + " Does this server support SET? (stage 2 serves only --workload ping)");
                    }
                }
            }
        } catch (IOException e) {
            throw new LoadException("preloading the keys for " + spec.workload().lowerCase() + " from "
                    + spec.host() + ":" + spec.port() + " failed: " + e.getMessage());
        } catch (ProtocolException e) {
            throw new LoadException("preloading: the server's reply does not parse as "
                    + spec.protocol().lowerCase() + ": " + e.getMessage() + " (wrong --protocol?)");
        }
    }

    /** Reads one whole reply into {@code buffer} (in read mode afterwards, position past the reply). */
    private static void readReply(InputStream in, ByteBuffer buffer, Codec codec, Reply reply)
            throws IOException, ProtocolException {
        while (!codec.readReply(buffer, reply)) {
            buffer.compact();
            if (!buffer.hasRemaining()) {
                throw new ProtocolException("a reply larger than " + buffer.capacity() + " bytes");
            }
            int n = in.read(buffer.array(), buffer.position(), buffer.remaining());
            if (n < 0) {
                throw new IOException("the server closed the connection");
            }
            buffer.position(buffer.position() + n);
            buffer.flip();
        }
    }
}
