package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * What start-up and check-aof do with a file that a crash tore or a fault damaged: a torn last
 * record is cut off with a warning, at every byte it can be torn at; damage anywhere else stops
 * start-up with the offset and the repair command. The tests tagged lab5.3 check AofReader.next,
 * which reads each record and tells the two apart.
 */
class AofFileTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(AofConfig.DEFAULT_FILE_NAME);
    }

    /** A record as RESP spells it, written out here by hand: the test does not trust the encoder it checks. */
    private static byte[] record(String... words) {
        StringBuilder resp = new StringBuilder("*" + words.length + "\r\n");
        for (String word : words) {
            resp.append('$').append(word.length()).append("\r\n").append(word).append("\r\n");
        }
        return resp.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private Server start() throws IOException {
        return new Server(ServerConfig.forTests().aof(AofConfig.in(dir).build()).build()).start();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void theFileHoldsEachChangeAsTheRespCommandThatReplaysItAndAnIncrAsTheSetOfItsResult(StoreKind kind) throws Exception {
        ServerConfig config = ServerConfig.forTests().store(kind).aof(AofConfig.in(dir).build()).build();
        try (Server server = new Server(config).start(); Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            jedis.set("greeting", "hello");
            jedis.incr("n");
            jedis.incrBy("n", 41);
            jedis.set("greeting", "ignored", SetParams.setParams().nx()); // changes nothing: not logged
            jedis.del("greeting", "missing");    // only the key that existed
            jedis.get("n");                      // reads are never logged
            jedis.flushAll();
        }
        assertThat(Files.readAllBytes(file())).isEqualTo(concat(record("SET", "greeting", "hello"), record("SET", "n", "1"),
                record("SET", "n", "42"), record("DEL", "greeting"),
                // ConcurrentHashMap.clear() is not atomic, so that store logs each key it removed
                kind == StoreKind.CONCURRENT ? record("DEL", "n") : record("FLUSHALL")));
    }

    @Test
    void infoPersistenceAndConfigGetDescribeTheFile() throws Exception {
        ServerConfig config = ServerConfig.forTests()
                .aof(AofConfig.in(dir).fsync(FsyncPolicy.ALWAYS).rewritePercentage(50).rewriteMinSize(1024).build()).build();
        try (Server server = new Server(config).start(); Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            jedis.set("k", "v");
            assertThat(jedis.info("persistence")).startsWith("# Persistence\r\nloading:0\r\naof_enabled:1\r\n")
                    .contains("aof_rewrite_in_progress:0\r\n", "aof_last_write_status:ok\r\n",
                            "aof_current_size:" + Files.size(file()) + "\r\n", "aof_base_size:0\r\n",
                            "toyredis_appendfsync:always\r\n");
            assertThat(jedis.configGet("append*")).containsEntry("appendonly", "yes").containsEntry("appendfsync", "always")
                    .containsEntry("appendfilename", "appendonly.aof");
            assertThat(jedis.configGet("auto-aof-rewrite-*")).containsEntry("auto-aof-rewrite-percentage", "50")
                    .containsEntry("auto-aof-rewrite-min-size", "1024");
            assertThat(jedis.configGet("dir")).containsEntry("dir", dir.toAbsolutePath().toString());
        }
    }

    @Test
    @Tag("lab5.3")
    void aTornLastRecordIsCutOffWithAWarningWhereverItWasTorn() throws Exception {
        byte[] good = concat(record("SET", "a", "1"), record("SET", "b", "2"));
        byte[] last = record("SET", "c", "3");
        for (int cut = 1; cut < last.length; cut++) {
            Files.write(file(), concat(good, Arrays.copyOf(last, cut)));
            try (Server server = start(); Jedis jedis = new Jedis("127.0.0.1", server.port())) {
                assertThat(server.loaded().warnings()).as("torn after %d bytes", cut).containsExactly(
                        "!!! Warning: short read while loading the AOF file " + file() + "!!!",
                        "!!! Truncating the AOF " + file() + " at offset " + good.length + " !!!",
                        "AOF " + file() + " loaded anyway because aof-load-truncated is enabled");
                assertThat(server.loaded().commands()).isEqualTo(2);
                assertThat(jedis.get("b")).isEqualTo("2");
                assertThat(jedis.get("c")).isNull();
                assertThat(Files.size(file())).isEqualTo(good.length);
                jedis.set("d", "4"); // appends after the cut, not after the torn bytes
            }
            assertThat(Files.readAllBytes(file())).isEqualTo(concat(good, record("SET", "d", "4")));
        }
    }

    @Test
    @Tag("lab5.3")
    void damageBeforeTheEndStopsStartUpNamingTheFileTheOffsetAndTheRepair() throws IOException {
        byte[] first = record("SET", "a", "1");
        byte[] damaged = record("SET", "b", "2");
        damaged[4] = 'x'; // "*3\r\n" then the '$' of "$3\r\nSET"
        byte[] contents = concat(first, damaged, record("SET", "c", "3"));
        Files.write(file(), contents);
        int badOffset = first.length + 4;
        assertThatThrownBy(this::start).isInstanceOf(AppendOnlyFile.DamagedFileException.class)
                .hasMessage("Bad file format reading the append only file " + file() + " at offset " + badOffset
                        + ": expected '$', got 'x': make a backup of your AOF file, then use"
                        + " java -jar stage5-aof.jar check-aof --fix " + file());
        assertThat(Files.readAllBytes(file())).as("a damaged file is left as it was").isEqualTo(contents);
    }

    @Test
    @Tag("lab5.3")
    void aWrongByteInsideALengthIsReportedAtThatByte() throws IOException {
        byte[] first = record("SET", "a", "1");
        byte[] damaged = record("SET", "bb", "2");
        damaged[14] = 'X'; // "*3\r\n$3\r\nSET\r\n$" then the 2 of "$2\r\nbb"
        Files.write(file(), concat(first, damaged));
        assertThatThrownBy(this::start).isInstanceOf(AppendOnlyFile.DamagedFileException.class)
                .hasMessageContaining(" at offset " + (first.length + 14) + ": expected a digit or '\\r', got 'X':");
    }

    @Test
    void aWellFormedRecordThatIsNotACommandAlsoStopsStartUp() throws IOException {
        byte[] first = record("SET", "a", "1");
        Files.write(file(), concat(first, record("NOSUCH", "x"), record("SET", "c", "3")));
        assertThatThrownBy(this::start).isInstanceOf(AppendOnlyFile.DamagedFileException.class)
                .hasMessageContaining(" at offset " + first.length + ": ERR unknown command 'NOSUCH'");
    }

    @Test
    void aFileRefusedForARecordThatIsNotACommandIsClosed() throws IOException {
        Files.write(file(), concat(record("SET", "a", "1"), record("NOSUCH", "x")));
        assertThatThrownBy(this::start).isInstanceOf(AppendOnlyFile.DamagedFileException.class);
        assertThat(descriptorsOpenOn(file())).as("file descriptors still open on the refused file").isZero();
    }

    /** How many file descriptors this process has open on {@code file}, as Linux lists them in /proc/self/fd. */
    private static long descriptorsOpenOn(Path file) throws IOException {
        Path descriptors = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(descriptors), "needs Linux's /proc/self/fd");
        try (Stream<Path> all = Files.list(descriptors)) {
            return all.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(file.toAbsolutePath());
                } catch (IOException closedMeanwhile) {
                    return false;
                }
            }).count();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "*0\\r\\n                          | 1 | invalid number of arguments '0'",
        "*2147483648\\r\\n                 | 1 | invalid number of arguments '2147483648'",
        "*123456789012345678901\\r\\n      | 1 | invalid number of arguments: more than 20 characters",
        "*1\\r\\n$03\\r\\nDEL\\r\\n            | 5 | invalid bulk length '03'",
        "*1\\r\\n$536870913\\r\\n          | 5 | invalid bulk length '536870913'",
    })
    void aNumberOutOfRangeIsDamageAtItsFirstByteNotAtTheNextLine(String damaged, int numberOffset, String error) throws IOException {
        byte[] first = record("SET", "a", "1");
        Files.write(file(), concat(first, damaged.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.ISO_8859_1)));
        assertThatThrownBy(this::start).isInstanceOf(AppendOnlyFile.DamagedFileException.class)
                .hasMessageContaining(" at offset " + (first.length + numberOffset) + ": " + error + ":");
    }

    // ---- check-aof ------------------------------------------------------------------------------

    private final StringWriter out = new StringWriter();

    private int checkAof(String... args) {
        CommandLine cli = Main.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        String[] all = new String[args.length + 1];
        all[0] = "check-aof";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    @Test
    void checkAofSaysAValidFileIsValidAndExits0() throws IOException {
        byte[] good = concat(record("SET", "a", "1"), record("SET", "b", "2"));
        Files.write(file(), good);
        assertThat(checkAof(file().toString())).isZero();
        assertThat(out.toString()).contains("AOF analyzed: filename=" + file() + ", size=" + good.length + ", ok_up_to="
                + good.length + ", ok_up_to_line=15, diff=0", "AOF " + file() + " is valid");
    }

    @Test
    void checkAofFindsATornTailAndFixTruncatesIt() throws IOException {
        byte[] good = concat(record("SET", "a", "1"), record("SET", "b", "2"));
        Files.write(file(), concat(good, Arrays.copyOf(record("SET", "c", "3"), 10)));
        assertThat(checkAof(file().toString())).isEqualTo(1);
        assertThat(out.toString()).contains("ok_up_to=" + good.length, "diff=10",
                "is not valid. Use the --fix option to try fixing it.");

        assertThat(checkAof("--fix", file().toString())).isZero();
        assertThat(out.toString()).contains("This will shrink the AOF " + file() + " from " + (good.length + 10)
                + " bytes, with 10 bytes, to " + good.length + " bytes", "Successfully truncated AOF " + file());
        assertThat(Files.readAllBytes(file())).isEqualTo(good);
        assertThat(checkAof(file().toString())).isZero();
    }

    @Test
    void checkAofNamesTheOffsetOfDamageAndFixCutsThereLosingWhatFollows() throws IOException {
        byte[] first = record("SET", "a", "1");
        byte[] damaged = record("SET", "b", "2");
        damaged[damaged.length - 2] = '!'; // the \r that ends the last argument
        Files.write(file(), concat(first, damaged, record("SET", "c", "3")));
        assertThat(checkAof(file().toString())).isEqualTo(1);
        assertThat(out.toString()).contains("format error at offset " + (first.length + damaged.length - 2)
                + ": expected '\\r', got '!'", "ok_up_to=" + first.length);
        assertThat(checkAof("--fix", file().toString())).isZero();
        assertThat(Files.readAllBytes(file())).isEqualTo(first);
    }

    @Test
    void checkAofOnAMissingFileSaysSoAndExits1() {
        assertThat(checkAof(dir.resolve("nope.aof").toString())).isEqualTo(1);
        assertThat(out.toString()).contains("Cannot open file " + dir.resolve("nope.aof") + ": No such file or directory");
        assertThat(checkAof()).as("no FILE is bad usage").isEqualTo(2);
    }
}
