package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/** Clients racing SETs on one key: the file must record them in the order the store applied them. */
class RacingSetsTest {

    private static final int CLIENTS = 8;
    private static final int ROUNDS = 300;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void afterARestartEachRacedKeyHoldsTheValueTheLiveServerHad(StoreKind kind) throws Exception {
        ServerConfig config = ServerConfig.forTests().store(kind).aof(AofConfig.in(dir).build()).build();
        Map<String, String> live = new TreeMap<>();
        try (Server server = new Server(config).start()) {
            CyclicBarrier everyRound = new CyclicBarrier(CLIENTS);
            List<Thread> clients = new ArrayList<>();
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < CLIENTS; t++) {
                int client = t;
                clients.add(Thread.ofPlatform().start(() -> {
                    try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
                        for (int round = 0; round < ROUNDS; round++) {
                            everyRound.await(); // all eight SETs of a round leave together
                            jedis.set("race:" + round, "client " + client);
                        }
                    } catch (Exception e) {
                        failures.add(e);
                    }
                }));
            }
            for (Thread client : clients) {
                client.join(60_000);
            }
            assertThat(failures).isEmpty();
            try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
                for (int round = 0; round < ROUNDS; round++) {
                    live.put("race:" + round, jedis.get("race:" + round));
                }
            }
        }
        try (Server server = new Server(config).start(); Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            Map<String, String> replayed = new TreeMap<>();
            live.keySet().forEach(key -> replayed.put(key, jedis.get(key)));
            assertThat(replayed).isEqualTo(live);
        }
    }

    /**
     * Each strategy must log a change inside the step that applied it. Hold the first SET inside
     * its log entry while a second SET on the same key runs: the second must wait for the first
     * (on the lock or the bin) and not log first. A store that
     * logs after its atomic step lets the second one through, and the file replays the wrong
     * value. The wait below ends when the second SET either finished (broken) or blocked (right).
     */
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aSecondSetCannotBeLoggedBeforeTheFirstOneWasApplied(StoreKind kind) throws Exception {
        List<String> logged = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstIsLogging = new CountDownLatch(1);
        Thread[] second = new Thread[1];
        Journal slowFirstEntry = command -> {
            String value = new String(command[2], StandardCharsets.ISO_8859_1);
            if (value.equals("first")) {
                firstIsLogging.countDown();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> second[0] != null
                        && List.of(Thread.State.TERMINATED, Thread.State.WAITING, Thread.State.BLOCKED).contains(second[0].getState()));
            }
            logged.add(value);
        };
        Store store = kind.create(slowFirstEntry, System::currentTimeMillis);
        Thread first = Thread.ofPlatform().start(() -> store.set(bytes("k"), bytes("first"), Store.SetCondition.ALWAYS));
        firstIsLogging.await();
        second[0] = Thread.ofPlatform().start(() -> store.set(bytes("k"), bytes("second"), Store.SetCondition.ALWAYS));
        first.join(10_000);
        second[0].join(10_000);
        assertThat(new String(store.get(bytes("k")), StandardCharsets.ISO_8859_1)).isEqualTo("second");
        assertThat(logged).containsExactly("first", "second");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
