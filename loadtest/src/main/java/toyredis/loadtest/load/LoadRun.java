package toyredis.loadtest.load;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import toyredis.loadtest.protocol.Codec;
import toyredis.loadtest.protocol.KeySpace;
import toyredis.loadtest.protocol.Protocol;

/** Runs one load point: preload if needed, start the workers, wait, merge what they counted. */
public final class LoadRun {

    /** Called about four times a second while the run goes on. */
    public interface Progress {
        void update(long elapsedMillis, long repliesSoFar);

        Progress NONE = (elapsed, replies) -> { };
    }

    private LoadRun() {
    }

    public static RunResult execute(String server, LoadSpec spec, Progress progress) throws LoadException {
        InetSocketAddress address = new InetSocketAddress(spec.host(), spec.port());
        if (address.isUnresolved()) {
            throw new LoadException("unknown host " + spec.host());
        }
        // A greeting is a line of text, whatever --protocol says.
        Protocol protocol = spec.workload() == Workload.GREETING ? Protocol.INLINE : spec.protocol();
        Codec codec = protocol.codec(new KeySpace(spec.keys(), spec.valueSize()));
        if (spec.workload().needsPreload()) {
            Preloader.preload(spec, codec);
        }
        long[] countersBefore = spec.workload() == Workload.INCR ? Preloader.readCounters(spec, codec) : null;
        long startAt = System.nanoTime();
        long measureAt = startAt + spec.warmup().toNanos();
        long stopAt = measureAt + spec.duration().toNanos();

        List<LoadWorker> workers = new ArrayList<>();
        for (int t = 0; t < spec.threads(); t++) {
            workers.add(new LoadWorker(spec, codec, address, measureAt, stopAt, spec.seed() + t));
        }
        int outBytes = spec.pipeline() * codec.maxRequestBytes();
        int inBytes = Math.max(16 * 1024, 2 * codec.maxRequestBytes());
        for (int i = 0; i < spec.connections(); i++) {
            workers.get(i % workers.size()).add(new Connection(spec.pipeline(), outBytes, inBytes), i, startAt);
        }
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < workers.size(); t++) {
            threads.add(Thread.ofPlatform().name("load-" + (t + 1)).start(workers.get(t)));
        }
        waitForWorkers(threads, workers, startAt, stopAt, progress);
        for (LoadWorker worker : workers) {
            if (worker.crash != null) {
                throw new IllegalStateException("a load thread failed", worker.crash);
            }
        }
        WorkerStats total = new WorkerStats(countersBefore == null ? 0 : countersBefore.length);
        workers.forEach(w -> w.stats.addTo(total));
        if (countersBefore != null) {
            countLostUpdates(total, countersBefore, Preloader.readCounters(spec, codec));
        }
        return result(server, spec, total);
    }

    /**
     * An INCR the server acknowledged must show in its counter afterwards. The counter may hold
     * more (INCRs still in flight when the run stopped are applied but never acknowledged), never
     * less: whatever is missing was lost.
     */
    public static void countLostUpdates(WorkerStats total, long[] before, long[] after) {
        long lost = 0;
        for (int key = 0; key < before.length; key++) {
            lost += Math.max(0, before[key] + total.incrsAcknowledged[key] - after[key]);
        }
        if (lost > 0) {
            total.error(ErrorKind.LOST_UPDATE, "acknowledged INCRs missing from the counters after the run", lost);
        }
    }

    private static void waitForWorkers(List<Thread> threads, List<LoadWorker> workers, long startAt, long stopAt,
            Progress progress) {
        // Workers stop by themselves at stopAt (and read the replies still in flight, 5 s at most);
        // the grace period only bounds a wait that went wrong.
        long giveUpAt = stopAt + TimeUnit.SECONDS.toNanos(10);
        try {
            for (Thread thread : threads) {
                while (thread.isAlive()) {
                    thread.join(250);
                    long now = System.nanoTime();
                    progress.update(TimeUnit.NANOSECONDS.toMillis(Math.min(now, stopAt) - startAt),
                            workers.stream().mapToLong(w -> w.stats.replies.get()).sum());
                    if (now > giveUpAt) {
                        workers.forEach(LoadWorker::requestStop);
                    }
                }
            }
        } catch (InterruptedException e) {
            workers.forEach(LoadWorker::requestStop);
            Thread.currentThread().interrupt();
        }
    }

    private static RunResult result(String server, LoadSpec spec, WorkerStats total) {
        Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
        for (ErrorKind kind : ErrorKind.values()) {
            errors.put(kind, total.errors[kind.ordinal()]);
        }
        double seconds = spec.duration().toNanos() / 1e9;
        return new RunResult(server, spec, total.measuredReplies, total.measuredReplies / seconds,
                total.replies.get(), errors, total.errorReasons, total.connectAttempts, total.connectsSucceeded,
                total.connectsFailed, RunResult.Latency.of(total.latency), RunResult.Latency.of(total.serviceTime),
                total.connectionsServed, RunResult.Latency.of(total.firstReply), ServerFootprint.UNKNOWN);
    }
}
