package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/** A real client library, Jedis, cannot tell stage 4 from Redis for the commands it has. */
class JedisTest {

    /** Stage 5 runs these stage 4 tests with its append-only file on: nothing it adds may change a reply. */
    @TempDir
    static Path dataDir;

    private static Server server;
    private Jedis jedis;

    @BeforeAll
    static void start() throws Exception {
        server = new Server(ServerConfig.forTests().aof(AofConfig.in(dataDir).build()).build()).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void connect() {
        jedis = new Jedis("127.0.0.1", server.port());
        jedis.flushAll();
    }

    @org.junit.jupiter.api.AfterEach
    void disconnect() {
        jedis.close();
    }

    @Test
    void stringApi() {
        assertThat(jedis.ping()).isEqualTo("PONG");
        assertThat(jedis.set("greeting", "héllo wörld")).isEqualTo("OK");
        assertThat(jedis.get("greeting")).isEqualTo("héllo wörld");
        assertThat(jedis.get("missing")).isNull();
        assertThat(jedis.exists("greeting", "missing", "greeting")).isEqualTo(2);
        assertThat(jedis.del("greeting", "missing")).isEqualTo(1);
        assertThat(jedis.dbSize()).isZero();
        assertThat(jedis.echo("echo")).isEqualTo("echo");
    }

    @Test
    void setOptions() {
        assertThat(jedis.set("k", "1", SetParams.setParams().nx())).isEqualTo("OK");
        assertThat(jedis.set("k", "2", SetParams.setParams().nx())).isNull();
        assertThat(jedis.set("k", "3", SetParams.setParams().xx())).isEqualTo("OK");
        assertThat(jedis.set("other", "x", SetParams.setParams().xx())).isNull();
        assertThat(jedis.setGet("k", "4")).isEqualTo("3");
        assertThat(jedis.get("k")).isEqualTo("4");
    }

    @Test
    void counters() {
        assertThat(jedis.incr("n")).isEqualTo(1);
        assertThat(jedis.incrBy("n", 41)).isEqualTo(42);
        assertThat(jedis.decr("n")).isEqualTo(41);
        assertThat(jedis.decrBy("n", 50)).isEqualTo(-9);
        jedis.set("text", "abc");
        assertThatThrownBy(() -> jedis.incr("text")).isInstanceOf(JedisDataException.class)
                .hasMessage("ERR value is not an integer or out of range");
        jedis.set("max", String.valueOf(Long.MAX_VALUE));
        assertThatThrownBy(() -> jedis.incr("max")).hasMessage("ERR increment or decrement would overflow");
    }

    @Test
    void binaryApiKeepsEveryByte() {
        byte[] key = {0, '\r', '\n', (byte) 0xff, ' '};
        byte[] value = new byte[256];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        assertThat(jedis.set(key, value)).isEqualTo("OK");
        assertThat(jedis.get(key)).isEqualTo(value);
        assertThat(jedis.exists(key)).isTrue();
        assertThat(jedis.del(key)).isEqualTo(1);
        assertThat(jedis.get(key)).isNull();
        assertThat(jedis.set(new byte[0], new byte[0])).isEqualTo("OK");
        assertThat(jedis.get(new byte[0])).isEmpty();
    }

    @Test
    void pipelinedThroughJedis() {
        Pipeline pipeline = jedis.pipelined();
        List<Response<Long>> increments = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            pipeline.set("key:" + i, "value:" + i);
            increments.add(pipeline.incr("counter"));
        }
        Response<String> last = pipeline.get("key:999");
        Response<Long> size = pipeline.dbSize();
        pipeline.sync();
        assertThat(increments.get(999).get()).isEqualTo(1000);
        assertThat(last.get()).isEqualTo("value:999");
        assertThat(size.get()).isEqualTo(1001);
    }

    @Test
    void connectionCommands() {
        assertThat(jedis.select(0)).isEqualTo("OK");
        assertThatThrownBy(() -> jedis.select(1)).hasMessage("ERR DB index is out of range");
        assertThat(jedis.info("keyspace")).isEqualTo("# Keyspace\r\n");
        assertThat(jedis.configGet("appendonly")).containsEntry("appendonly", "yes");
    }

    @Test
    void unknownCommandsAreErrorsNotHangs() {
        assertThatThrownBy(() -> jedis.sendCommand(() -> "NOPE".getBytes(StandardCharsets.US_ASCII), "x"))
                .isInstanceOf(JedisDataException.class)
                .hasMessage("ERR unknown command 'NOPE', with args beginning with: 'x' ");
        assertThat(jedis.ping()).isEqualTo("PONG"); // the connection is still fine
    }
}
