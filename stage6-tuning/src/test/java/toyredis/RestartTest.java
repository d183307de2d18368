package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/** A restart, clean or by SIGKILL, brings back exactly the state the server had, with every store. */
class RestartTest {

    private static final int KEYS = 300;
    private static final int COUNTERS = 20;

    @TempDir
    Path dir;

    /** SETs (some NX or XX, some 400 KB values), DELs of several keys, the INCR family, one FLUSHALL. */
    static void mixedWorkload(Jedis jedis, long seed) {
        Random random = new Random(seed);
        for (int op = 0; op < 3_000; op++) {
            String key = "k" + random.nextInt(KEYS);
            String counter = "n" + random.nextInt(COUNTERS);
            switch (random.nextInt(10)) {
                case 0 -> jedis.set(key.getBytes(StandardCharsets.ISO_8859_1), bigValue(random));
                case 1 -> jedis.set(key, "nx" + op, SetParams.setParams().nx());
                case 2 -> jedis.set(key, "xx" + op, SetParams.setParams().xx());
                case 3 -> jedis.del(key, "k" + random.nextInt(KEYS), "k" + random.nextInt(KEYS));
                case 4 -> jedis.incr(counter);
                case 5 -> jedis.incrBy(counter, random.nextInt(1000) - 500);
                case 6 -> jedis.decr(counter);
                default -> jedis.set(key, "v" + op + "\r\n binary \0 " + random.nextLong());
            }
            if (op == 1_000) {
                jedis.flushAll();
            }
        }
    }

    private static byte[] bigValue(Random random) {
        byte[] value = new byte[400 * 1024];
        random.nextBytes(value);
        return value;
    }

    /** Every key the workload can touch, with its value (null if missing). */
    static Map<String, List<Byte>> readAll(Jedis jedis) {
        Map<String, List<Byte>> state = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            names.add("k" + i);
        }
        for (int i = 0; i < COUNTERS; i++) {
            names.add("n" + i);
        }
        for (String name : names) {
            byte[] value = jedis.get(name.getBytes(StandardCharsets.ISO_8859_1));
            state.put(name, value == null ? null : asList(value));
        }
        return state;
    }

    private static List<Byte> asList(byte[] bytes) {
        Byte[] boxed = new Byte[bytes.length];
        Arrays.setAll(boxed, i -> bytes[i]);
        return List.of(boxed);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aCleanStopAndStartRestoresEveryKey(StoreKind kind) throws Exception {
        ServerConfig config = ServerConfig.forTests().store(kind).aof(AofConfig.in(dir).build()).build();
        Map<String, List<Byte>> before;
        try (Server server = new Server(config).start(); Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            mixedWorkload(jedis, kind.ordinal());
            before = readAll(jedis);
        }
        try (Server server = new Server(config).start(); Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            assertThat(server.loaded().warnings()).isEmpty();
            assertThat(readAll(jedis)).isEqualTo(before);
            assertThat(jedis.dbSize()).isEqualTo(before.values().stream().filter(v -> v != null).count());
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void killMinus9ThenStartRestoresEveryKey(StoreKind kind) throws Exception {
        Map<String, List<Byte>> before;
        try (ChildServer server = ChildServer.start(dir, "--store", kind.toString());
                Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            mixedWorkload(jedis, 100 + kind.ordinal());
            before = readAll(jedis);
            server.kill();
        }
        try (ChildServer server = ChildServer.start(dir, "--store", kind.toString());
                Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            assertThat(readAll(jedis)).isEqualTo(before);
            assertThat(server.output()).anyMatch(line -> line.matches("loaded \\d+ commands in \\d+ ms from .*appendonly.aof"));
        }
    }
}
