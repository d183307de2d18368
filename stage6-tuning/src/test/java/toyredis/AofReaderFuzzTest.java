package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fuzz test: whatever bytes an append-only file holds, start-up loads it, cuts off a torn last
 * record with a warning naming where the last complete record ends, or refuses it naming the
 * offset of the bad byte; it never applies part of a record, and never fails another way.
 *
 * <p>The oracle is {@link Expected}: the format read plainly from the whole array, which says
 * which records are complete and what follows them. {@link AofReader} must find exactly that,
 * reading the file in whatever pieces it arrives; {@link AppendOnlyFile#load} must apply exactly
 * those records (compared through the journal of the store, against the same records run
 * through a {@link CommandTable} by hand) and stop where {@link Expected} says.
 *
 * <p>{@code mvn verify} replays the files in {@code src/test/resources/toyredis/AofReaderFuzzTestInputs/};
 * with {@code JAZZER_FUZZ=1} Jazzer invents new files for 5 minutes and saves there any that fails.
 */
class AofReaderFuzzTest {

    @TempDir
    static Path dir;

    @FuzzTest(maxDuration = "5m")
    void aFileIsLoadedCutWhereItWasTornOrRefusedAtTheBadByte(byte[] file) throws IOException {
        Expected expected = new Expected(file);
        readerFindsTheCompleteRecordsAndWhatFollows(file, expected);
        loadAppliesThemAndStopsWhereExpected(file, expected);
    }

    private static void readerFindsTheCompleteRecordsAndWhatFollows(byte[] file, Expected expected) throws IOException {
        // A first read may also load classes (and Jazzer instrument them): if it allocated too much, judge a second.
        long allowed = 1024 * 1024 + 256L * file.length; // the reader's 64 KiB buffer, and at most 64 KiB for a string before its bytes
        Read read = null;
        for (int run = 0; run < 2 && (read == null || read.allocated >= allowed); run++) {
            read = read(file);
        }
        assertThat(read.records).as("the complete records").isEqualTo(expected.records);
        AofReader.BadRecordException bad = read.bad;
        assertThat(bad == null ? "clean" : bad.torn() ? "torn" : "damaged").isEqualTo(expected.end);
        if (bad == null) {
            assertThat(read.endOffset).as("a clean end is the end of the file").isEqualTo(file.length);
        } else {
            assertThat(bad.recordOffset()).as("where the bad record starts").isEqualTo(expected.badRecord);
        }
        if (bad != null && !bad.torn()) {
            assertThat(bad.getMessage()).as("damage names the offset of the bad byte").startsWith("offset " + expected.damageAt + ": ");
        }
        assertThat(read.allocated).as("bytes allocated reading %d bytes", file.length).isLessThan(allowed);
    }

    /** What one reading of the file found, and the bytes it allocated. */
    private record Read(List<List<String>> records, AofReader.BadRecordException bad, long endOffset, long allocated) {
    }

    private static Read read(byte[] file) throws IOException {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        List<List<String>> records = new ArrayList<>();
        AofReader.BadRecordException bad = null;
        long endOffset = -1;
        // In pieces, so that records straddle the reader's refills.
        try (AofReader reader = new AofReader(new PiecesStream(file, new SplittableRandom(Arrays.hashCode(file))))) {
            for (List<byte[]> record = reader.next(); record != null; record = reader.next()) {
                records.add(words(record));
            }
            endOffset = reader.offset();
        } catch (AofReader.BadRecordException e) {
            bad = e;
        }
        return new Read(records, bad, endOffset, THREADS.getCurrentThreadAllocatedBytes() - before);
    }

    private static void loadAppliesThemAndStopsWhereExpected(byte[] file, Expected expected) throws IOException {
        // What the records do, run by hand until one is refused as a command.
        List<List<String>> expectedChanges = new ArrayList<>();
        CommandTable byHand = new CommandTable(StoreKind.CONCURRENT.create(change -> expectedChanges.add(words(change)), () -> 0L));
        String refusal = null;
        for (int i = 0; i < expected.records.size() && refusal == null; i++) {
            if (byHand.execute(bytes(expected.records.get(i))) instanceof Reply.SimpleError error) {
                refusal = "at offset " + expected.starts.get(i) + ": " + error.text() + ":";
            }
        }
        if (refusal == null && expected.end.equals("damaged")) {
            refusal = "at offset " + expected.damageAt + ": ";
        }

        Path path = dir.resolve(AofConfig.DEFAULT_FILE_NAME);
        Files.write(path, file);
        long openFiles = openFiles();
        List<List<String>> changes = new ArrayList<>();
        Store store = StoreKind.CONCURRENT.create(change -> changes.add(words(change)), () -> 0L); // clock at 0, as in a replay
        AppendOnlyFile aof = new AppendOnlyFile(AofConfig.in(dir).fsync(FsyncPolicy.NO).build(), () -> store);
        try {
            if (refusal != null) {
                String named = refusal;
                assertThatThrownBy(() -> aof.load(new CommandTable(store))).isInstanceOf(AppendOnlyFile.DamagedFileException.class)
                        .hasMessageContaining(named);
                assertThat(Files.readAllBytes(path)).as("a refused file is left as it was").isEqualTo(file);
            } else {
                AppendOnlyFile.LoadResult loaded = aof.load(new CommandTable(store));
                assertThat(loaded.commands()).isEqualTo(expected.records.size());
                if (expected.end.equals("torn")) {
                    assertThat(loaded.warnings()).anyMatch(w -> w.contains(" at offset " + expected.badRecord + " "));
                    assertThat(Files.size(path)).as("cut where the last complete record ends").isEqualTo(expected.badRecord);
                } else {
                    assertThat(loaded.warnings()).isEmpty();
                    assertThat(Files.size(path)).isEqualTo(file.length);
                }
            }
        } finally {
            aof.close(); // as Server.start does when loading fails
        }
        assertThat(openFiles()).as("files open after close").isEqualTo(openFiles);
        assertThat(changes).as("the changes made: those of the complete records, up to a refused one").isEqualTo(expectedChanges);
    }

    /**
     * The format, read plainly from the whole array: {@code *N\r\n} then N times {@code $L\r\n},
     * L bytes, {@code \r\n}; N at least 1, L at most 512 MB, numbers as Redis writes them (no
     * {@code +}, no leading zero, 64 bits). The file ends cleanly between records, is torn if it
     * ends inside one, and damaged at the first byte that no record could have there; a number
     * can be judged only when whole, so a bad one is damage at its first byte.
     */
    static final class Expected {
        final List<List<String>> records = new ArrayList<>();
        final List<Integer> starts = new ArrayList<>();
        String end = "clean";
        int badRecord = -1;
        int damageAt = -1;
        private final byte[] f;
        private int p;

        /** Thrown when the file stops being a valid record: at its end (torn), or at a wrong byte. */
        private static final class Stop extends Exception {
            final boolean torn;
            final int at;

            Stop(boolean torn, int at) {
                super(null, null, false, false);
                this.torn = torn;
                this.at = at;
            }
        }

        Expected(byte[] file) {
            f = file;
            while (p < f.length) {
                int start = p;
                try {
                    List<String> record = record();
                    records.add(record);
                    starts.add(start);
                } catch (Stop stop) {
                    end = stop.torn ? "torn" : "damaged";
                    badRecord = start;
                    damageAt = stop.torn ? -1 : stop.at;
                    return;
                }
            }
        }

        private List<String> record() throws Stop {
            expect('*');
            int numberAt = p;
            long count = number();
            if (count < 1 || count > Integer.MAX_VALUE) {
                throw new Stop(false, numberAt);
            }
            List<String> record = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                expect('$');
                numberAt = p;
                long length = number();
                if (length < 0 || length > RespReader.DEFAULT_MAX_BULK_LENGTH) {
                    throw new Stop(false, numberAt);
                }
                if (f.length - p < length) {
                    throw new Stop(true, f.length);
                }
                record.add(new String(f, p, (int) length, StandardCharsets.ISO_8859_1));
                p += (int) length;
                expect('\r');
                expect('\n');
            }
            return record;
        }

        private void expect(char c) throws Stop {
            if (p == f.length) {
                throw new Stop(true, p);
            }
            if (f[p] != c) {
                throw new Stop(false, p);
            }
            p++;
        }

        /** Digits (a leading '-' allowed) up to '\r', then '\n'; at most 20 characters. */
        private long number() throws Stop {
            int start = p;
            while (true) {
                if (p == f.length) {
                    throw new Stop(true, p);
                }
                if (f[p] == '\r') {
                    break;
                }
                if (!(f[p] >= '0' && f[p] <= '9' || f[p] == '-' && p == start)) {
                    throw new Stop(false, p);
                }
                if (p - start == 20) {
                    throw new Stop(false, start);
                }
                p++;
            }
            String text = new String(f, start, p - start, StandardCharsets.ISO_8859_1);
            p++; // the '\r'
            expect('\n');
            if (!text.matches("0|-?[1-9][0-9]*")) {
                throw new Stop(false, start);
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooBig) {
                throw new Stop(false, start);
            }
        }
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Open file descriptors of this process (-1 where the JDK cannot count them). */
    private static long openFiles() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getOpenFileDescriptorCount() : -1;
    }

    private static List<String> words(List<byte[]> record) {
        return record.stream().map(word -> new String(word, StandardCharsets.ISO_8859_1)).toList();
    }

    private static List<String> words(byte[][] command) {
        return words(Arrays.asList(command));
    }

    private static List<byte[]> bytes(List<String> record) {
        return record.stream().map(word -> word.getBytes(StandardCharsets.ISO_8859_1)).toList();
    }
}
