package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The event loop's one promise about the journal, shown without timing: no reply of a turn leaves
 * before the turn's records are written. A journal whose write is held on a latch stands in for
 * the file; while it is held, the client must have nothing to read. A loop that sent the replies
 * first and then waited for the journal would have sent the {@code +OK} before the wait began, so
 * the client finds it at once (the short read timeout only bounds the check that nothing came).
 */
class ReplyAfterWriteTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void noReplyLeavesBeforeTheTurnsRecordsAreWritten() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Journal heldJournal = new Journal() {
            @Override
            public void append(byte[]... command) {
            }

            @Override
            public void awaitWritten() {
                writing.countDown();
                try {
                    release.await(BOUND.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Store store = StoreKind.COMPACT.create(heldJournal, System::currentTimeMillis);
        EventLoop loop = new EventLoop(new CommandTable(store), heldJournal, RespReader.DEFAULT_MAX_BULK_LENGTH, channel -> { }, null);
        Thread loopThread = Thread.ofPlatform().name("event-loop-under-test").start(loop);
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.socket().getLocalPort())) {
                loop.adopt(listener.accept());
                client.getOutputStream().write("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n".getBytes(StandardCharsets.US_ASCII));

                assertThat(writing.await(BOUND.toSeconds(), TimeUnit.SECONDS)).as("the loop waits for the journal").isTrue();
                InputStream in = client.getInputStream();
                client.setSoTimeout(300);
                assertThatThrownBy(in::read).as("a reply arrived while the journal's write was held")
                        .isInstanceOf(SocketTimeoutException.class);

                release.countDown();
                client.setSoTimeout((int) BOUND.toMillis());
                assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).as("the reply, once written").isEqualTo("+OK\r\n");
            }
        } finally {
            release.countDown();
            loop.stop();
            loopThread.join(BOUND.toMillis());
        }
    }
}
