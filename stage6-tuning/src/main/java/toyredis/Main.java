package toyredis;

import java.io.IOException;
import java.nio.file.Path;
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
 * The command line of stage 6: options in, a running server out. Stage 6 teaches tuning: the
 * listen backlog, a client limit, group commit for the append-only file, and an event loop per
 * core ({@link EventLoop}) instead of a thread per connection, each a switch so its effect can be
 * measured. Stage 5's durability is kept. A request still travels through stage 4's layers:
 * <pre>
 *   bytes from the socket
 *     → {@link RespReader}     cuts them into requests: RESP arrays, or inline lines (its InlineSplitter)
 *     → {@link CommandTable}   finds the command, checks its arity, runs it with an Args cursor
 *     → {@link Store}          the shared map, which reports each change to its {@link Journal}
 *                              (the {@link AppendOnlyFile}; {@link AofReader} reads it back, {@link AofRewrite} compacts it)
 *     → {@link Reply}          what the command answers: simple string, error, integer, bulk, array
 *     → {@link RespWriter}     turns replies into bytes, one write per batch of requests
 * </pre>
 * An {@link EventLoop} drives those layers for many connections and waits for the file once per
 * turn before it replies ({@link ClientHandler} does it for one connection with {@code --io
 * threads}); {@link ToolCommands} (not the lesson) answers what tools such as redis-cli ask.
 */
@Command(name = "stage6-tuning",
        mixinStandardHelpOptions = true,
        version = "Toy Redis stage 6 (tuning) 1.0",
        subcommands = CheckAofCommand.class,
        description = {
            "Stage 6 of the Toy Redis Workbook: stage 5's durable server (RESP2, GET, SET, DEL, INCR,",
            "expiry, an append-only file), tuned to measure up to Redis on the same machine: event",
            "loops, group commit, a listen backlog, a client limit and active expiry, each a switch.",
            "Try it: redis-benchmark -p 6379 -t set,get -q, then the same against redis-server.",
            "Check a file: java -jar stage6-tuning.jar check-aof [--fix] FILE"
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

    @Option(names = "--io", defaultValue = "nio", paramLabel = "MODEL",
            description = {
                "How connections are served (default: ${DEFAULT-VALUE}, the faster one measured):",
                "nio: event loops (--event-loops) watch every connection, as Redis does;",
                "threads: a virtual thread per connection, as in stage 5 (the baseline)."
            })
    private IoModel io;

    @Option(names = "--event-loops", defaultValue = "" + 0, paramLabel = "N",
            description = "Event loops for --io nio (default: half the cores, at least one).")
    private int eventLoops;

    @Option(names = "--backlog", defaultValue = "" + ServerConfig.DEFAULT_BACKLOG, paramLabel = "N",
            description = "Connections the kernel may hold until the server accepts them, as Redis's tcp-backlog"
                    + " (default: ${DEFAULT-VALUE}; Linux caps it at /proc/sys/net/core/somaxconn).")
    private int backlog;

    @Option(names = "--maxclients", defaultValue = "" + ServerConfig.DEFAULT_MAX_CLIENTS, paramLabel = "N",
            description = "Open connections allowed; past it a client gets Redis's error and is closed"
                    + " (default: ${DEFAULT-VALUE}; lowered at start, with a warning, if ulimit -n cannot hold it).")
    private int maxClients;

    @Option(names = "--store", defaultValue = "compact", paramLabel = "STRATEGY",
            description = {
                "How the data is kept (default: ${DEFAULT-VALUE}, as fast as concurrent in less memory):",
                "compact: an open-addressing table of byte arrays behind a read-write lock;",
                "concurrent: ConcurrentHashMap, atomic per key (stage 5's default, the baseline)."
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

    @Option(names = "--aof-group-commit", defaultValue = "yes", paramLabel = "yes|no",
            description = "Group commit (default: ${DEFAULT-VALUE}): clients waiting for the file share one write"
                    + " and, with always, one fsync; no: each takes its turn, as in stage 5.")
    private YesNo groupCommit;

    @Option(names = "--active-expiry", defaultValue = "yes", paramLabel = "yes|no",
            description = "Delete dead keys nobody reads, 10 times a second in the first event loop, as Redis (default:"
                    + " ${DEFAULT-VALUE}); no: lazy expiry only, as always with --store concurrent or --io threads.")
    private YesNo activeExpiry;

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
        if (backlog < 1 || maxClients < 1 || eventLoops < 0) {
            throw new ParameterException(spec.commandLine(), "--backlog and --maxclients must be at least 1, --event-loops 0 or more");
        }
        long[] files = FileLimit.maxAndOpenFiles();
        FileLimit.Fit fit = FileLimit.fit(maxClients, files[0], files[1]);
        fit.warnings().forEach(spec.commandLine().getErr()::println);
        if (fit.maxClients() < 1) {
            return 1;
        }
        int loops = eventLoops == 0 ? ServerConfig.DEFAULT_EVENT_LOOPS : eventLoops;
        AofConfig aof = AofConfig.in(dir).enabled(appendOnly == YesNo.YES).fileName(appendFileName).fsync(appendFsync)
                .rewritePercentage(rewritePercentage).rewriteMinSize(rewriteMinSize).groupCommit(groupCommit == YesNo.YES).build();
        Server server;
        try {
            server = new Server(new ServerConfig.Builder().bind(bind).port(port).store(store).protoMaxBulkLen(protoMaxBulkLen)
                    .aof(aof).io(io).eventLoops(loops).backlog(backlog).maxClients(fit.maxClients())
                    .activeExpiry(activeExpiry == YesNo.YES).build()).start();
        } catch (AppendOnlyFile.DamagedFileException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        } catch (java.net.BindException e) {
            spec.commandLine().getErr().printf("stage6-tuning: cannot listen on %s:%d: %s%n", bind, port, e.getMessage());
            return 1;
        } catch (IOException e) {
            spec.commandLine().getErr().printf("stage6-tuning: cannot open the append-only file %s: %s%n", aof.file(), e);
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        String ioInfo = io == IoModel.NIO ? "nio (" + loops + (loops == 1 ? " event loop)" : " event loops)") : "threads (virtual)";
        String persistence = "appendonly: no";
        if (server.loaded() != null) {
            server.loaded().warnings().forEach(spec.commandLine().getErr()::println);
            spec.commandLine().getOut().printf("loaded %d commands in %d ms from %s%n",
                    server.loaded().commands(), server.loaded().millis(), aof.file());
            persistence = "appendonly: " + aof.file() + ", appendfsync " + appendFsync
                    + (groupCommit == YesNo.NO ? ", no group commit" : "");
        }
        spec.commandLine().getOut().printf("stage 6 (tuning) listening on %s:%d, io: %s, store: %s, backlog %d, maxclients %d, %s%n",
                bind, server.port(), ioInfo, store, backlog, fit.maxClients(), persistence);
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
}
