package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/** Through the network with a real client: what one client writes, every client reads, in every strategy. */
class SharedStateTest {

    private Server server;

    private int start(StoreKind kind) throws IOException {
        server = new Server(ServerConfig.forTests().store(kind).build()).start();
        return server.port();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aWriteAcknowledgedToOneClientIsSeenByAnother(StoreKind kind) throws IOException {
        int port = start(kind);
        try (Jedis a = new Jedis("127.0.0.1", port); Jedis b = new Jedis("127.0.0.1", port)) {
            assertThat(b.get("colour")).isNull();
            for (int i = 0; i < 100; i++) {
                assertThat(a.set("colour", "shade " + i)).isEqualTo("OK");
                assertThat(b.get("colour")).isEqualTo("shade " + i);
            }
            assertThat(b.incr("hits")).isEqualTo(1);
            assertThat(a.incr("hits")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void eightClientsTimesTenThousandPipelinedIncrsCountExactly80000(StoreKind kind) throws Exception {
        int port = start(kind);
        StoreTest.runConcurrently(StoreTest.THREADS, () -> {
            try (Jedis client = new Jedis("127.0.0.1", port)) {
                Pipeline pipeline = client.pipelined();
                List<Response<Long>> replies = new java.util.ArrayList<>();
                for (int i = 0; i < StoreTest.INCRS_PER_THREAD; i++) {
                    replies.add(pipeline.incr("counter"));
                }
                pipeline.sync();
                assertThat(replies).allSatisfy(reply -> assertThat(reply.get()).isPositive());
            }
            return null;
        });
        try (Jedis client = new Jedis("127.0.0.1", port)) {
            assertThat(client.get("counter")).isEqualTo("80000");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void infoShowsTheStrategyAndItsCounters(StoreKind kind) throws IOException {
        int port = start(kind);
        try (Jedis c = new Jedis("127.0.0.1", port)) {
            c.set("a", "1");
            c.incr("b");
            assertThat(c.info("server")).contains("toyredis_store:" + kind + "\r\n");
            String stats = c.info("stats");
            switch (kind) {
                case CHANNEL -> assertThat(stats).contains("store_queue_depth:0\r\n", "store_served:");
                case ATOM -> assertThat(stats).contains("store_cas_retries:0\r\n"); // one client: no race
                case LOCKED -> assertThat(stats).contains("store_write_waits:0\r\n");
                case CONCURRENT -> assertThat(stats).doesNotContain("store_");
            }
            assertThat(c.info("keyspace")).isEqualTo("# Keyspace\r\ndb0:keys=2,expires=0,avg_ttl=0\r\n");
        }
    }
}
