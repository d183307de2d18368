package toyredis.loadtest.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/** What one worker thread counted; merged into a {@link RunResult} at the end. */
final class WorkerStats {

    /** Nanoseconds from the intended send time to the reply (corrected for coordinated omission). */
    final Histogram latency = new Histogram(3);
    /** Nanoseconds from the actual send time to the reply (what a naive client measures). */
    final Histogram serviceTime = new Histogram(3);
    /** Right replies inside the measurement window. */
    long measuredReplies;
    /** Right replies over the whole run, warm-up included; read live by the progress bar. */
    final AtomicLong replies = new AtomicLong();
    final long[] errors = new long[ErrorKind.values().length];
    /** "kind: reason" → count, e.g. "refused: Connection refused" → 13. */
    final Map<String, Long> errorReasons = new TreeMap<>();
    /** Connections that got at least one reply inside the measurement window. */
    long connectionsServed;
    /** Nanoseconds from a connection's first connect attempt to its first reply. */
    final Histogram firstReply = new Histogram(3);
    /** incr workload: acknowledged INCRs per counter, to find lost updates afterwards (else null). */
    final long[] incrsAcknowledged;
    long connectAttempts;
    long connectsSucceeded;
    long connectsFailed;

    WorkerStats(int counters) {
        incrsAcknowledged = counters > 0 ? new long[counters] : null;
    }

    void error(ErrorKind kind, String reason) {
        error(kind, reason, 1);
    }

    void error(ErrorKind kind, String reason, long count) {
        errors[kind.ordinal()] += count;
        errorReasons.merge(kind.label() + ": " + reason, count, Long::sum);
    }

    void addTo(WorkerStats total) {
        total.latency.add(latency);
        total.serviceTime.add(serviceTime);
        total.measuredReplies += measuredReplies;
        total.replies.addAndGet(replies.get());
        for (int i = 0; i < errors.length; i++) {
            total.errors[i] += errors[i];
        }
        errorReasons.forEach((reason, count) -> total.errorReasons.merge(reason, count, Long::sum));
        total.connectionsServed += connectionsServed;
        total.firstReply.add(firstReply);
        if (incrsAcknowledged != null) {
            for (int i = 0; i < incrsAcknowledged.length; i++) {
                total.incrsAcknowledged[i] += incrsAcknowledged[i];
            }
        }
        total.connectAttempts += connectAttempts;
        total.connectsSucceeded += connectsSucceeded;
        total.connectsFailed += connectsFailed;
    }
}
