package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import toyredis.Store.SetCondition;

/** The single writer: counts what it served, and leaves no thread behind when closed. */
class ChannelStoreTest {

    private static final byte[] ONE = {'1'};

    @Test
    void closeStopsTheWriterThread() {
        ChannelStore store = (ChannelStore) StoreKind.CHANNEL.create(Journal.NONE);
        store.set("a", ONE, SetCondition.ALWAYS);
        assertThat(store.writerAlive()).isTrue();
        store.close();
        assertThat(store.writerAlive()).isFalse();
        assertThatThrownBy(() -> store.get("a")).isInstanceOf(IllegalStateException.class);
        store.close(); // a second close is harmless
    }

    @Test
    void statsCountTheRequestsServed() {
        try (ChannelStore store = (ChannelStore) StoreKind.CHANNEL.create(Journal.NONE)) {
            store.set("a", ONE, SetCondition.ALWAYS);
            store.incrBy("a", 1);
            assertThat(store.get("a")).isEqualTo(new byte[] {'2'});
            assertThat(store.stats()).isEqualTo(Map.of("queue_depth", 0L, "served", 3L));
        }
    }

    @Test
    void closingTheServerLeavesNoWriterThreadBehind() throws Exception {
        Server server = new Server(ServerConfig.forTests().store(StoreKind.CHANNEL).build()).start();
        try (Jedis client = new Jedis("127.0.0.1", server.port())) {
            assertThat(client.set("a", "1")).isEqualTo("OK");
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
