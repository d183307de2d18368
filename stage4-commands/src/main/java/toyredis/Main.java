package toyredis;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The command line of stage 4: options in, a running server out. Stage 4 teaches how a server
 * speaks a real protocol. A request travels through these layers, one class each:
 * <pre>
 *   bytes from the socket
 *     → {@link RespReader}     cuts them into requests: RESP arrays, or inline lines (its InlineSplitter)
 *     → {@link CommandTable}   finds the command, checks its arity, runs it with an Args cursor
 *     → {@link Store}          the shared map (the stage 3 strategies, now with bytes, deadlines and more operations)
 *     → {@link Reply}          what the command answers: simple string, error, integer, bulk, array
 *     → {@link RespWriter}     turns replies into bytes, one write per batch of requests
 * </pre>
 * {@link ClientHandler} drives that loop for one connection; {@link ToolCommands} (not the
 * lesson) answers what tools such as redis-cli ask about the server.
 */
@Command(name = "stage4-commands",
        mixinStandardHelpOptions = true,
        version = "Toy Redis stage 4 (commands) 1.0",
        description = {
            "Stage 4 of the Toy Redis Workbook: speaks Redis's protocol (RESP2 and inline",
            "commands), so redis-cli, redis-benchmark and Jedis can use it. Commands: GET,",
            "SET [NX|XX] [GET] [EX|PX|EXAT|PXAT|KEEPTTL], GETEX, DEL, EXISTS, INCR, DECR, INCRBY,",
            "DECRBY, EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL, EXPIRETIME, PEXPIRETIME,",
            "PERSIST (keys expire lazily, as in Redis), PING, ECHO, QUIT, DBSIZE, FLUSHALL,",
            "FLUSHDB, SELECT 0, and enough INFO, CONFIG GET and COMMAND for tools.",
            "Try it: redis-cli -p 6379 SET greeting hello"
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

    @Option(names = "--threads", defaultValue = "virtual", paramLabel = "MODE",
            description = {
                "Who serves each client: platform, virtual or pool (default: ${DEFAULT-VALUE}).",
                "platform: a new OS thread per client; virtual: a virtual thread per client;",
                "pool: a fixed pool of --pool-size threads (idle clients hold them: try it!)."
            })
    private ThreadMode threads;

    @Option(names = "--pool-size", defaultValue = "" + ServerConfig.DEFAULT_POOL_SIZE, paramLabel = "N",
            description = "Threads in the pool for --threads pool (default: ${DEFAULT-VALUE}).")
    private int poolSize;

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
        if (poolSize < 1) {
            throw new ParameterException(spec.commandLine(), "--pool-size must be at least 1, got " + poolSize);
        }
        if (protoMaxBulkLen < 1 || protoMaxBulkLen > Integer.MAX_VALUE - 16) {
            throw new ParameterException(spec.commandLine(),
                    "--proto-max-bulk-len must be between 1 and " + (Integer.MAX_VALUE - 16) + " (a Java array), got " + protoMaxBulkLen);
        }
        Server server;
        try {
            server = new Server(new ServerConfig.Builder().bind(bind).port(port).threads(threads).poolSize(poolSize).store(store)
                    .protoMaxBulkLen(protoMaxBulkLen).build()).start();
        } catch (IOException e) {
            spec.commandLine().getErr().printf("stage4-commands: cannot listen on %s:%d: %s%n", bind, port, e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        String threadInfo = threads == ThreadMode.POOL ? "pool of " + poolSize : threads.name().toLowerCase();
        spec.commandLine().getOut().printf("stage 4 (commands) listening on %s:%d, threads: %s, store: %s, speaks RESP2%n",
                bind, server.port(), threadInfo, store);
        spec.commandLine().getOut().flush();
        server.awaitTermination();
        return 0;
    }
}
