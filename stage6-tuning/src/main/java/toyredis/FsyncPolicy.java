package toyredis;

import java.util.Locale;

/**
 * {@code --appendfsync}: when a record written to the file is forced from the operating system's
 * page cache to the disk. A write() survives the process being killed; only fsync survives the
 * machine losing power. Each policy trades throughput for how much a power cut can lose.
 */
public enum FsyncPolicy {
    /** fsync before any reply: a power cut loses nothing that was acknowledged. */
    ALWAYS,
    /** fsync in the background once a second: a power cut loses at most about a second. */
    EVERYSEC,
    /** never fsync: the OS writes dirty pages when it likes (Linux: within about 30 s). */
    NO;

    /** The name as typed on the command line and shown by INFO. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
