package toyredis;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters INFO shows, under Redis's field names. instantaneous_ops_per_sec is computed as
 * Redis computes it: {@link #sample} runs every 100 ms and the figure is the mean rate over the
 * last 16 samples.
 */
final class ServerStats {

    private static final int SAMPLES = 16;

    private final long startedAtMillis = System.currentTimeMillis();
    private final AtomicLong connectionsReceived = new AtomicLong();
    private final LongAdder connected = new LongAdder();
    private final LongAdder commandsProcessed = new LongAdder();

    // Touched only by the sampling thread, read by INFO: guarded by this.
    private final long[] opsPerSecSamples = new long[SAMPLES];
    private int nextSample;
    private long lastSampleMillis = -1;
    private long lastSampleCommands;

    /** A client connected; returns its id (1, 2, 3... as Redis numbers clients). */
    long clientConnected() {
        connected.increment();
        return connectionsReceived.incrementAndGet();
    }

    void clientDisconnected() {
        connected.decrement();
    }

    void commandProcessed() {
        commandsProcessed.increment();
    }

    long connectedClients() {
        return connected.sum();
    }

    long totalConnectionsReceived() {
        return connectionsReceived.get();
    }

    long totalCommandsProcessed() {
        return commandsProcessed.sum();
    }

    long uptimeSeconds() {
        return (System.currentTimeMillis() - startedAtMillis) / 1000;
    }

    /** Records the command rate since the previous sample. */
    synchronized void sample(long nowMillis) {
        long commands = commandsProcessed.sum();
        if (lastSampleMillis >= 0 && nowMillis > lastSampleMillis) {
            opsPerSecSamples[nextSample] = (commands - lastSampleCommands) * 1000 / (nowMillis - lastSampleMillis);
            nextSample = (nextSample + 1) % SAMPLES;
        }
        lastSampleMillis = nowMillis;
        lastSampleCommands = commands;
    }

    synchronized long instantaneousOpsPerSec() {
        long sum = 0;
        for (long sample : opsPerSecSamples) {
            sum += sample;
        }
        return sum / SAMPLES;
    }
}
