package toyredis;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The append-only file's options, named as in Redis's redis.conf. {@code flushDelay} above zero
 * switches on the pitfall of this stage: replies leave at once and records wait in memory.
 * {@code relativeTtl} switches on the pitfall of time: "expire in N ms" logged as received, so
 * every restart gives each key a fresh lease. {@code rewriteDirSync} off is the pitfall of the
 * rename: a power cut undoes it. Built with {@link Builder}, one setter per option.
 */
public record AofConfig(boolean enabled, Path dir, String fileName, FsyncPolicy fsync, Duration flushDelay,
        int rewritePercentage, long rewriteMinSize, boolean relativeTtl, boolean rewriteDirSync) {

    public static final String DEFAULT_FILE_NAME = "appendonly.aof";
    public static final long DEFAULT_REWRITE_MIN_SIZE = 64L * 1024 * 1024;

    /** Redis's defaults, with the file in {@code dir}. */
    public static Builder in(Path dir) {
        return new Builder().dir(dir);
    }

    /** No persistence at all, as stage 4. */
    public static AofConfig disabled() {
        return new Builder().enabled(false).build();
    }

    public Path file() {
        return dir.resolve(fileName);
    }

    /** One field per option, each starting at Redis's default, and one setter for each. */
    public static final class Builder {
        private boolean enabled = true;
        private Path dir = Path.of(".");
        private String fileName = DEFAULT_FILE_NAME;
        private FsyncPolicy fsync = FsyncPolicy.EVERYSEC;
        private Duration flushDelay = Duration.ZERO;
        private int rewritePercentage = 100;
        private long rewriteMinSize = DEFAULT_REWRITE_MIN_SIZE;
        private boolean relativeTtl;
        private boolean rewriteDirSync = true;

        public Builder enabled(boolean on) { this.enabled = on; return this; }
        public Builder dir(Path directory) { this.dir = directory; return this; }
        public Builder fileName(String name) { this.fileName = name; return this; }
        public Builder fsync(FsyncPolicy policy) { this.fsync = policy; return this; }
        public Builder flushDelay(Duration delay) { this.flushDelay = delay; return this; }
        public Builder rewritePercentage(int percentage) { this.rewritePercentage = percentage; return this; }
        public Builder rewriteMinSize(long bytes) { this.rewriteMinSize = bytes; return this; }
        public Builder relativeTtl(boolean asReceived) { this.relativeTtl = asReceived; return this; }
        public Builder rewriteDirSync(boolean on) { this.rewriteDirSync = on; return this; }

        public AofConfig build() {
            return new AofConfig(enabled, dir, fileName, fsync, flushDelay, rewritePercentage, rewriteMinSize, relativeTtl, rewriteDirSync);
        }
    }
}
