package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 connections opened at once, a PING on each: every one must get its PONG. The server is a
 * child JVM (each side then needs its own 10,000 file descriptors); the client opens every
 * connection before it reads any reply, so the server sees a real burst.
 */
class ManyConnectionsTest {

    private static final int CONNECTIONS = 10_000;

    @TempDir
    Path dir;

    @Test
    void tenThousandConnectionsOpenedAtOnceAllGetPong() throws Exception {
        long limit = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : 0;
        if (limit < CONNECTIONS + 500) {
            String reason = "needs " + (CONNECTIONS + 500) + " file descriptors, this JVM may open " + limit
                    + " (raise ulimit -n)";
            assertThat(System.getenv("CI")).as("in CI nothing is skipped: " + reason).isNull();
            System.out.println("ManyConnectionsTest skipped: " + reason);
            Assumptions.abort(reason);
        }
        try (ChildServer server = ChildServer.start(dir); Selector selector = Selector.open()) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
            for (int i = 0; i < CONNECTIONS; i++) {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.connect(address);
                channel.register(selector, SelectionKey.OP_CONNECT, ByteBuffer.allocate(16));
            }
            int answered = 0;
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (answered < CONNECTIONS && System.nanoTime() < deadline) {
                selector.select(1_000);
                for (SelectionKey key : selector.selectedKeys()) {
                    answered += step(key) ? 1 : 0;
                }
                selector.selectedKeys().clear();
            }
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            assertThat(answered).as("connections answered with +PONG").isEqualTo(CONNECTIONS);
        }
    }

    /** Advances one connection: connected → PING sent → reading; true once it has read +PONG. */
    private static boolean step(SelectionKey key) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        ByteBuffer reply = (ByteBuffer) key.attachment();
        if (key.isConnectable()) {
            channel.finishConnect();
            channel.write(ByteBuffer.wrap("PING\r\n".getBytes(StandardCharsets.US_ASCII)));
            key.interestOps(SelectionKey.OP_READ);
            return false;
        }
        if (key.isReadable() && channel.read(reply) >= 0 && reply.position() < 7) {
            return false;
        }
        boolean pong = new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII).equals("+PONG\r\n");
        channel.close();
        return pong;
    }
}
