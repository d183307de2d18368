package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The atom on its own, for lab 3.1: every write goes through the compare-and-set loop of swap, and
 * a swap that loses the race (forced here, every run) retries on the winner's map.
 */
class AtomStoreTest {

    @Test
    @Tag("lab3.1")
    void setAndIncrGoThroughTheSwap() {
        try (AtomStore store = new AtomStore()) {
            store.set("a", "1");
            assertThat(store.incr("a")).isEqualTo(2);
            assertThat(store.get("a")).isEqualTo("2");
            assertThat(store.size()).isEqualTo(1);
        }
    }

    @Test
    @Tag("lab3.1")
    void eightThreadsIncrOneKeyAndNoIncrementIsLost() throws Exception {
        try (AtomStore store = new AtomStore()) {
            StoreTest.assertEightThreadsTimesTenThousandIncrsCount80000(store);
        }
    }

    @Test
    @Tag("lab3.1")
    void aSwapThatLosesTheRaceRetriesOnTheWinnersMap() {
        try (AtomStore store = new AtomStore()) {
            AtomicInteger calls = new AtomicInteger();
            var after = store.swap(current -> {
                if (calls.getAndIncrement() == 0) {
                    // Between our read and our compare-and-set, another thread writes and wins.
                    Thread other = Thread.ofPlatform().start(() -> store.set("a", "theirs"));
                    try {
                        other.join();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
                return current.plus("b", "mine");
            });
            assertThat(calls).as("update applied again after the lost race").hasValue(2);
            assertThat(after).containsEntry("a", "theirs").containsEntry("b", "mine");
            assertThat(store.get("a")).as("the winner's write is kept").isEqualTo("theirs");
            assertThat(store.get("b")).isEqualTo("mine");
            assertThat(store.stats()).containsEntry("cas_retries", 1L);
        }
    }
}
