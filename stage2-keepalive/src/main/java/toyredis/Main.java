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
 * The command line of stage 2: picocli turns {@code --port} and {@code --bind} into a
 * {@link ServerConfig}, starts the {@link Server}, prints one line and waits. Bad options exit
 * with code 2 and picocli's message, a port already in use with code 1 and one line: a user
 * should never see a stack trace for a normal mistake.
 */
@Command(name = "stage2-keepalive",
        mixinStandardHelpOptions = true,
        version = "Toy Redis stage 2 (keepalive) 1.0",
        description = {
            "Stage 2 of the Toy Redis Workbook: connections stay open, each client has its own thread.",
            "Speaks text lines: PING [message], ECHO <text>, QUIT.",
            "Try it: nc localhost 6379, then type PING"
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
        Server server;
        try {
            server = new Server(new ServerConfig(bind, port, threads, poolSize)).start();
        } catch (IOException e) {
            spec.commandLine().getErr().printf("stage2-keepalive: cannot listen on %s:%d: %s%n", bind, port, e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        String threadInfo = threads == ThreadMode.POOL ? "pool of " + poolSize : threads.name().toLowerCase();
        spec.commandLine().getOut().printf("stage 2 (keepalive) listening on %s:%d, threads: %s%n",
                bind, server.port(), threadInfo);
        spec.commandLine().getOut().flush();
        server.awaitTermination();
        return 0;
    }
}
