package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.EnumSource.Mode;

/** Through the network: what one client writes, every client reads, in every strategy. */
class SharedStateTest {

    private Server server;

    private int start(StoreKind kind) throws IOException {
        server = new Server(ServerConfig.forTests(kind)).start();
        return server.port();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /**
     * Once A has read OK, B's GET sees the value. (For {@code unsafe} the Java memory model does
     * not promise this; it holds here because each request crosses a socket, a system call.)
     */
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aWriteAcknowledgedToOneClientIsSeenByAnother(StoreKind kind) throws IOException {
        int port = start(kind);
        try (LineClient a = new LineClient(port); LineClient b = new LineClient(port)) {
            assertThat(b.call("GET colour")).isEqualTo("(nil)");
            for (int i = 0; i < 100; i++) {
                assertThat(a.call("SET colour shade " + i)).isEqualTo("OK");
                assertThat(b.call("GET colour")).isEqualTo("shade " + i);
            }
            assertThat(b.call("INCR hits")).isEqualTo("1");
            assertThat(a.call("INCR hits")).isEqualTo("2");
        }
    }

    @ParameterizedTest
    @EnumSource(value = StoreKind.class, names = "UNSAFE", mode = Mode.EXCLUDE)
    void eightClientsTimesTenThousandIncrsCountExactly80000(StoreKind kind) throws Exception {
        int port = start(kind);
        int batch = 1_000; // send 1,000 INCRs, then read their 1,000 replies: fewer round trips
        AtomicInteger errors = new AtomicInteger();
        StoreTest.runConcurrently(StoreTest.THREADS, () -> {
            try (LineClient client = new LineClient(port)) {
                for (int sent = 0; sent < StoreTest.INCRS_PER_THREAD; sent += batch) {
                    client.sendRaw("INCR counter\n".repeat(batch));
                    for (int i = 0; i < batch; i++) {
                        if (!client.readLine().matches("[1-9][0-9]*")) {
                            errors.incrementAndGet();
                        }
                    }
                }
            }
            return null;
        });
        assertThat(errors).hasValue(0);
        try (LineClient client = new LineClient(port)) {
            assertThat(client.call("GET counter")).isEqualTo("80000");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void statsIsOneLineWithTheStrategyTheKeysAndItsCounters(StoreKind kind) throws IOException {
        int port = start(kind);
        try (LineClient c = new LineClient(port)) {
            c.call("SET a 1");
            c.call("INCR b");
            String expected = switch (kind) {
                case CHANNEL -> "store=channel keys=2 queue_depth=0 served=3"; // 2 writes + the key count
                case ATOM -> "store=atom keys=2 cas_retries=0"; // one client: nobody to race with
                case CONCURRENT -> "store=concurrent keys=2";
                case LOCKED -> "store=locked keys=2 write_waits=0";
                case UNSAFE -> "store=unsafe keys=2";
            };
            assertThat(c.call("STATS")).isEqualTo(expected);
        }
    }
}
