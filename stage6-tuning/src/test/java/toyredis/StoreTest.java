package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import toyredis.Store.SetCondition;

/** Every strategy behind the same interface: same answers, and none loses an update. */
class StoreTest {

    static final int THREADS = 8;
    static final int INCRS_PER_THREAD = 10_000;

    private Store store;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private String get(String key) {
        byte[] value = store.get(bytes(key));
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void setThenGetAndMissingKeys(StoreKind kind) {
        store = kind.create(Journal.NONE, System::currentTimeMillis);
        assertThat(get("greeting")).isNull();
        assertThat(store.set(bytes("greeting"), bytes("hello  world"), SetCondition.ALWAYS)).isNull();
        assertThat(store.set(bytes("greeting"), bytes("hello again"), SetCondition.ALWAYS)).isEqualTo(bytes("hello  world"));
        assertThat(get("greeting")).isEqualTo("hello again");
        assertThat(store.size()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void keysAreComparedByTheirBytes(StoreKind kind) {
        store = kind.create(Journal.NONE, System::currentTimeMillis);
        byte[] binary = {0, (byte) 0xff, '\r', '\n'};
        store.set(binary, bytes("v"), SetCondition.ALWAYS);
        assertThat(store.get(new byte[] {0, (byte) 0xff, '\r', '\n'})).as("an equal array, not the same one").isEqualTo(bytes("v"));
        assertThat(store.get(new byte[] {0, (byte) 0xff, '\r'})).isNull();
        assertThat(store.get(new byte[] {0, (byte) 0xfe, '\r', '\n'})).isNull();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void setConditionsReturnThePreviousValueAndWriteOnlyWhenAllowed(StoreKind kind) {
        store = kind.create(Journal.NONE, System::currentTimeMillis);
        assertThat(store.set(bytes("k"), bytes("1"), SetCondition.IF_PRESENT)).isNull();
        assertThat(get("k")).isNull();
        assertThat(store.set(bytes("k"), bytes("2"), SetCondition.IF_ABSENT)).isNull();
        assertThat(store.set(bytes("k"), bytes("3"), SetCondition.IF_ABSENT)).isEqualTo(bytes("2"));
        assertThat(get("k")).isEqualTo("2");
        assertThat(store.set(bytes("k"), bytes("4"), SetCondition.IF_PRESENT)).isEqualTo(bytes("2"));
        assertThat(get("k")).isEqualTo("4");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void deleteAndClear(StoreKind kind) {
        store = kind.create(Journal.NONE, System::currentTimeMillis);
        store.set(bytes("a"), bytes("1"), SetCondition.ALWAYS);
        store.set(bytes("b"), bytes("2"), SetCondition.ALWAYS);
        assertThat(store.delete(bytes("a"))).isTrue();
        assertThat(store.delete(bytes("a"))).isFalse();
        assertThat(store.size()).isEqualTo(1);
        store.clear();
        assertThat(store.size()).isZero();
        assertThat(get("b")).isNull();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void incrByCountsFromZeroAndFromAStoredInteger(StoreKind kind) {
        store = kind.create(Journal.NONE, System::currentTimeMillis);
        assertThat(store.incrBy(bytes("fresh"), 1)).isEqualTo(1);
        assertThat(store.incrBy(bytes("fresh"), 41)).isEqualTo(42);
        store.set(bytes("negative"), bytes("-5"), SetCondition.ALWAYS);
        assertThat(store.incrBy(bytes("negative"), -1)).isEqualTo(-6);
        assertThat(get("negative")).isEqualTo("-6");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void incrByRefusesNonIntegersAndOverflowAndKeepsTheValue(StoreKind kind) {
        store = kind.create(Journal.NONE, System::currentTimeMillis);
        for (String bad : List.of("abc", "", "1.5", " 1", "+1", "007", "-0", "9223372036854775808", "٣")) {
            store.set(bytes("k"), bytes(bad), SetCondition.ALWAYS);
            assertThatThrownBy(() -> store.incrBy(bytes("k"), 1))
                    .as("INCR of %s", bad)
                    .isInstanceOf(Store.NotAnIntegerException.class)
                    .hasMessage("value is not an integer or out of range");
            assertThat(get("k")).isEqualTo(bad);
        }
        store.set(bytes("max"), bytes(Long.toString(Long.MAX_VALUE - 1)), SetCondition.ALWAYS);
        assertThat(store.incrBy(bytes("max"), 1)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> store.incrBy(bytes("max"), 1)).isInstanceOf(Store.OverflowException.class)
                .hasMessage("increment or decrement would overflow");
        assertThat(get("max")).isEqualTo("9223372036854775807");
        store.set(bytes("min"), bytes(Long.toString(Long.MIN_VALUE)), SetCondition.ALWAYS);
        assertThatThrownBy(() -> store.incrBy(bytes("min"), -1)).isInstanceOf(Store.OverflowException.class);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void eightThreadsTimesTenThousandIncrsCountExactly80000(StoreKind kind) throws Exception {
        store = kind.create(Journal.NONE, System::currentTimeMillis);
        runConcurrently(THREADS, () -> {
            for (int i = 0; i < INCRS_PER_THREAD; i++) {
                store.incrBy(bytes("counter"), 1);
            }
            return null;
        });
        assertThat(get("counter")).isEqualTo("80000");
    }

    /**
     * SET NX is a race: two threads try the same fresh key at the same moment, round after round,
     * and exactly one of them must win each key. A check-then-act SET NX (get, then put if it was
     * absent) lets both see "absent" and both win. The threads line up before every round by
     * spinning on a shared counter rather than parking at a barrier: waking a parked thread takes
     * so long that the first one would usually finish before the second even started.
     */
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void exactlyOneSetNxWinsEachKey(StoreKind kind) throws Exception {
        store = kind.create(Journal.NONE, System::currentTimeMillis);
        int contenders = 2;
        int rounds = 20_000;
        AtomicIntegerArray winners = new AtomicIntegerArray(rounds);
        AtomicInteger arrived = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        runConcurrently(contenders, () -> {
            for (int round = 0; round < rounds; round++) {
                arrived.incrementAndGet();
                while (arrived.get() < (round + 1) * contenders) { // wait for the other contender
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the other thread never reached round " + round);
                    }
                    Thread.onSpinWait();
                }
                if (store.set(bytes("lock:" + round), bytes("taken"), SetCondition.IF_ABSENT) == null) {
                    winners.incrementAndGet(round);
                }
            }
            return null;
        });
        List<Integer> contested = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            if (winners.get(round) != 1) {
                contested.add(round);
            }
        }
        assertThat(contested).as("rounds where the number of SET NX winners was not exactly 1").isEmpty();
    }

    /** Starts every task at once (a latch as the starting gun) and waits, bounded, for all. */
    static void runConcurrently(int threads, Callable<Void> task) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Void>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            for (Future<Void> result : results) {
                result.get(60, TimeUnit.SECONDS); // rethrows a task's failure
            }
        }
    }
}
