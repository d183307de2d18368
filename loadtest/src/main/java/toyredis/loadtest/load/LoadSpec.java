package toyredis.loadtest.load;

import java.time.Duration;
import toyredis.loadtest.units.Units;
import toyredis.loadtest.protocol.Protocol;

/**
 * Everything that defines one load point. {@code rate} is requests per second over all
 * connections, 0 for "as fast as the server answers" (closed loop).
 */
public record LoadSpec(
        String host,
        int port,
        int connections,
        Duration duration,
        Duration warmup,
        int pipeline,
        Workload workload,
        double readRatio,
        int keys,
        int valueSize,
        Protocol protocol,
        long rate,
        Duration timeout,
        int threads,
        long seed) {

    /** The defaults of the command line, against 127.0.0.1:port. */
    public static LoadSpec defaults(int port) {
        return new LoadSpec("127.0.0.1", port, 50, Duration.ofSeconds(10), Duration.ofSeconds(1), 1,
                Workload.SET, 0.9, 10_000, 3, Protocol.RESP, 0, Duration.ofSeconds(2), 1, 42);
    }

    public LoadSpec withTarget(String newHost, int newPort) {
        return new LoadSpec(newHost, newPort, connections, duration, warmup, pipeline, workload, readRatio, keys,
                valueSize, protocol, rate, timeout, threads, seed);
    }

    public LoadSpec withConnections(int count) {
        return new LoadSpec(host, port, count, duration, warmup, pipeline, workload, readRatio, keys,
                valueSize, protocol, rate, timeout, threads, seed);
    }

    public LoadSpec withTiming(Duration newDuration, Duration newWarmup) {
        return new LoadSpec(host, port, connections, newDuration, newWarmup, pipeline, workload, readRatio, keys,
                valueSize, protocol, rate, timeout, threads, seed);
    }

    public LoadSpec withWorkload(Workload newWorkload, Protocol newProtocol) {
        return new LoadSpec(host, port, connections, duration, warmup, pipeline, newWorkload, readRatio, keys,
                valueSize, newProtocol, rate, timeout, threads, seed);
    }

    public LoadSpec withKeys(int count) {
        return new LoadSpec(host, port, connections, duration, warmup, pipeline, workload, readRatio, count,
                valueSize, protocol, rate, timeout, threads, seed);
    }

    public LoadSpec withPipeline(int depth) {
        return new LoadSpec(host, port, connections, duration, warmup, depth, workload, readRatio, keys,
                valueSize, protocol, rate, timeout, threads, seed);
    }

    public LoadSpec withRate(long requestsPerSecond) {
        return new LoadSpec(host, port, connections, duration, warmup, pipeline, workload, readRatio, keys,
                valueSize, protocol, requestsPerSecond, timeout, threads, seed);
    }

    public LoadSpec withTimeout(Duration newTimeout) {
        return new LoadSpec(host, port, connections, duration, warmup, pipeline, workload, readRatio, keys,
                valueSize, protocol, rate, newTimeout, threads, seed);
    }

    /** One line such as "set over resp to 127.0.0.1:6379, 50 connections, pipeline 1, 10 s (+1 s warm-up)". */
    public String describe() {
        String mix = workload == Workload.MIXED
                ? String.format("mixed (%.0f%% GET)", readRatio * 100) : workload.lowerCase();
        String pace = rate > 0 ? ", fixed rate " + rate + " req/s" : "";
        String over = workload == Workload.GREETING ? "" : " over " + protocol.lowerCase();
        return String.format("%s%s to %s:%d, %d connections, pipeline %d%s, %s (+%s warm-up)",
                mix, over, host, port, connections, pipeline, pace,
                Units.format(duration), Units.format(warmup));
    }
}
