package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.EnumSource.Mode;

/**
 * Every strategy behind the same interface: same answers, the safe ones lose nothing, and the
 * unsafe one loses an increment whenever two INCRs interleave.
 */
class StoreTest {

    static final int THREADS = 8;
    static final int INCRS_PER_THREAD = 10_000;

    private Store store;

    @AfterEach
    void closeStore() {
        store.close();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void setThenGetAndMissingKeys(StoreKind kind) {
        store = kind.create();
        assertThat(store.get("greeting")).isNull();
        store.set("greeting", "hello  world");
        store.set("greeting", "hello again");
        assertThat(store.get("greeting")).isEqualTo("hello again");
        assertThat(store.size()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void incrCountsFromZeroAndFromAStoredInteger(StoreKind kind) {
        store = kind.create();
        assertThat(store.incr("fresh")).isEqualTo(1);
        assertThat(store.incr("fresh")).isEqualTo(2);
        store.set("negative", "-5");
        assertThat(store.incr("negative")).isEqualTo(-4);
        assertThat(store.get("negative")).isEqualTo("-4");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void incrRefusesNonIntegersAndOverflowAndKeepsTheValue(StoreKind kind) {
        store = kind.create();
        for (String bad : List.of("abc", "", "1.5", " 1", "+1", "007", "-0", "9223372036854775808", "٣")) {
            store.set("k", bad);
            assertThatThrownBy(() -> store.incr("k"))
                    .as("INCR of %s", bad)
                    .isInstanceOf(Store.NotAnIntegerException.class)
                    .hasMessage("value is not an integer or out of range");
            assertThat(store.get("k")).isEqualTo(bad);
        }
        store.set("max", Long.toString(Long.MAX_VALUE - 1));
        assertThat(store.incr("max")).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> store.incr("max")).isInstanceOf(Store.NotAnIntegerException.class);
        assertThat(store.get("max")).isEqualTo("9223372036854775807");
        store.set("min", Long.toString(Long.MIN_VALUE));
        assertThat(store.incr("min")).isEqualTo(Long.MIN_VALUE + 1);
    }

    @ParameterizedTest
    @EnumSource(value = StoreKind.class, names = "UNSAFE", mode = Mode.EXCLUDE)
    void eightThreadsTimesTenThousandIncrsCountExactly80000(StoreKind kind) throws Exception {
        store = kind.create();
        assertEightThreadsTimesTenThousandIncrsCount80000(store);
    }

    /** Eight threads INCR one key 10,000 times each, all at once: no increment may be lost. */
    static void assertEightThreadsTimesTenThousandIncrsCount80000(Store store) throws Exception {
        runConcurrently(THREADS, () -> {
            for (int i = 0; i < INCRS_PER_THREAD; i++) {
                store.incr("counter");
            }
            return null;
        });
        assertThat(store.get("counter")).isEqualTo("80000");
    }

    /**
     * The lost update, made to happen on every run instead of by luck. The test seam in
     * {@link UnsafeStore} holds each INCR between its read and its write until the other INCR
     * has read too: both read "no value", both write 1, and both clients are told 1. A store
     * whose INCR is atomic (a lock, {@code compute}) never lets two threads into that gap at
     * once; the barrier then times out, the INCRs run one after the other, and this test fails
     * with 2 instead of hanging.
     */
    @Test
    void theUnsafeStoreLosesAnIncrementWhenTwoThreadsBothReadBeforeEitherWrites() throws Exception {
        CyclicBarrier bothHaveRead = new CyclicBarrier(2);
        store = new UnsafeStore(() -> awaitAtMostTenSeconds(bothHaveRead));
        List<Long> replies = Collections.synchronizedList(new ArrayList<>());
        runConcurrently(2, () -> {
            replies.add(store.incr("counter"));
            return null;
        });
        assertThat(store.get("counter")).as("the value after two INCRs (one lost)").isEqualTo("1");
        assertThat(replies).as("what the two INCRs replied").containsExactly(1L, 1L);
    }

    /** Waits for the other thread, but never for ever: a broken barrier or a timeout just goes on. */
    private static void awaitAtMostTenSeconds(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (TimeoutException | BrokenBarrierException e) {
            // The other thread could not reach the gap (the store serialised the INCRs): carry on.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
