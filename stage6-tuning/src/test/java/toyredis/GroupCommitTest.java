package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit, shown without timing: a client whose record a leader's write already covered
 * replies without touching the file. Stage 5's way makes it take its own turn at the file, and
 * with {@code appendfsync always} pay for its own fsync of whatever others appended meanwhile;
 * that is why stage 5 synced almost every record alone. The seam in {@link AppendOnlyFile} holds
 * the leader's write so that the second client is surely waiting when a third record arrives.
 * Both tests guide lab 6.1 ({@code groupCommit}): a client's error, such as the lab's stub, fails them at once.
 */
@Tag("lab6.1")
class GroupCommitTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final Queue<Exception> failures = new ConcurrentLinkedQueue<>();

    @Test
    void aClientCoveredByTheLeadersWriteRepliesWithoutAnFsyncOfItsOwn() throws Exception {
        CountDownLatch leaderWriting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Runnable holdFirstWrite = () -> {
            if (leaderWriting.getCount() > 0 && failures.isEmpty()) { // a failed client: close() writes unheld
                leaderWriting.countDown();
                awaitQuietly(release);
            }
        };
        AofConfig config = AofConfig.in(dir).fsync(FsyncPolicy.ALWAYS).groupCommit(true).build();
        try (AppendOnlyFile aof = new AppendOnlyFile(config, () -> StoreKind.COMPACT.create(Journal.NONE, System::currentTimeMillis), holdFirstWrite)) {
            aof.load(new CommandTable(StoreKind.COMPACT.create(Journal.NONE, System::currentTimeMillis)));
            aof.appendSet(bytes("a"), bytes("1"));
            aof.appendSet(bytes("b"), bytes("2"));

            // The leader takes records a and b, and is held in the middle of writing them.
            Thread leader = awaitWrittenOn("leader", aof);
            await("the leader began writing").atMost(BOUND).until(() -> leaderWriting.getCount() == 0 || !failures.isEmpty());
            assertThat(failures).as("errors in the clients").isEmpty();
            // A second client whose records (a and b) are in the leader's batch starts waiting.
            Thread covered = awaitWrittenOn("covered", aof);
            await().atMost(BOUND).until(() -> isWaitingForTheFile(covered));
            // A record nobody waits for yet arrives while both wait.
            aof.appendSet(bytes("c"), bytes("3"));

            release.countDown();
            leader.join(BOUND.toMillis());
            covered.join(BOUND.toMillis());
            assertThat(leader.isAlive() || covered.isAlive()).as("both clients were answered").isFalse();
            assertThat(failures).as("errors in the clients").isEmpty();

            assertThat(aof.fsyncs()).as("fsyncs: the leader's only; the covered client did not sync c on its own").isEqualTo(1);
            assertThat(new String(Files.readAllBytes(aof.file()), StandardCharsets.ISO_8859_1))
                    .as("the file holds a and b, and c waits for a client that needs it")
                    .isEqualTo(set("a", "1") + set("b", "2"));
        }
    }

    /**
     * Eight clients at once, each appending a record and waiting for it 100 times: each finds its
     * record in the file when awaitWritten returns, and nobody waits forever (red if a leader
     * forgets to wake the others, or a client returns before a leader's write covers it).
     */
    @Test
    void everyClientOfManyFindsItsRecordInTheFile() throws Exception {
        AofConfig config = AofConfig.in(dir).fsync(FsyncPolicy.ALWAYS).groupCommit(true).build();
        try (AppendOnlyFile aof = new AppendOnlyFile(config, () -> StoreKind.COMPACT.create(Journal.NONE, System::currentTimeMillis))) {
            aof.load(new CommandTable(StoreKind.COMPACT.create(Journal.NONE, System::currentTimeMillis)));
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                String client = "c" + c;
                clients.add(Thread.ofPlatform().daemon().name(client).start(() -> {
                    try {
                        for (int i = 0; i < 100; i++) {
                            String key = "%s:%03d".formatted(client, i);
                            aof.appendSet(bytes(key), bytes("v"));
                            aof.awaitWritten();
                            String file = new String(Files.readAllBytes(aof.file()), StandardCharsets.ISO_8859_1);
                            assertThat(file).as("%s, once awaitWritten returned", key).contains(set(key, "v"));
                        }
                    } catch (Throwable e) {
                        failures.add(new Exception(client + ": " + e, e));
                    }
                }));
            }
            long deadline = System.nanoTime() + BOUND.toNanos(); // one bound for all of them
            for (Thread client : clients) {
                client.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            assertThat(failures).as("errors in the clients").isEmpty();
            assertThat(clients).as("every client answered").noneMatch(Thread::isAlive);
            assertThat(aof.fsyncs()).as("one fsync per write, at most one per record").isBetween(1L, 800L);
            assertThat(Files.size(aof.file())).as("800 records, each once").isEqualTo(800L * set("c0:000", "v").length());
        }
    }

    /** A client thread that asks for everything appended so far to be in the file. */
    private Thread awaitWrittenOn(String name, AppendOnlyFile aof) {
        return Thread.ofPlatform().name(name).start(() -> {
            try {
                aof.awaitWritten();
            } catch (Exception e) {
                failures.add(e);
            }
        });
    }

    /** Parked inside the file's waiting code: for a leader (group commit) or for the write lock (stage 5's way). */
    private static boolean isWaitingForTheFile(Thread thread) {
        Thread.State state = thread.getState();
        boolean parked = state == Thread.State.WAITING || state == Thread.State.BLOCKED;
        return parked && Arrays.stream(thread.getStackTrace())
                .anyMatch(frame -> frame.getMethodName().equals("groupCommit") || frame.getMethodName().equals("writePending"));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(BOUND.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String set(String key, String value) {
        return "*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$" + value.length() + "\r\n" + value + "\r\n";
    }
}
