package toyredis.loadtest.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import toyredis.loadtest.protocol.Codec;
import toyredis.loadtest.protocol.Escapes;
import toyredis.loadtest.protocol.Op;
import toyredis.loadtest.protocol.ProtocolException;
import toyredis.loadtest.protocol.Reply;

/**
 * One plain blocking connection, pipelined in chunks, for what happens before and after a run:
 * writing every key once before a GET or mixed run (so that every GET has a value to check), and
 * reading every INCR counter before and after an incr run (so that lost updates show).
 */
final class Preloader {

    private static final int CHUNK = 256;

    /** What to do with the reply to the request for one key. */
    private interface ReplyHandler {
        void accept(int key, Reply reply, ByteBuffer replies) throws LoadException;
    }

    private Preloader() {
    }

    static void preload(LoadSpec spec, Codec codec) throws LoadException {
        roundTrips(spec, codec, Op.SET, "preloading the keys for " + spec.workload().lowerCase(), (key, reply, replies) -> {
            if (codec.check(Op.SET, key, reply, replies) != null) {
                throw new LoadException("preloading the keys for " + spec.workload().lowerCase()
                        + ": SET was answered \"" + Escapes.escape(bytesOf(reply, replies)) + "\" instead of OK."
                        + " Does this server support SET? (stage 2 serves only --workload ping)");
            }
        });
    }

    /** The value of every counter the incr workload uses (0 where missing). */
    static long[] readCounters(LoadSpec spec, Codec codec) throws LoadException {
        long[] values = new long[spec.keys()];
        roundTrips(spec, codec, Op.READ_COUNTER, "reading the counters", (key, reply, replies) -> {
            values[key] = Codec.counterValue(replies, reply);
            if (values[key] < 0) {
                throw new LoadException("reading the counters: GET was answered \""
                        + Escapes.escape(bytesOf(reply, replies)) + "\" instead of a number."
                        + " Does this server support GET and INCR? (stage 2 serves only --workload ping)");
            }
        });
        return values;
    }

    private static void roundTrips(LoadSpec spec, Codec codec, Op op, String what, ReplyHandler handler)
            throws LoadException {
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
                    codec.writeRequest(request, op, key);
                }
                out.write(request.array(), 0, request.position());
                out.flush();
                for (int key = first; key < last; key++) {
                    readReply(in, replies, codec, reply);
                    handler.accept(key, reply, replies);
                }
            }
        } catch (IOException e) {
            throw new LoadException(what + " from " + spec.host() + ":" + spec.port() + " failed: " + e.getMessage());
        } catch (ProtocolException e) {
            throw new LoadException(what + ": the server's reply does not parse as "
                    + spec.protocol().lowerCase() + ": " + e.getMessage() + " (wrong --protocol?)");
        }
    }

    private static byte[] bytesOf(Reply reply, ByteBuffer replies) {
        byte[] got = new byte[reply.end - reply.start];
        replies.get(reply.start, got);
        return got;
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
