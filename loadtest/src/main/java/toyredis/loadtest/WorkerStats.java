package toyredis.loadtest;

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
    long connectAttempts;
    long connectsSucceeded;
    long connectsFailed;

    void error(ErrorKind kind, String reason) {
        errors[kind.ordinal()]++;
        errorReasons.merge(kind.label() + ": " + reason, 1L, Long::sum);
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
        total.connectAttempts += connectAttempts;
        total.connectsSucceeded += connectsSucceeded;
        total.connectsFailed += connectsFailed;
    }
}
