package toyredis.loadtest.cli;

import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import toyredis.loadtest.load.LoadRun;

/**
 * A progress bar on stderr, counting seconds of load over the whole command, with the current
 * throughput beside it. Shown only for work longer than a few seconds and without --quiet.
 */
final class ProgressDisplay implements AutoCloseable {

    private static final long SHOW_FROM_MILLIS = 3_000;

    private final ProgressBar bar;

    private ProgressDisplay(ProgressBar bar) {
        this.bar = bar;
    }

    static ProgressDisplay start(String task, long totalMillis, boolean quiet) {
        if (quiet || totalMillis < SHOW_FROM_MILLIS) {
            return new ProgressDisplay(null);
        }
        return new ProgressDisplay(new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(totalMillis)
                .setUnit(" s", 1000)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build());
    }

    /** Progress of one load point that starts {@code offsetMillis} into the whole command. */
    LoadRun.Progress forRun(long offsetMillis, String label) {
        if (bar == null) {
            return LoadRun.Progress.NONE;
        }
        long[] last = {0, 0}; // elapsed ms and replies at the previous update
        return (elapsedMillis, replies) -> {
            bar.stepTo(offsetMillis + elapsedMillis);
            long dt = elapsedMillis - last[0];
            if (dt >= 200) {
                bar.setExtraMessage(String.format(Locale.ROOT, " %s: %,.0f ops/s", label, (replies - last[1]) * 1000.0 / dt));
                last[0] = elapsedMillis;
                last[1] = replies;
            }
        };
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
