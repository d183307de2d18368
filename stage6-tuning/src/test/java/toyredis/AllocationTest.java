package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stage 6 promises that serving a request leaves (almost) no garbage behind: the event loop
 * reuses its buffers, its argument list and the append-only file's batch, and keeps keys as the
 * client's bytes. The JVM counts the bytes each thread allocates (JFR's
 * ThreadAllocationStatistics reads the same counter), so this is a count, not a timing: a GET
 * costs its key's copy and its reply object; a SET its key and value, which the store keeps.
 */
class AllocationTest {

    private static final int PIPELINE = 100;
    private static final int WARM_UP_BATCHES = 300;
    private static final int MEASURED_BATCHES = 200;
    private static final int KEYS = 1000;

    /**
     * What a GET may allocate: the copy of its 10-byte key (a 32-byte array), the 16-byte Bulk
     * reply, and 8 bytes for what each turn of the loop costs, shared by the turn's requests.
     */
    private static final int GET_BUDGET = 32 + 16 + 8;
    /** What a SET may allocate besides the value it stores: the key's copy (kept if the key is new), and the same 8. */
    private static final int SET_BUDGET = 32 + 8;

    @Test
    void aPipelinedGetOrSetLeavesNoGarbageBeyondItsKeyAndTwoSmallObjects(@TempDir Path dir) throws Exception {
        try (Server server = new Server(ServerConfig.forTests().aof(AofConfig.in(dir).build()).build()).start();
                Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            Client client = new Client(socket);
            for (int batch = 0; batch < WARM_UP_BATCHES; batch++) {
                client.run("SET", batch);
                client.run("GET", batch);
            }

            long before = eventLoopAllocatedBytes();
            for (int batch = 0; batch < MEASURED_BATCHES; batch++) {
                client.run("SET", batch);
            }
            long perSet = (eventLoopAllocatedBytes() - before) / ((long) MEASURED_BATCHES * PIPELINE);

            before = eventLoopAllocatedBytes();
            for (int batch = 0; batch < MEASURED_BATCHES; batch++) {
                client.run("GET", batch);
            }
            long perGet = (eventLoopAllocatedBytes() - before) / ((long) MEASURED_BATCHES * PIPELINE);

            long valueBytes = 16 + 8; // the 3-byte value SET keeps: a 16-byte array header, padded to 8
            System.out.printf("event loop allocation per request: SET %d B (of which %d B is the value it keeps), GET %d B%n",
                    perSet, valueBytes, perGet);
            assertThat(perGet).as("bytes allocated per pipelined GET").isLessThanOrEqualTo(GET_BUDGET);
            assertThat(perSet - valueBytes).as("bytes allocated per pipelined SET, besides the value").isLessThanOrEqualTo(SET_BUDGET);
        }
    }

    /** Every event loop thread's allocated bytes so far: the one serving our connection among them. */
    private static long eventLoopAllocatedBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<Long> ids = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("event-loop-"))
                .map(Thread::threadId)
                .toList();
        assertThat(ids).as("the server's event loop threads").isNotEmpty();
        return ids.stream().mapToLong(threads::getThreadAllocatedBytes).sum();
    }

    /** Sends 100 pipelined requests in one write and reads exactly their replies' bytes. */
    private static final class Client {
        private final InputStream in;
        private final OutputStream out;

        Client(Socket socket) throws IOException {
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        void run(String command, int batch) throws IOException {
            StringBuilder requests = new StringBuilder();
            for (int i = 0; i < PIPELINE; i++) {
                String key = "key:%06d".formatted((batch * PIPELINE + i) % KEYS); // SETs overwrite: no new key is kept
                requests.append(command.equals("SET")
                        ? "*3\r\n$3\r\nSET\r\n$10\r\n" + key + "\r\n$3\r\nabc\r\n"
                        : "*2\r\n$3\r\nGET\r\n$10\r\n" + key + "\r\n");
            }
            out.write(requests.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String reply = command.equals("SET") ? "+OK\r\n" : "$3\r\nabc\r\n";
            byte[] expected = reply.repeat(PIPELINE).getBytes(StandardCharsets.ISO_8859_1);
            byte[] got = in.readNBytes(expected.length);
            if (!Arrays.equals(got, expected)) {
                throw new IOException("unexpected replies: " + new String(got, StandardCharsets.ISO_8859_1));
            }
        }
    }
}
