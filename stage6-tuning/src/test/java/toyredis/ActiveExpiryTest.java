package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static toyredis.ExpiryStoresTest.bytes;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;

/**
 * Active expiry, driven by hand: the cycle is called directly, with a clock for deadlines and a
 * clock for its time budget that only move when the test says so. No sleeps; every loop bounded.
 */
class ActiveExpiryTest {

    /** A store whose rounds of active expiry are scripted: each round answers the next sample and takes 1 ms. */
    static final class ScriptedStore implements Store {
        final ArrayDeque<Sample> rounds;
        final Sample afterScript;
        final AtomicLong nanos = new AtomicLong();
        int taken;

        ScriptedStore(List<Sample> rounds, Sample afterScript) {
            this.rounds = new ArrayDeque<>(rounds);
            this.afterScript = afterScript;
        }

        @Override
        public Sample expireSome(int count) {
            assertThat(count).isEqualTo(20);
            assertThat(++taken).as("rounds in one cycle (it never stops?)").isLessThan(10_000);
            nanos.addAndGet(1_000_000);
            return rounds.isEmpty() ? afterScript : rounds.poll();
        }

        // Not used by the cycle.
        @Override public Entry update(byte[] key, UnaryOperator<Entry> change) { throw new UnsupportedOperationException(); }
        @Override public Expiry expiry() { throw new UnsupportedOperationException(); }
        @Override public byte[] get(byte[] key) { throw new UnsupportedOperationException(); }
        @Override public int size() { return 0; }
        @Override public int withDeadline() { return 0; }
        @Override public void clear() { }
        @Override public void forEach(EntryVisitor visitor) { }
    }

    private static Store.Sample sample(int sampled, int expired) {
        return new Store.Sample(sampled, expired);
    }

    /** Redis's rule: another round while a round found MORE than 10% dead; exactly 10% (2 of 20) stops (red with >=). */
    @Test
    @Tag("lab6.3")
    void theCycleGoesOnWhileMoreThanATenthOfARoundWasDeadAndStopsAtATenth() {
        ScriptedStore store = new ScriptedStore(List.of(sample(20, 20), sample(20, 3), sample(20, 2)), sample(20, 20));
        assertThat(ActiveExpiry.cycle(store, store.nanos::get)).isEqualTo(3);
        ScriptedStore few = new ScriptedStore(List.of(sample(9, 1)), sample(0, 0)); // 1 of 9 is 11%: on
        assertThat(ActiveExpiry.cycle(few, few.nanos::get)).as("then nothing left to sample: stop").isEqualTo(2);
    }

    /** Every round dead, each taking 1 ms: the budget (25 ms) is checked every 16 rounds, so the cycle ends at round 32. */
    @Test
    @Tag("lab6.3")
    void aCycleStopsWhenItHasUsedItsTimeBudget() {
        ScriptedStore store = new ScriptedStore(List.of(), sample(20, 20));
        assertThat(ActiveExpiry.cycle(store, store.nanos::get)).isEqualTo(32);
        assertThat(ActiveExpiry.cycle(store, store.nanos::get)).as("the next cycle starts a new budget").isEqualTo(32);
    }

    /**
     * The lesson: 10,000 keys with a deadline that nobody reads again, and 1,000 without. Lazy
     * expiry never frees them; one cycle with time to spare deletes every dead one, journals each
     * as DEL and counts it in expired_keys, and leaves the rest (red if the round only samples).
     */
    @Test
    @Tag("lab6.3")
    void deadKeysNobodyReadsAreDeletedJournaledAndCounted() {
        ExpiryStoresTest.TestClock clock = new ExpiryStoresTest.TestClock();
        ExpiryStoresTest.RecordingJournal journal = new ExpiryStoresTest.RecordingJournal();
        Store store = StoreKind.COMPACT.create(journal, clock);
        for (int i = 0; i < 10_000; i++) {
            long deadline = clock.getAsLong() + 100;
            store.update(bytes("dies:" + i), entry -> new Store.Entry(bytes("v"), deadline));
            store.set(bytes("stays:" + i % 1_000), bytes("v"), Store.SetCondition.ALWAYS);
        }
        long later = clock.getAsLong() + 1_000_000;
        store.update(bytes("lives"), entry -> new Store.Entry(bytes("v"), later));
        journal.records.clear();
        AtomicLong nanos = new AtomicLong();
        LongSupplier oneMicrosecondAReading = () -> nanos.addAndGet(1_000); // time to spare, yet a bound
        ActiveExpiry.cycle(store, oneMicrosecondAReading);
        assertThat(store.size()).as("before the deadline nothing is dead").isEqualTo(11_001);
        clock.advance(101);
        ActiveExpiry.cycle(store, oneMicrosecondAReading);
        assertThat(store.size()).isEqualTo(1_001);
        assertThat(store.withDeadline()).isEqualTo(1);
        assertThat(store.expiry().expiredKeys().sum()).isEqualTo(10_000);
        assertThat(journal.records).hasSize(10_000).allMatch(record -> record.startsWith("DEL dies:"));
        assertThat(text(store.get(bytes("lives")))).isEqualTo("v");
    }

    /** With a real budget the work spreads over cycles, and a cycle that finds few dead keys stops after one round. */
    @Test
    @Tag("lab6.3")
    void aTinyShareOfDeadKeysCostsOneRoundACycle() {
        ExpiryStoresTest.TestClock clock = new ExpiryStoresTest.TestClock();
        Store store = StoreKind.COMPACT.create(Journal.NONE, clock);
        for (int i = 0; i < 1_000; i++) {
            long deadline = clock.getAsLong() + (i == 500 ? 10 : 1_000_000); // one key in a thousand dies
            store.update(bytes("k" + i), entry -> new Store.Entry(bytes("v"), deadline));
        }
        clock.advance(11);
        AtomicLong nanos = new AtomicLong();
        int rounds = 0;
        for (int cycle = 0; cycle < 50 && store.size() == 1_000; cycle++) {
            rounds += ActiveExpiry.cycle(store, () -> nanos.addAndGet(1_000));
        }
        assertThat(store.size()).as("found within 50 cycles: the cursor goes round the table").isEqualTo(999);
        assertThat(rounds).as("one round per cycle: 0 or 1 dead of 20 is never more than 10%").isLessThanOrEqualTo(50);
    }

    /** The server's event loop runs it: keys written with a short TTL and never read leave DBSIZE. */
    @Test
    void theEventLoopFreesDeadKeysNobodyReads() throws IOException {
        ExpiryStoresTest.TestClock clock = new ExpiryStoresTest.TestClock();
        try (Server server = new Server(ServerConfig.forTests().clock(clock).build()).start();
                Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < 1_000; i++) {
                pipeline.set("k" + i, "v", SetParams.setParams().px(100));
            }
            pipeline.sync();
            assertThat(jedis.info("keyspace")).contains("db0:keys=1000,expires=1000,");
            clock.advance(101);
            Awaitility.await("DBSIZE 0").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> jedis.dbSize() == 0);
            assertThat(jedis.info("stats")).contains("expired_keys:1000\r\n");
        }
    }

    private static String text(byte[] value) {
        return ExpiryStoresTest.text(value);
    }

}
