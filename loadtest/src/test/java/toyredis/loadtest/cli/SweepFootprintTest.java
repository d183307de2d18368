package toyredis.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import toyredis.loadtest.load.LoadSpec;
import toyredis.loadtest.load.RunResult;
import toyredis.loadtest.load.ServerFootprint;
import toyredis.loadtest.load.Workload;
import toyredis.loadtest.protocol.Protocol;

/**
 * A server's threads and memory are what each load point costs, measured during that point: a
 * server that used 900 MiB in its first point and 100 MiB since shows 100 MiB at the second point,
 * not the peak of its whole life.
 */
class SweepFootprintTest {

    @Test
    void eachPointShowsThePeakDuringThatPointOnly() throws Exception {
        AtomicInteger samples = new AtomicInteger();
        // The first sample is the big one; every later sample, in either point, is small.
        Supplier<ServerFootprint> footprint = () -> samples.getAndIncrement() == 0
                ? new ServerFootprint(50, 900) : new ServerFootprint(10, 100);
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> pong(server));
            LoadSpec spec = LoadSpec.defaults(server.getLocalPort()).withWorkload(Workload.PING, Protocol.INLINE)
                    .withTiming(Duration.ofMillis(600), Duration.ZERO);
            List<RunResult> results;
            try (ProgressDisplay progress = ProgressDisplay.start("test", 1_200, true)) {
                results = Sweep.run("pong", spec, List.of(1, 2), progress, 0, new PrintWriter(new StringWriter()), footprint);
            }
            assertThat(samples.get()).as("samples taken").isGreaterThan(2);
            assertThat(results.get(0).footprint()).isEqualTo(new ServerFootprint(50, 900));
            assertThat(results.get(1).footprint()).as("the second point, measured during it")
                    .isEqualTo(new ServerFootprint(10, 100));
        }
    }

    /** Answers every line with PONG, each connection on a virtual thread. */
    private static void pong(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> {
                    try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
                        int b;
                        while ((b = in.read()) >= 0) {
                            if (b == '\n') {
                                out.write("PONG\r\n".getBytes(StandardCharsets.US_ASCII));
                                out.flush();
                            }
                        }
                    } catch (IOException e) {
                        // the client left
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }
}
