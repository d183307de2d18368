package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static toyredis.DifferentialCorpus.cat;
import static toyredis.DifferentialCorpus.resp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Lazy expiry against a clock the test moves by hand (no sleeps): keys die exactly at their
 * deadline, and every strategy judges a dead key in the same atomic step as its write.
 */
class ExpiryTest {

    /** Unix milliseconds that only move when the test says so; it can hold one thread on its next read. */
    static final class TestClock implements LongSupplier {
        private final AtomicLong now = new AtomicLong(1_000_000);
        private volatile Thread holdThread;
        private CountDownLatch held;
        private CountDownLatch release;

        void advance(long millis) {
            now.addAndGet(millis);
        }

        /** The next time {@code thread} reads the clock, it counts down {@code held} and waits for {@code release}. */
        void holdNextRead(Thread thread, CountDownLatch held, CountDownLatch release) {
            this.held = held;
            this.release = release;
            this.holdThread = thread;
        }

        @Override
        public long getAsLong() {
            if (Thread.currentThread() == holdThread) {
                holdThread = null;
                held.countDown();
                try {
                    assertThat(release.await(10, TimeUnit.SECONDS)).as("released").isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return now.get();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The race of lazy expiry: a GET finds k dead and, before it removes k, a SET writes a fresh
     * value. A check-then-act GET ("it was dead, so delete k") deletes the fresh value; the right
     * one removes k only if it is still dead, inside the store's atomic step. The latch holds the
     * reader exactly between its look and its removal, every run.
     */
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aReadThatFindsAKeyDeadNeverDeletesTheValueWrittenMeanwhile(StoreKind kind) throws Exception {
        TestClock clock = new TestClock();
        try (Store store = kind.create(Journal.NONE, clock)) {
            store.update("k", entry -> new Store.Entry(bytes("old"), clock.getAsLong() + 100));
            clock.advance(101); // k is dead now, but still stored
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<byte[]> readerSaw = new AtomicReference<>(bytes("unset"));
            Thread reader = new Thread(() -> readerSaw.set(store.get("k")));
            clock.holdNextRead(reader, held, release);
            reader.start();
            assertThat(held.await(10, TimeUnit.SECONDS)).as("reader looked at the dead key").isTrue();
            store.set("k", bytes("fresh"), Store.SetCondition.ALWAYS);
            release.countDown();
            reader.join(10_000);
            assertThat(reader.isAlive()).isFalse();

            assertThat(store.get("k")).as("the fresh value survives").isEqualTo(bytes("fresh"));
            assertThat(readerSaw.get()).satisfiesAnyOf(
                    seen -> assertThat(seen).isNull(), seen -> assertThat(seen).isEqualTo(bytes("fresh")));
            assertThat(store.expiry().expiredKeys().sum()).as("the dead value expired once").isEqualTo(1);
            assertThat(store.size()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aKeyLivesThroughItsDeadlinesMillisecondDiesAfterAndStaysCountedUntilTouched(StoreKind kind) {
        TestClock clock = new TestClock();
        try (Store store = kind.create(Journal.NONE, clock)) {
            store.update("k", entry -> new Store.Entry(bytes("v"), clock.getAsLong() + 100));
            clock.advance(100);
            assertThat(store.get("k")).as("alive at its deadline: keyIsExpired tests now > when").isEqualTo(bytes("v"));
            clock.advance(1);
            assertThat(store.size()).as("dead but not removed yet: DBSIZE counts it").isEqualTo(1);
            assertThat(store.withDeadline()).isEqualTo(1);
            assertThat(store.get("k")).isNull();
            assertThat(store.size()).isZero();
            assertThat(store.expiry().expiredKeys().sum()).isEqualTo(1);
            assertThat(store.delete("k")).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void incrKeepsTheDeadlineAndADeadCounterStartsAgain(StoreKind kind) {
        TestClock clock = new TestClock();
        try (Store store = kind.create(Journal.NONE, clock)) {
            long deadline = clock.getAsLong() + 100;
            store.update("n", entry -> new Store.Entry(bytes("41"), deadline));
            assertThat(store.incrBy("n", 1)).isEqualTo(42);
            assertThat(store.read("n").deadline()).isEqualTo(deadline);
            clock.advance(101);
            assertThat(store.incrBy("n", 1)).isEqualTo(1);
            assertThat(store.read("n").deadline()).isEqualTo(Store.Entry.NO_DEADLINE);
        }
    }

    /** Sends the requests and an ECHO, and returns every reply before the ECHO's. */
    private static String call(Server server, byte[] requests) throws IOException {
        try (RawConnection connection = new RawConnection("127.0.0.1", server.port())) {
            connection.send(cat(requests, resp("ECHO", "end")), 0);
            byte[] got = connection.readUntil("$3\r\nend\r\n".getBytes(StandardCharsets.ISO_8859_1)).bytes();
            return new String(got, StandardCharsets.ISO_8859_1);
        }
    }

    /** CodeCrafters' test, on the server with the clock moved by hand: PX 100, then GET after the deadline. */
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void theServerExpiresOnItsClock(StoreKind kind) throws IOException {
        TestClock clock = new TestClock();
        try (Server server = new Server(ServerConfig.forTests().store(kind).clock(clock).build()).start()) {
            assertThat(call(server, cat(resp("SET", "k", "v", "PX", "100"), resp("SET", "s", "v", "EX", "10"),
                    resp("PTTL", "k"), resp("TTL", "s"))))
                    .isEqualTo("+OK\r\n+OK\r\n:100\r\n:10\r\n");
            clock.advance(100);
            assertThat(call(server, cat(resp("GET", "k"), resp("PTTL", "k"), resp("TTL", "s"))))
                    .isEqualTo("$1\r\nv\r\n:0\r\n:10\r\n"); // alive at its deadline; 9900 ms rounds to 10 s, as in Redis
            clock.advance(1);
            assertThat(call(server, cat(resp("DBSIZE"), resp("INFO", "keyspace"))))
                    .startsWith(":2\r\n").contains("db0:keys=2,expires=2,avg_ttl=0\r\n");
            assertThat(call(server, cat(resp("GET", "k"), resp("PTTL", "k"), resp("DBSIZE"), resp("INFO", "stats"))))
                    .startsWith("$-1\r\n:-2\r\n:1\r\n").contains("\r\nexpired_keys:1\r\n");
            assertThat(call(server, cat(resp("GETEX", "s", "PX", "50"), resp("PEXPIRETIME", "s"))))
                    .isEqualTo("$1\r\nv\r\n:" + (clock.getAsLong() + 50) + "\r\n");
            clock.advance(51);
            assertThat(call(server, cat(resp("EXISTS", "s"), resp("INFO", "keyspace"))))
                    .startsWith(":0\r\n").doesNotContain("db0:");
            // SET PXAT now keeps the key for this millisecond; an EXPIRE to now deletes it (checkAlreadyExpired: when <= now).
            String now = String.valueOf(clock.getAsLong());
            assertThat(call(server, cat(resp("SET", "j", "v", "PXAT", now), resp("GET", "j"), resp("PEXPIREAT", "j", now), resp("EXISTS", "j"))))
                    .isEqualTo("+OK\r\n$1\r\nv\r\n:1\r\n:0\r\n");
        }
    }
}
