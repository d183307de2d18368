package toyredis.loadtest.load;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The numbers of one load point. Throughput and latency cover the measurement window only; errors
 * and connects cover the whole run, warm-up included, so none is lost.
 *
 * @param replies        right replies inside the measurement window
 * @param repliesWholeRun right replies over the whole run (the error rate's denominator, with errors)
 * @param latency        from the intended send time (equals the actual one unless --rate fell behind)
 * @param serviceTime    from the actual send time: what a client that ignores coordinated omission reports
 * @param connectionsServed connections (of {@code spec.connections()}) that got a reply in the window
 * @param firstReply     from a connection's first connect attempt to its first reply, over connections that got one
 * @param footprint      the server process's peak threads and memory during the run, where the harness started it
 */
public record RunResult(
        String server,
        LoadSpec spec,
        long replies,
        double opsPerSecond,
        long repliesWholeRun,
        Map<ErrorKind, Long> errors,
        Map<String, Long> errorReasons,
        long connectAttempts,
        long connectsSucceeded,
        long connectsFailed,
        Latency latency,
        Latency serviceTime,
        long connectionsServed,
        Latency firstReply,
        ServerFootprint footprint) {

    public RunResult withFootprint(ServerFootprint measured) {
        return new RunResult(server, spec, replies, opsPerSecond, repliesWholeRun, errors, errorReasons,
                connectAttempts, connectsSucceeded, connectsFailed, latency, serviceTime, connectionsServed, firstReply,
                measured);
    }

    /** Latency percentiles in milliseconds. */
    public record Latency(double p50, double p90, double p99, double p999, double max) {
        static Latency of(Histogram nanos) {
            return new Latency(ms(nanos.getValueAtPercentile(50)), ms(nanos.getValueAtPercentile(90)),
                    ms(nanos.getValueAtPercentile(99)), ms(nanos.getValueAtPercentile(99.9)), ms(nanos.getMaxValue()));
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    public long errors(ErrorKind kind) {
        return errors.getOrDefault(kind, 0L);
    }

    /** Errors as a fraction of all requests that got an answer or an error. */
    public double errorRate() {
        long all = repliesWholeRun + errorCount();
        return all == 0 ? 0 : (double) errorCount() / all;
    }
}
