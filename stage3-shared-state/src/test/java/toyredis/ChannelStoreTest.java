package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The single writer: counts what it served, and leaves no thread behind when closed. A request
 * waits for the writer without a limit, so the tests of lab 3.2 carry a timeout of their own: a
 * writer that never answers fails them instead of hanging the build.
 */
class ChannelStoreTest {

    @Test
    void closeStopsTheWriterThread() {
        ChannelStore store = new ChannelStore();
        store.set("a", "1");
        assertThat(store.writerAlive()).isTrue();
        store.close();
        assertThat(store.writerAlive()).isFalse();
        assertThatThrownBy(() -> store.get("a")).isInstanceOf(IllegalStateException.class);
        store.close(); // a second close is harmless
    }

    @Test
    @Tag("lab3.2")
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void statsCountTheRequestsServed() {
        try (ChannelStore store = new ChannelStore()) {
            store.set("a", "1");
            store.incr("a");
            assertThat(store.get("a")).isEqualTo("2");
            assertThat(store.stats()).isEqualTo(Map.of("queue_depth", 0L, "served", 3L));
        }
    }

    @Test
    @Tag("lab3.2")
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void eightThreadsIncrOneKeyAndNoIncrementIsLost() throws Exception {
        try (ChannelStore store = new ChannelStore()) {
            StoreTest.assertEightThreadsTimesTenThousandIncrsCount80000(store);
        }
    }

    @Test
    void closingTheServerLeavesNoWriterThreadBehind() throws Exception {
        Server server = new Server(ServerConfig.forTests(StoreKind.CHANNEL)).start();
        try (LineClient client = new LineClient(server.port())) {
            assertThat(client.call("SET a 1")).isEqualTo("OK");
            assertThat(writerThreads()).isEqualTo(1);
        } finally {
            server.close();
        }
        assertThat(writerThreads()).isZero();
    }

    private static long writerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("channel-store-writer"))
                .count();
    }
}
