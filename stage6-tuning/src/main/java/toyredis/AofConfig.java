package toyredis;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The append-only file's options, named as in Redis's redis.conf. {@code flushDelay} above zero
 * switches on stage 5's pitfall: replies leave at once and records wait in memory. {@code groupCommit}
 * lets clients waiting for the file share one write and one fsync (stage 6).
 */
public record AofConfig(boolean enabled, Path dir, String fileName, FsyncPolicy fsync, Duration flushDelay,
        int rewritePercentage, long rewriteMinSize, boolean groupCommit) {

    public static final String DEFAULT_FILE_NAME = "appendonly.aof";
    public static final long DEFAULT_REWRITE_MIN_SIZE = 64L * 1024 * 1024;

    /** Redis's defaults, with the file in {@code dir}. */
    public static AofConfig in(Path dir) {
        return new AofConfig(true, dir, DEFAULT_FILE_NAME, FsyncPolicy.EVERYSEC, Duration.ZERO, 100,
                DEFAULT_REWRITE_MIN_SIZE, true);
    }

    /** No persistence at all, as stage 4. */
    public static AofConfig disabled() {
        return new AofConfig(false, Path.of("."), DEFAULT_FILE_NAME, FsyncPolicy.EVERYSEC, Duration.ZERO, 100,
                DEFAULT_REWRITE_MIN_SIZE, true);
    }

    public Path file() {
        return dir.resolve(fileName);
    }

    public AofConfig withFsync(FsyncPolicy policy) {
        return new AofConfig(enabled, dir, fileName, policy, flushDelay, rewritePercentage, rewriteMinSize, groupCommit);
    }

    public AofConfig withFlushDelay(Duration delay) {
        return new AofConfig(enabled, dir, fileName, fsync, delay, rewritePercentage, rewriteMinSize, groupCommit);
    }

    public AofConfig withGroupCommit(boolean on) {
        return new AofConfig(enabled, dir, fileName, fsync, flushDelay, rewritePercentage, rewriteMinSize, on);
    }

    public AofConfig withAutoRewrite(int percentage, long minSize) {
        return new AofConfig(enabled, dir, fileName, fsync, flushDelay, percentage, minSize, groupCommit);
    }
}
