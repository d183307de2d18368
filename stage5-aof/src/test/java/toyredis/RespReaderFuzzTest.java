package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fuzz test: whatever bytes a client sends, the reader answers with requests or with Redis's
 * protocol error, and nothing else. No other exception, no endless loop, and no memory reserved
 * on a header's promise (a 16-byte {@code *1\r\n$536870912\r\n} must not cost 512 MB). The same
 * bytes read whole, or cut into pieces as a socket delivers them, give the same requests and error.
 *
 * <p>{@code mvn verify} replays the inputs in {@code src/test/resources/toyredis/RespReaderFuzzTestInputs/};
 * with {@code JAZZER_FUZZ=1} Jazzer invents new inputs for 5 minutes and saves there any that fails.
 */
class RespReaderFuzzTest {

    /** What reading may allocate: per byte read (copies of arguments, lists), plus a fixed allowance. */
    private static final long BYTES_PER_INPUT_BYTE = 256;
    private static final long FIXED_ALLOWANCE = 1024 * 1024;

    @FuzzTest(maxDuration = "5m")
    void anyBytesGiveRequestsOrAProtocolErrorHoweverTheyAreCut(byte[] input) {
        Outcome whole = read(input, 0);
        // Cut where a generator seeded by the input says: the same input, the same pieces, every run.
        Outcome cut = read(input, Arrays.hashCode(input) | 1L);
        if (input.length <= RespReader.MAX_HEADER_BYTES) { // past 64 KiB "too big" depends on what has arrived, in Redis too
            assertThat(cut).as("the same bytes cut into pieces").isEqualTo(whole);
        }
    }

    /** The requests found, and the protocol error that ended them (null if none). */
    record Outcome(List<List<String>> requests, String error) {
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * Reads {@code input} fed whole (seed 0), or through readFrom in the pieces a socket would give,
     * and checks what that allocated. A first read may also load classes (and Jazzer instrument
     * them), which allocates: if it allocated too much, the same read runs again and is judged.
     */
    private static Outcome read(byte[] input, long seed) {
        long allowed = FIXED_ALLOWANCE + BYTES_PER_INPUT_BYTE * input.length;
        Outcome outcome = null;
        long allocated = Long.MAX_VALUE;
        for (int run = 0; run < 2 && allocated >= allowed; run++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            outcome = readOnce(input, seed);
            allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        }
        assertThat(allocated).as("bytes allocated reading %d bytes", input.length).isLessThan(allowed);
        if (outcome.error() != null) {
            assertThat(outcome.error()).startsWith("ERR Protocol error: ");
        }
        return outcome;
    }

    private static Outcome readOnce(byte[] input, long seed) {
        RespReader reader = new RespReader(RespReader.DEFAULT_MAX_BULK_LENGTH);
        List<List<String>> requests = new ArrayList<>();
        try {
            if (seed == 0) {
                reader.feed(input);
                collect(reader, requests, input.length);
            } else {
                InputStream socket = new PiecesStream(input, new SplittableRandom(seed));
                while (reader.readFrom(socket) >= 0) { // as ClientHandler reads
                    collect(reader, requests, input.length);
                }
            }
            return new Outcome(requests, null);
        } catch (RespReader.ProtocolException e) {
            return new Outcome(requests, e.getMessage());
        } catch (IOException impossible) {
            throw new AssertionError(impossible);
        }
    }

    private static void collect(RespReader reader, List<List<String>> into, int inputLength) throws RespReader.ProtocolException {
        List<byte[]> request;
        while ((request = reader.next()) != null) {
            if (request.isEmpty()) {
                throw new AssertionError("an empty request");
            }
            // The shortest request takes 2 bytes ("a\n"): more requests than that is a loop reading nothing.
            if (into.size() > inputLength / 2) {
                throw new AssertionError(into.size() + " requests from " + inputLength + " bytes");
            }
            List<String> words = new ArrayList<>(); // copied: stage 6 reuses the list it returns
            for (byte[] word : request) {
                words.add(new String(word, StandardCharsets.ISO_8859_1));
            }
            into.add(words);
        }
    }
}
