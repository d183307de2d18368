package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import toyredis.loadtest.check.Checker;
import toyredis.loadtest.load.ErrorKind;
import toyredis.loadtest.load.LoadRun;
import toyredis.loadtest.load.LoadSpec;
import toyredis.loadtest.load.RunResult;
import toyredis.loadtest.load.Workload;
import toyredis.loadtest.protocol.Protocol;
import toyredis.loadtest.report.ChartSet;
import toyredis.loadtest.report.Report;
import toyredis.loadtest.servers.LaunchedServer;

/**
 * The harness must see the pitfall each stage teaches: a starved pool (connections that never get
 * a reply), lost updates, and one-client-at-a-time greetings. Fake servers make each pitfall
 * happen every time; the real stage jars show the same numbers.
 */
class PitfallsTest {

    private static LoadSpec inline(int port, Workload workload, int connections) {
        return LoadSpec.defaults(port).withWorkload(workload, Protocol.INLINE).withConnections(connections)
                .withTiming(Duration.ofMillis(700), Duration.ZERO).withTimeout(Duration.ofSeconds(30));
    }

    /**
     * A text-protocol counter server. INCR answers the stored value + 1, as if it had stored it,
     * but with {@code keepEvery} 2 it writes only every second result: the other INCR is lost, as
     * when two clients of an unguarded map read the same old value.
     */
    private static FakeServer counterServer(int keepEvery) throws IOException {
        Map<String, Long> stored = new ConcurrentHashMap<>();
        Map<String, Long> seen = new ConcurrentHashMap<>();
        return new FakeServer(client -> {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = client.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.split(" ");
                String reply;
                synchronized (stored) {
                    if (words[0].equals("INCR")) {
                        long next = stored.getOrDefault(words[1], 0L) + 1;
                        if (seen.merge(words[1], 1L, Long::sum) % keepEvery == 0) {
                            stored.put(words[1], next);
                        }
                        reply = next + "\n";
                    } else if (words[0].equals("GET")) {
                        Long value = stored.get(words[1]);
                        reply = value == null ? "(nil)\n" : value + "\n";
                    } else {
                        reply = "ERR unknown command\n";
                    }
                }
                out.write(reply.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        });
    }

    @Test
    void incrementsTheServerAcknowledgedButDidNotKeepAreLostUpdates() throws Exception {
        try (FakeServer server = counterServer(2)) {
            RunResult result = LoadRun.execute("loses half", inline(server.port(), Workload.INCR, 2).withKeys(1),
                    LoadRun.Progress.NONE);
            long acknowledged = result.repliesWholeRun();
            assertThat(acknowledged).isPositive();
            // About half of them (the counter may also hold INCRs in flight when the run stopped).
            assertThat(result.errors(ErrorKind.LOST_UPDATE)).isBetween(acknowledged / 2 - 4, acknowledged / 2 + 1);
            assertThat(Report.summary(result)).contains("lost update " + result.errors(ErrorKind.LOST_UPDATE));
            assertThat(Report.json(java.util.List.of(result))).contains("\"lost_update\": " + result.errors(ErrorKind.LOST_UPDATE));
            assertThat(ChartSet.errorKinds(java.util.List.of(result)))
                    .isEqualTo(String.format(java.util.Locale.ROOT, " (lost update %,d)", result.errors(ErrorKind.LOST_UPDATE)));
        }
    }

    @Test
    void aServerThatKeepsEveryIncrementLosesNone() throws Exception {
        try (FakeServer server = counterServer(1)) {
            RunResult result = LoadRun.execute("keeps all", inline(server.port(), Workload.INCR, 2).withKeys(3),
                    LoadRun.Progress.NONE);
            assertThat(result.repliesWholeRun()).isPositive();
            assertThat(result.errorCount()).isZero();
        }
    }

    /** Answers PING on the first two connections only; the others are accepted and never answered. */
    @Test
    void connectionsThatNeverGetAReplyAreNotCountedAsServed() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        try (FakeServer server = new FakeServer(client -> {
            boolean served = accepted.incrementAndGet() <= 2;
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            while (in.readLine() != null) {
                if (served) {
                    client.getOutputStream().write("PONG\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
        })) {
            RunResult result = LoadRun.execute("starves", inline(server.port(), Workload.PING, 6), LoadRun.Progress.NONE);
            assertThat(result.replies()).isPositive();
            assertThat(result.connectionsServed()).isEqualTo(2);
            assertThat(Report.summary(result)).contains("served       2 of 6 connections");
            assertThat(Report.csv(java.util.List.of(result))).contains(",connections_served,");
        }
    }

    @Test
    void stage2WithAPoolOfTwoServesTwoOfSixKeptAliveConnections() throws Exception {
        try (LaunchedServer stage2 = StageJar.start("stage2-keepalive", "--threads", "pool", "--pool-size", "2")) {
            RunResult result = LoadRun.execute("stage2 pool 2", inline(stage2.port(), Workload.PING, 6),
                    LoadRun.Progress.NONE);
            assertThat(result.connectionsServed()).isEqualTo(2);
        }
    }

    @Test
    void stage1GreetingsAreRepliesTimedFromConnect() throws Exception {
        try (LaunchedServer stage1 = StageJar.start("stage1-hello-tcp", "--work", "20ms")) {
            RunResult result = LoadRun.execute("stage1", inline(stage1.port(), Workload.GREETING, 5),
                    LoadRun.Progress.NONE);
            assertThat(result.errorCount()).isZero();
            assertThat(result.replies()).isPositive();
            assertThat(result.connectionsServed()).isEqualTo(5);
            Cli check = Cli.run("check", "--stage", "1", "--port", "" + stage1.port());
            assertThat(check.out()).contains("all 1 cases passed");
            assertThat(check.code()).isZero();
        }
    }

    @Test
    void theConcurrentIncrCaseCatchesAServerThatLosesIncrements() throws Exception {
        try (FakeServer server = counterServer(2)) {
            Checker checker = new Checker("127.0.0.1", server.port(), Duration.ofSeconds(5),
                    new java.io.PrintWriter(java.io.Writer.nullWriter()));
            assertThat(checker.run(java.util.List.of(), true)).isFalse();
        }
        try (FakeServer server = counterServer(1)) {
            Checker checker = new Checker("127.0.0.1", server.port(), Duration.ofSeconds(5),
                    new java.io.PrintWriter(java.io.Writer.nullWriter()));
            assertThat(checker.run(java.util.List.of(), true)).isTrue();
        }
    }

    @Test
    void checkStage3PassesOnASafeStore() throws Exception {
        try (LaunchedServer stage3 = StageJar.start("stage3-shared-state", "--store", "concurrent")) {
            Cli check = Cli.run("check", "--stage", "3", "--port", "" + stage3.port());
            assertThat(check.out()).contains("8 clients INCR one key", "all 21 cases passed");
            assertThat(check.code()).isZero();
        }
    }

    @Test
    void checkStage4PassesOnStage4() throws Exception {
        try (LaunchedServer stage4 = StageJar.start("stage4-commands")) {
            Cli check = Cli.run("check", "--stage", "4", "--port", "" + stage4.port());
            assertThat(check.out()).contains("all 30 cases passed");
            assertThat(check.code()).isZero();
        }
    }

    @Test
    void checkAgainstNothingListeningFailsWithOneLine() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort(); // free once closed
        }
        Cli check = Cli.run("check", "--stage", "4", "--port", "" + port);
        assertThat(check.code()).isEqualTo(1);
        assertThat(check.out()).contains("check: nothing answers at 127.0.0.1:" + port).doesNotContain("[ 1/");
    }
}
