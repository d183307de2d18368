package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lab 5.1, ConcurrentStore.update: one {@code map.compute} finds the live entry, applies the
 * change and journals it while the key's bin is locked, so the journal sees each change as the
 * blind write that replays it, a key found dead as its DEL, and two SETs of one key in the order
 * the map applied them. Each test calls the store on its own thread first, so a stub fails here.
 */
@Tag("lab5.1")
class ConcurrentStoreTest {

    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[][] command) {
        return String.join(" ", Arrays.stream(command).map(CommandTable::latin1).toList());
    }

    @Test
    void eachChangeIsJournaledAsTheBlindWriteThatReplaysItAndNothingElseIs() {
        Store store = StoreKind.CONCURRENT.create(command -> logged.add(text(command)));
        assertThat(store.set("k", bytes("v"), Store.SetCondition.ALWAYS)).isNull();
        assertThat(store.incrBy("n", 1)).isEqualTo(1);
        assertThat(store.incrBy("n", 41)).isEqualTo(42);
        assertThat(store.set("k", bytes("ignored"), Store.SetCondition.IF_ABSENT)).isEqualTo(bytes("v")); // changes nothing
        assertThat(store.get("n")).isEqualTo(bytes("42"));                                                // reads change nothing
        assertThat(store.delete("k")).isTrue();
        assertThat(store.delete("k")).isFalse();
        assertThat(logged).containsExactly("SET k v", "SET n 1", "SET n 42", "DEL k");
    }

    @Test
    void aKeyFoundDeadIsRemovedCountedAndLoggedAsDel() {
        ExpiryTest.TestClock clock = new ExpiryTest.TestClock();
        Store store = StoreKind.CONCURRENT.create(command -> logged.add(text(command)), clock);
        store.update("k", entry -> new Store.Entry(bytes("v"), clock.getAsLong() + 100));
        clock.advance(100);
        assertThat(store.get("k")).as("alive through its deadline's millisecond").isEqualTo(bytes("v"));
        clock.advance(1);
        assertThat(store.get("k")).isNull();
        assertThat(store.size()).isZero();
        assertThat(store.expiry().expiredKeys().sum()).isEqualTo(1);
        assertThat(logged).containsExactly("SET k v PXAT 1000100", "DEL k");
    }

    @Test
    void aSecondSetOfTheKeyWaitsUntilTheFirstIsLogged() throws Exception {
        CountDownLatch firstIsLogging = new CountDownLatch(1);
        Thread[] second = new Thread[1];
        Store store = StoreKind.CONCURRENT.create(command -> {
            if (text(command).equals("SET k first")) {
                firstIsLogging.countDown(); // hold it inside its journal entry until the second SET finished or waits
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> second[0] != null
                        && List.of(Thread.State.TERMINATED, Thread.State.BLOCKED, Thread.State.WAITING).contains(second[0].getState()));
            }
            logged.add(text(command));
        });
        store.set("k", bytes("zero"), Store.SetCondition.ALWAYS);
        CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> store.set("k", bytes("first"), Store.SetCondition.ALWAYS));
        assertThat(firstIsLogging.await(10, TimeUnit.SECONDS)).as("the first SET is logging").isTrue();
        second[0] = Thread.ofPlatform().start(() -> store.set("k", bytes("second"), Store.SetCondition.ALWAYS));
        first.get(10, TimeUnit.SECONDS);
        second[0].join(10_000);
        assertThat(store.get("k")).isEqualTo(bytes("second"));
        assertThat(logged).as("the file replays the value the map holds").containsExactly("SET k zero", "SET k first", "SET k second");
    }
}
