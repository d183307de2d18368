package toyredis.loadtest.cli;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import toyredis.loadtest.load.LoadSpec;
import toyredis.loadtest.load.Workload;
import toyredis.loadtest.protocol.Protocol;
import toyredis.loadtest.units.Units;

/** The workload options that run, sweep and compare share. */
final class LoadOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--duration", defaultValue = "10s", paramLabel = "TIME", converter = UnitConverter.ForDuration.class,
            description = {"How long each load point is measured (default: ${DEFAULT-VALUE}).",
                "TIME everywhere: 0, or a whole number with ms, s, m (minutes) or h, such as "
                    + Units.DURATION_EXAMPLES + "."})
    Duration duration;

    @Option(names = "--warmup", defaultValue = "1s", paramLabel = "TIME", converter = UnitConverter.ForDuration.class,
            description = "Load sent before measuring starts; errors still count (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = {"-P", "--pipeline"}, defaultValue = "1", paramLabel = "N",
            description = "Requests each connection sends in one batch before reading the replies (default: ${DEFAULT-VALUE}).")
    int pipeline;

    @Option(names = "--workload", defaultValue = "set", paramLabel = "KIND",
            description = "ping, set, get, incr or mixed (GET/SET by --read-ratio) (default: ${DEFAULT-VALUE}).")
    Workload workload;

    @Option(names = "--read-ratio", defaultValue = "0.9", paramLabel = "R",
            description = "Share of GETs in the mixed workload, 0 to 1 (default: ${DEFAULT-VALUE}).")
    double readRatio;

    @Option(names = "--keys", defaultValue = "10000", paramLabel = "N",
            description = "Size of the key space; GET workloads write every key first (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--value-size", defaultValue = "3", paramLabel = "SIZE", converter = UnitConverter.ForSize.class,
            description = {"Bytes per value, as redis-benchmark -d (default: ${DEFAULT-VALUE}).",
                "SIZE as in redis.conf: bytes, or k=1000, kb=1024, m, mb, g, gb, such as " + Units.SIZE_EXAMPLES + "."})
    long valueSize;

    @Option(names = "--protocol", defaultValue = "resp", paramLabel = "P",
            description = "resp (stage 4 on, real Redis) or inline (the text lines of stages 2-3) (default: ${DEFAULT-VALUE}).")
    Protocol protocol;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "REQ/S",
            description = {"Fixed rate over all connections; latency then counts from each request's intended",
                "send time (coordinated omission corrected, as wrk2). 0: as fast as replies come (default)."})
    long rate;

    @Option(names = "--timeout", defaultValue = "2s", paramLabel = "TIME", converter = UnitConverter.ForDuration.class,
            description = "A connect or a batch of replies slower than this counts as a timeout (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Client selector threads; one drives thousands of connections (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Seed for the key and command choice (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The load point these options describe, after checking each value. */
    LoadSpec toSpec(String host, int port, int connections) {
        require(connections >= 1, "--connections must be at least 1, got " + connections);
        require(!duration.isNegative() && !duration.isZero(), "--duration must be positive");
        require(!warmup.isNegative(), "--warmup must not be negative");
        require(pipeline >= 1 && pipeline <= 10_000, "--pipeline must be between 1 and 10000, got " + pipeline);
        require(readRatio >= 0 && readRatio <= 1, "--read-ratio must be between 0 and 1, got " + readRatio);
        require(keys >= 1, "--keys must be at least 1, got " + keys);
        require(valueSize >= 1 && valueSize <= 1024 * 1024, "--value-size must be between 1 and 1048576, got " + valueSize);
        require(rate >= 0, "--rate must not be negative, got " + rate);
        require(!timeout.isNegative() && !timeout.isZero(), "--timeout must be positive");
        require(threads >= 1 && threads <= 64, "--threads must be between 1 and 64, got " + threads);
        require(port >= 1 && port <= 65535, "--port must be between 1 and 65535, got " + port);
        return new LoadSpec(host, port, connections, duration, warmup, pipeline, workload, readRatio, keys,
                (int) valueSize, protocol, rate, timeout, threads, seed);
    }

    private void require(boolean condition, String message) {
        if (!condition) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
