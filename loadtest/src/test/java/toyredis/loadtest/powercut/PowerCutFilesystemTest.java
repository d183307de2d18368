package toyredis.loadtest.powercut;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The instrument first: what survives a cut is exactly what fsync made durable, by POSIX's rules.
 * Each test writes through the mount as a program would, cuts, and reads what the disk kept.
 */
class PowerCutFilesystemTest {

    private PowerCutFilesystem fs;
    private Path dir;

    @BeforeEach
    void mount() throws IOException {
        Fuse.required();
        fs = PowerCutFilesystem.mountTemporary();
        dir = fs.mountPoint();
    }

    @AfterEach
    void unmount() {
        if (fs != null) {
            fs.close();
        }
    }

    @Test
    void bytesFsyncedSurviveTheCut() throws IOException {
        append("log", "hello", true);
        syncDirectory();
        fs.cut();
        assertThat(read("log")).isEqualTo("hello");
    }

    @Test
    void bytesOnlyWrittenAreLost() throws IOException {
        append("log", "kept", true);
        syncDirectory();
        fs.cut(); // a fresh start: the next write is the first change to a file on the disk
        append("log", " and lost", false);
        assertThat(read("log")).isEqualTo("kept and lost"); // the page cache has them...
        PowerCutFilesystem.Cut cut = fs.cut();
        assertThat(read("log")).isEqualTo("kept"); // ...the disk does not
        assertThat(cut.unsyncedBytes()).isEqualTo(" and lost".length());
    }

    @Test
    void aPartlySyncedFileComesBackAtItsSyncedLength() throws IOException {
        try (FileChannel file = FileChannel.open(dir.resolve("log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap("0123456789".getBytes(UTF_8)));
            file.force(false); // fdatasync counts as well
            file.write(ByteBuffer.wrap("abcdef".getBytes(UTF_8)));
        }
        fs.cut();
        assertThat(read("log")).isEqualTo("0123456789");
    }

    @Test
    void aNewFileNeverSyncedVanishes() throws IOException {
        append("kept", "k", true);
        append("never-synced", "gone", false);
        fs.cut();
        assertThat(Files.exists(dir.resolve("never-synced"))).isFalse();
        assertThat(read("kept")).isEqualTo("k"); // its first fsync made its name durable too
    }

    @Test
    void aNewNameSyncedByItsDirectoryComesBackWithOnlyItsSyncedBytes() throws IOException {
        append("named", "not synced", false);
        syncDirectory();
        fs.cut();
        assertThat(read("named")).isEmpty();
    }

    @Test
    void aRenameWithoutADirectoryFsyncIsUndone() throws IOException {
        append("data", "old", true);
        syncDirectory();
        append("temp", "new", true);
        Files.move(dir.resolve("temp"), dir.resolve("data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        PowerCutFilesystem.Cut cut = fs.cut();
        assertThat(read("data")).isEqualTo("old");
        assertThat(read("temp")).isEqualTo("new");
        assertThat(cut.namesUndone()).containsExactly("temp (back)");
    }

    @Test
    void aRenameFollowedByADirectoryFsyncIsKept() throws IOException {
        append("data", "old", true);
        syncDirectory();
        append("temp", "new", true);
        Files.move(dir.resolve("temp"), dir.resolve("data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
        fs.cut();
        assertThat(read("data")).isEqualTo("new");
        assertThat(Files.exists(dir.resolve("temp"))).isFalse();
    }

    @Test
    void aRenameOfAFileNeverSyncedGivesAnEmptyFileUnderTheNewName() throws IOException {
        append("data", "old", true);
        syncDirectory();
        append("temp", "new, never synced", false);
        Files.move(dir.resolve("temp"), dir.resolve("data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
        fs.cut();
        assertThat(read("data")).isEmpty(); // the name is durable, the bytes never were
    }

    @Test
    void aDeleteWithoutADirectoryFsyncIsUndone() throws IOException {
        append("data", "still here", true);
        syncDirectory();
        fs.cut(); // a fresh start: the file is on the disk, unchanged since
        Files.delete(dir.resolve("data"));
        fs.cut();
        assertThat(read("data")).isEqualTo("still here");
        Files.delete(dir.resolve("data"));
        syncDirectory();
        fs.cut();
        assertThat(Files.exists(dir.resolve("data"))).isFalse();
    }

    @Test
    void aTruncateIsDurableOnlyAtTheNextFsync() throws IOException {
        append("log", "0123456789", true);
        syncDirectory();
        fs.cut();
        try (FileChannel file = FileChannel.open(dir.resolve("log"), StandardOpenOption.WRITE)) {
            file.truncate(4);
        }
        fs.cut();
        assertThat(read("log")).isEqualTo("0123456789");
        try (FileChannel file = FileChannel.open(dir.resolve("log"), StandardOpenOption.WRITE)) {
            file.truncate(4);
            file.write(ByteBuffer.wrap("xy".getBytes(UTF_8)), 6); // bytes 4-5 are now a hole, not "45"
            file.force(true);
        }
        fs.cut();
        assertThat(read("log")).isEqualTo("0123\0\0xy");
    }

    @Test
    void anotherProgramKeepsOnlyWhatItSynced() throws Exception {
        Process shell = new ProcessBuilder("sh", "-c", "printf kept > a && sync a && printf lost > b && printf more >> a")
                .directory(dir.toFile()).inheritIO().start();
        assertThat(shell.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(shell.exitValue()).isZero();
        fs.cut();
        assertThat(read("a")).isEqualTo("kept");
        assertThat(Files.exists(dir.resolve("b"))).isFalse();
    }

    @Test
    void aFrozenFsyncIsHeldAndNeverTakesEffect() throws Exception {
        append("log", "synced", true);
        fs.freezeSyncs();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                append("log", " held", true);
            } catch (IOException expected) {
                // the held fsync fails when the power goes
            }
        });
        assertThat(fs.awaitHeldSync(Duration.ofSeconds(10))).isTrue();
        assertThat(writer.isAlive()).isTrue(); // the program waits in fsync
        fs.cut();
        writer.join(10_000);
        assertThat(writer.isAlive()).isFalse();
        assertThat(read("log")).isEqualTo("synced");
    }

    @Test
    void subdirectoriesFollowTheSameRules() throws IOException {
        Files.createDirectory(dir.resolve("sub"));
        append("sub/file", "deep", true); // its first fsync makes the path to it durable as well
        fs.cut();
        assertThat(read("sub/file")).isEqualTo("deep");
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private void append(String name, String text, boolean fsync) throws IOException {
        try (FileChannel file = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            file.write(ByteBuffer.wrap(text.getBytes(UTF_8)));
            if (fsync) {
                file.force(true);
            }
        }
    }

    private void syncDirectory() throws IOException {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    private String read(String name) throws IOException {
        return Files.readString(dir.resolve(name), UTF_8);
    }
}
