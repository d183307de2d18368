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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every strategy behind the same interface: same answers, and none loses an update. */
class StoreTest {

    static final int THREADS = 8;
    static final int INCRS_PER_THREAD = 10_000;

    private Store store;

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private String get(String key) {
        byte[] value = store.get(Key.of(key));
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void setThenGetAndMissingKeys(StoreKind kind) {
        store = kind.create();
        assertThat(get("greeting")).isNull();
        assertThat(store.set(Key.of("greeting"), bytes("hello  world"), SetCondition.ALWAYS)).isNull();
        assertThat(store.set(Key.of("greeting"), bytes("hello again"), SetCondition.ALWAYS)).isEqualTo(bytes("hello  world"));
        assertThat(get("greeting")).isEqualTo("hello again");
        assertThat(store.size()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void keysAreComparedByTheirBytes(StoreKind kind) {
        store = kind.create();
        byte[] binary = {0, (byte) 0xff, '\r', '\n'};
        store.set(Key.of(binary), bytes("v"), SetCondition.ALWAYS);
        assertThat(store.get(Key.of(binary.clone()))).isEqualTo(bytes("v"));
        binary[0] = 1; // the store kept its own copy of the key
        assertThat(store.get(Key.of(new byte[] {0, (byte) 0xff, '\r', '\n'}))).isEqualTo(bytes("v"));
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void setConditionsReturnThePreviousValueAndWriteOnlyWhenAllowed(StoreKind kind) {
        store = kind.create();
        assertThat(store.set(Key.of("k"), bytes("1"), SetCondition.IF_PRESENT)).isNull();
        assertThat(get("k")).isNull();
        assertThat(store.set(Key.of("k"), bytes("2"), SetCondition.IF_ABSENT)).isNull();
        assertThat(store.set(Key.of("k"), bytes("3"), SetCondition.IF_ABSENT)).isEqualTo(bytes("2"));
        assertThat(get("k")).isEqualTo("2");
        assertThat(store.set(Key.of("k"), bytes("4"), SetCondition.IF_PRESENT)).isEqualTo(bytes("2"));
        assertThat(get("k")).isEqualTo("4");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void deleteAndClear(StoreKind kind) {
        store = kind.create();
        store.set(Key.of("a"), bytes("1"), SetCondition.ALWAYS);
        store.set(Key.of("b"), bytes("2"), SetCondition.ALWAYS);
        assertThat(store.delete(Key.of("a"))).isTrue();
        assertThat(store.delete(Key.of("a"))).isFalse();
        assertThat(store.size()).isEqualTo(1);
        store.clear();
        assertThat(store.size()).isZero();
        assertThat(get("b")).isNull();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void incrByCountsFromZeroAndFromAStoredInteger(StoreKind kind) {
        store = kind.create();
        assertThat(store.incrBy(Key.of("fresh"), 1)).isEqualTo(1);
        assertThat(store.incrBy(Key.of("fresh"), 41)).isEqualTo(42);
        store.set(Key.of("negative"), bytes("-5"), SetCondition.ALWAYS);
        assertThat(store.incrBy(Key.of("negative"), -1)).isEqualTo(-6);
        assertThat(get("negative")).isEqualTo("-6");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void incrByRefusesNonIntegersAndOverflowAndKeepsTheValue(StoreKind kind) {
        store = kind.create();
        for (String bad : List.of("abc", "", "1.5", " 1", "+1", "007", "-0", "9223372036854775808", "٣")) {
            store.set(Key.of("k"), bytes(bad), SetCondition.ALWAYS);
            assertThatThrownBy(() -> store.incrBy(Key.of("k"), 1))
                    .as("INCR of %s", bad)
                    .isInstanceOf(Store.NotAnIntegerException.class)
                    .hasMessage("value is not an integer or out of range");
            assertThat(get("k")).isEqualTo(bad);
        }
        store.set(Key.of("max"), bytes(Long.toString(Long.MAX_VALUE - 1)), SetCondition.ALWAYS);
        assertThat(store.incrBy(Key.of("max"), 1)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> store.incrBy(Key.of("max"), 1)).isInstanceOf(Store.OverflowException.class)
                .hasMessage("increment or decrement would overflow");
        assertThat(get("max")).isEqualTo("9223372036854775807");
        store.set(Key.of("min"), bytes(Long.toString(Long.MIN_VALUE)), SetCondition.ALWAYS);
        assertThatThrownBy(() -> store.incrBy(Key.of("min"), -1)).isInstanceOf(Store.OverflowException.class);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void eightThreadsTimesTenThousandIncrsCountExactly80000(StoreKind kind) throws Exception {
        store = kind.create();
        runConcurrently(THREADS, () -> {
            for (int i = 0; i < INCRS_PER_THREAD; i++) {
                store.incrBy(Key.of("counter"), 1);
            }
            return null;
        });
        assertThat(get("counter")).isEqualTo("80000");
    }

    /** SET NX is a race: of eight threads trying each key at once, exactly one must win it. */
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void exactlyOneSetNxWinsEachKey(StoreKind kind) throws Exception {
        store = kind.create();
        AtomicInteger wins = new AtomicInteger();
        runConcurrently(THREADS, () -> {
            for (int i = 0; i < 1_000; i++) {
                if (store.set(Key.of("lock:" + i), bytes(Thread.currentThread().getName()), SetCondition.IF_ABSENT) == null) {
                    wins.incrementAndGet();
                }
            }
            return null;
        });
        assertThat(wins).hasValue(1_000);
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
