package toyredis;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The command line of stage 5: options in, a running server out. Stage 5 teaches durability:
 * every change goes to an append-only file before its reply leaves, the file is replayed on
 * start, repaired when torn, and compacted while clients write. Stage 4's layers are unchanged:
 * <pre>
 *   bytes from the socket
 *     → {@link RespReader}     cuts them into requests: RESP arrays, or inline lines (its InlineSplitter)
 *     → {@link CommandTable}   finds the command, checks its arity, runs it with an Args cursor
 *     → {@link Store}          the shared map, which reports each change to its {@link Journal}
 *                              (the {@link AppendOnlyFile}; {@link AofReader} reads it back, {@link AofRewrite} compacts it)
 *     → {@link Reply}          what the command answers: simple string, error, integer, bulk, array
 *     → {@link RespWriter}     turns replies into bytes, one write per batch of requests
 * </pre>
 * {@link ClientHandler} drives that loop for one connection and waits for the file before it
 * replies; {@link ToolCommands} (not the lesson) answers what tools such as redis-cli ask.
 */
@Command(name = "stage5-aof",
        mixinStandardHelpOptions = true,
        version = "Toy Redis stage 5 (append-only file) 1.0",
        subcommands = CheckAofCommand.class,
        description = {
            "Stage 5 of the Toy Redis Workbook: stage 4's server (RESP2, GET, SET [EX|PX...], EXPIRE, TTL,",
            "INCR...) whose data survives restarts and crashes. Every change is appended to a file, times",
            "as deadlines (SET ... PXAT, PEXPIREAT), before its reply; replayed on start, BGREWRITEAOF compacts it.",
            "Try it: redis-cli -p 6379 SET greeting hello, stop the server, start it, GET greeting.",
            "Check a file: java -jar stage5-aof.jar check-aof [--fix] FILE"
        })
