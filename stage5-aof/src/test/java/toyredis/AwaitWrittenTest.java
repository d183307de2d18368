package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lab 5.2, AppendOnlyFile.awaitWritten: appending only copies a record into memory; awaitWritten,
 * which a client handler calls before it sends its replies, is what puts it in the file, with
 * every record appended before it, whoever appended it. With --aof-flush-delay (the pitfall) it
 * returns without writing. The tests call the file directly, with no server around it.
 */
@Tag("lab5.2")
class AwaitWrittenTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(AofConfig.DEFAULT_FILE_NAME);
    }

    private AppendOnlyFile open(AofConfig config) throws IOException {
        Store[] store = new Store[1];
        AppendOnlyFile aof = new AppendOnlyFile(config, () -> store[0]);
        store[0] = StoreKind.LOCKED.create(aof);
        aof.load(new CommandTable(store[0]));
        return aof;
    }

    private static byte[][] words(String... words) {
        byte[][] command = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            command[i] = words[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return command;
    }

    private String contents() throws IOException {
        return Files.readString(file(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aRecordReachesTheFileWhenAwaitWrittenReturnsNotWhenItIsAppended() throws IOException {
        try (AppendOnlyFile aof = open(AofConfig.in(dir).build())) {
            aof.append(words("SET", "a", "1"));
            assertThat(contents()).as("appended: in memory only").isEmpty();
            aof.awaitWritten();
            assertThat(contents()).isEqualTo("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n");
        }
    }

    @Test
    void oneAwaitWrittenWritesEveryRecordAppendedBeforeItOnce() throws IOException {
        try (AppendOnlyFile aof = open(AofConfig.in(dir).fsync(FsyncPolicy.ALWAYS).build())) {
            aof.append(words("SET", "a", "1")); // one client's record
            aof.append(words("DEL", "b"));      // another client's
            aof.awaitWritten();
            String both = "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$3\r\nDEL\r\n$1\r\nb\r\n";
            assertThat(contents()).isEqualTo(both);
            aof.awaitWritten(); // nothing new: nothing written again
            assertThat(contents()).isEqualTo(both);
        }
    }

    @Test
    void withAFlushDelayAwaitWrittenReturnsBeforeTheRecordIsWritten() throws IOException {
        try (AppendOnlyFile aof = open(AofConfig.in(dir).flushDelay(Duration.ofHours(1)).build())) {
            aof.append(words("SET", "a", "1"));
            aof.awaitWritten();
            assertThat(contents()).as("the pitfall: the reply would leave now, the record waits for the timer").isEmpty();
        }
        assertThat(contents()).as("a clean stop writes it").startsWith("*3\r\n");
    }
}
