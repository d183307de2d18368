package toyredis.loadtest.cli;

import picocli.CommandLine.Option;

/** The server a run or sweep talks to. */
final class TargetOptions {

    @Option(names = {"-h", "--host"}, defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Server host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, defaultValue = "6379", paramLabel = "PORT",
            description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;

    /** -h is the host, as in redis-cli and redis-benchmark, so help is --help only. */
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    String label() {
        return host + ":" + port;
    }
}
