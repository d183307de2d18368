package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stage 6's stores with deadlines, on a clock the test moves by hand (no sleeps): the compact
 * table keeps each key's deadline through probing, deletes and resizes; a read that finds a key
 * dead never deletes a value written meanwhile; every change is journaled with absolute times.
 */
class ExpiryStoresTest {

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

    /** A journal that keeps every record as text, such as "SET k v PXAT 1000100". */
    static final class RecordingJournal implements Journal {
        final List<String> records = new ArrayList<>();

        @Override
        public synchronized void append(byte[]... command) {
            List<String> words = new ArrayList<>();
            for (byte[] word : command) {
                words.add(new String(word, StandardCharsets.ISO_8859_1));
            }
            records.add(String.join(" ", words));
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static Store.Entry timed(String value, long deadline) {
        return new Store.Entry(bytes(value), deadline);
    }

    static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.ISO_8859_1);
    }

    /**
     * 20,000 operations on 3,000 keys, a third of them with a deadline, compared with a map: the
     * table grows to 4,096 slots and more, shrinks after a mass delete, and shifts entries back on
     * every delete; each key must keep its own deadline through all of it (red if a resize or a
     * shift keeps a key's bytes but loses its Entry).
     */
    @Test
    void theCompactTableKeepsEachDeadlineThroughProbesDeletesAndResizes() {
        TestClock clock = new TestClock();
        CompactStore store = (CompactStore) StoreKind.COMPACT.create(Journal.NONE, clock);
        Map<String, Long> model = new HashMap<>(); // key -> deadline (-1: none)
        Random random = new Random(6);
        for (int op = 0; op < 20_000; op++) {
            String key = "key:" + random.nextInt(3_000);
            if (op == 12_000) { // a mass delete: the table shrinks
                for (int i = 0; i < 3_000; i += 1) {
                    if (i % 10 != 0) {
                        store.delete(bytes("key:" + i));
                        model.remove("key:" + i);
                    }
                }
            } else if (random.nextInt(5) == 0) {
                assertThat(store.delete(bytes(key))).isEqualTo(model.remove(key) != null);
            } else if (random.nextInt(3) == 0) {
                long deadline = clock.getAsLong() + 1_000 + random.nextInt(1_000_000);
                store.update(bytes(key), entry -> timed("v" + key, deadline));
                model.put(key, deadline);
            } else {
                store.set(bytes(key), bytes("v" + key), Store.SetCondition.ALWAYS);
                model.put(key, Store.Entry.NO_DEADLINE);
            }
        }
        assertThat(store.size()).isEqualTo(model.size());
        assertThat(store.withDeadline()).isEqualTo((int) model.values().stream().filter(d -> d != Store.Entry.NO_DEADLINE).count());
        for (int i = 0; i < 3_000; i++) {
            Store.Entry entry = store.update(bytes("key:" + i), same -> same); // a read
            Long deadline = model.get("key:" + i);
            assertThat(entry == null ? null : entry.deadline()).as("key:%d", i).isEqualTo(deadline);
        }
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
        RecordingJournal journal = new RecordingJournal();
        Store store = kind.create(journal, clock);
        store.update(bytes("k"), entry -> timed("old", clock.getAsLong() + 100));
        clock.advance(100); // k is dead now, but still stored
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<byte[]> readerSaw = new AtomicReference<>(bytes("unset"));
        Thread reader = new Thread(() -> readerSaw.set(store.get(bytes("k"))));
        clock.holdNextRead(reader, held, release);
        reader.start();
        assertThat(held.await(10, TimeUnit.SECONDS)).as("reader looked at the dead key").isTrue();
        store.set(bytes("k"), bytes("fresh"), Store.SetCondition.ALWAYS);
        release.countDown();
        reader.join(10_000);
        assertThat(reader.isAlive()).isFalse();
        assertThat(text(readerSaw.get())).as("the reader answers the value now stored").isEqualTo("fresh");
        assertThat(text(store.get(bytes("k")))).as("the fresh value survives the reader").isEqualTo("fresh");
        assertThat(journal.records).containsExactly("SET k old PXAT 1000100", "SET k fresh");
        assertThat(store.expiry().expiredKeys().sum()).as("the SET found k dead").isEqualTo(1);
    }

    /** What each change is journaled as: absolute times, DEL for a key found dead, nothing for no change. */
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void changesAreJournaledAsBlindWritesWithAbsoluteTimes(StoreKind kind) {
        TestClock clock = new TestClock();
        RecordingJournal journal = new RecordingJournal();
        Store store = kind.create(journal, clock);
        long in10s = clock.getAsLong() + 10_000;
        store.update(bytes("k"), entry -> timed("v", in10s));                                  // SET k v EX 10
        store.update(bytes("k"), entry -> new Store.Entry(entry.value(), in10s + 5_000));      // PEXPIRE
        store.incrBy(bytes("n"), 1);
        store.update(bytes("n"), entry -> new Store.Entry(entry.value(), in10s));              // EXPIRE n 10
        store.incrBy(bytes("n"), 1);                                                           // keeps the time
        store.update(bytes("k"), entry -> new Store.Entry(entry.value(), Store.Entry.NO_DEADLINE)); // PERSIST
        store.update(bytes("k"), entry -> entry);                                              // no change
        clock.advance(10_000);
        assertThat(store.get(bytes("n"))).as("dead at its deadline").isNull();
        assertThat(store.get(bytes("k"))).isEqualTo(bytes("v"));
        assertThat(journal.records).containsExactly("SET k v PXAT 1010000", "PEXPIREAT k 1015000", "SET n 1",
                "PEXPIREAT n 1010000", "SET n 2 PXAT 1010000", "PERSIST k", "DEL n");
        assertThat(store.expiry().expiredKeys().sum()).isEqualTo(1);
    }
}