public final class Main implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "6379", paramLabel = "PORT",
            description = "TCP port to listen on, 0 for any free port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; use 0.0.0.0 to accept other machines).")
    private String bind;

    @Option(names = "--store", defaultValue = "concurrent", paramLabel = "STRATEGY",
            description = {
                "How client threads share the map (default: ${DEFAULT-VALUE}, the fastest measured):",
                "channel: one writer thread owns the map, clients queue requests to it;",
                "atom: an immutable map swapped by compare-and-set (retries in INFO stats);",
                "concurrent: ConcurrentHashMap, atomic per key;",
                "locked: a HashMap behind a read-write lock."
            })
    private StoreKind store;

    @Option(names = "--proto-max-bulk-len", defaultValue = "" + RespReader.DEFAULT_MAX_BULK_LENGTH, paramLabel = "BYTES",
            description = "Longest bulk string (key or value) a client may send, as Redis's proto-max-bulk-len"
                    + " (default: ${DEFAULT-VALUE}, 512 MB).")
    private long protoMaxBulkLen;

    @Option(names = "--appendonly", defaultValue = "yes", paramLabel = "yes|no",
            description = "Keep the append-only file (default: ${DEFAULT-VALUE}); no: data lives in memory only, as stage 4.")
    private YesNo appendOnly;

    @Option(names = "--dir", defaultValue = ".", paramLabel = "DIR",
            description = "Directory of the append-only file, created if missing (default: ${DEFAULT-VALUE}).")
    private Path dir;

    @Option(names = "--appendfilename", defaultValue = AofConfig.DEFAULT_FILE_NAME, paramLabel = "NAME",
            description = "Name of the append-only file inside --dir (default: ${DEFAULT-VALUE}).")
    private String appendFileName;

    @Option(names = "--appendfsync", defaultValue = "everysec", paramLabel = "POLICY",
            description = {
                "When records are forced to the disk (default: ${DEFAULT-VALUE}). Every reply waits",
                "until its record is written to the OS, so kill -9 never loses an acknowledged write;",
                "fsync decides what a power cut can lose. always: fsync before replying (nothing);",
                "everysec: fsync once a second in the background (about a second); no: when the OS likes."
            })
    private FsyncPolicy appendFsync;

    @Option(names = "--auto-aof-rewrite-percentage", defaultValue = "100", paramLabel = "PERCENT",
            description = "Rewrite the file when it has grown by this much since the last rewrite; 0 never"
                    + " (default: ${DEFAULT-VALUE}).")
    private int rewritePercentage;

    @Option(names = "--auto-aof-rewrite-min-size", defaultValue = "64mb", paramLabel = "SIZE", converter = Size.class,
            description = "...and is at least this big: bytes, or with k, kb, m, mb, g, gb as in redis.conf"
                    + " (default: ${DEFAULT-VALUE}).")
    private long rewriteMinSize;

    @Option(names = "--aof-flush-delay", defaultValue = "0", paramLabel = "TIME", converter = Delay.class,
            description = {
                "THE PITFALL, off by default: reply at once and write records every TIME (e.g. 100ms),",
                "as a batched writer in user space does. kill -9 then loses acknowledged writes.",
                "TIME: 0, or a whole number followed by ms, s, m (minutes) or h."
            })
    private Duration flushDelay;

    @Option(names = "--aof-relative-ttl", defaultValue = "no", paramLabel = "yes|no",
            description = {
                "THE PITFALL OF TIME, off by default: log times as received (SET k v PX 10000,",
                "PEXPIRE k 10000) instead of deadlines, so every restart gives each key a fresh lease."
            })
    private YesNo relativeTtl;

    @Option(names = "--aof-rewrite-dir-fsync", defaultValue = "yes", paramLabel = "yes|no",
            description = {"no: THE PITFALL OF THE RENAME: the rewrite renames its new file over the old one and",
                "does not fsync the directory, so a power cut undoes the rename (chapter 5, \"What a power cut takes\")."})
    private YesNo rewriteDirSync;

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    static CommandLine newCommandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, got " + port);
        }
        if (protoMaxBulkLen < 1 || protoMaxBulkLen > Integer.MAX_VALUE - 16) {
            throw new ParameterException(spec.commandLine(),
                    "--proto-max-bulk-len must be between 1 and " + (Integer.MAX_VALUE - 16) + " (a Java array), got " + protoMaxBulkLen);
        }
        if (rewritePercentage < 0) {
            throw new ParameterException(spec.commandLine(), "--auto-aof-rewrite-percentage must be 0 or more, got " + rewritePercentage);
        }
        AofConfig aof = AofConfig.in(dir).enabled(appendOnly == YesNo.YES).fileName(appendFileName).fsync(appendFsync)
                .flushDelay(flushDelay).rewritePercentage(rewritePercentage).rewriteMinSize(rewriteMinSize)
                .relativeTtl(relativeTtl == YesNo.YES).rewriteDirSync(rewriteDirSync == YesNo.YES).build();
        Server server;
        try {
            server = new Server(new ServerConfig.Builder().bind(bind).port(port).store(store)
                    .protoMaxBulkLen(protoMaxBulkLen).aof(aof).build()).start();
        } catch (AppendOnlyFile.DamagedFileException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        } catch (java.net.BindException e) {
            spec.commandLine().getErr().printf("stage5-aof: cannot listen on %s:%d: %s%n", bind, port, e.getMessage());
            return 1;
        } catch (IOException e) {
            spec.commandLine().getErr().printf("stage5-aof: cannot open the append-only file %s: %s%n", aof.file(), e);
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        String persistence = "appendonly: no";
        if (server.loaded() != null) {
            server.loaded().warnings().forEach(spec.commandLine().getErr()::println);
            spec.commandLine().getOut().printf("loaded %d commands in %d ms from %s%n",
                    server.loaded().commands(), server.loaded().millis(), aof.file());
            persistence = "appendonly: " + aof.file() + ", appendfsync " + appendFsync
                    + (flushDelay.isPositive() ? ", aof-flush-delay " + flushDelay.toMillis() + " ms (LOSES ACKNOWLEDGED WRITES ON A CRASH)" : "")
                    + (aof.relativeTtl() ? ", aof-relative-ttl yes (EXPIRED KEYS COME BACK AFTER A RESTART)" : "")
                    + (aof.rewriteDirSync() ? "" : ", aof-rewrite-dir-fsync no (A POWER CUT UNDOES A REWRITE)");
        }
        spec.commandLine().getOut().printf("stage 5 (aof) listening on %s:%d, threads: virtual, store: %s, %s%n",
                bind, server.port(), store, persistence);
        spec.commandLine().getOut().flush();
        server.awaitTermination();
        return 0;
    }

    /** redis.conf's yes/no. */
    enum YesNo {
        YES, NO;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** redis.conf's memory units: 1k = 1000 bytes, 1kb = 1024 bytes, and so on for m, mb, g, gb. */
    static final class Size implements ITypeConverter<Long> {
        private static final Pattern SIZE = Pattern.compile("(\\d{1,15})(b|k|kb|m|mb|g|gb)?");
        private static final Map<String, Long> UNITS = Map.of("b", 1L, "k", 1000L, "kb", 1L << 10,
                "m", 1000L * 1000, "mb", 1L << 20, "g", 1000L * 1000 * 1000, "gb", 1L << 30);

        @Override
        public Long convert(String value) {
            Matcher m = SIZE.matcher(value.toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("expected a size such as 64mb or 1000, got '" + value + "'");
            }
            return Long.parseLong(m.group(1)) * UNITS.get(m.group(2) == null ? "b" : m.group(2));
        }
    }

    /** A duration: 0, or a whole number followed by ms, s, m (minutes) or h, in any case, no spaces. */
    static final class Delay implements ITypeConverter<Duration> {
        private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
        private static final Map<String, ChronoUnit> UNITS = Map.of("ms", ChronoUnit.MILLIS, "s", ChronoUnit.SECONDS,
                "m", ChronoUnit.MINUTES, "h", ChronoUnit.HOURS);

        @Override
        public Duration convert(String text) {
            if (text.equals("0")) {
                return Duration.ZERO;
            }
            Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("expected a duration such as 500ms, 10s, 2m or 0, got '" + text + "'");
            }
            return Duration.of(Long.parseLong(m.group(1)), UNITS.get(m.group(2)));
        }
    }
}
