package toyredis;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Every client holds a file descriptor, and a process may open only so many ({@code ulimit -n}).
 * Past that, {@code accept()} fails and the client waits in the kernel's queue with no word of
 * why. So, as Redis does at start-up, {@code maxclients} is lowered to fit the limit, keeping
 * 32 descriptors for the server's files (the append-only file and its rewrite, the event loops'
 * selectors, the listening socket) on top of those the JVM holds already (its jars, standard
 * streams): a client past the limit is told "max number of clients reached".
 */
final class FileLimit {

    /** Descriptors kept for the server's own files: Redis's CONFIG_MIN_RESERVED_FDS. */
    static final int RESERVED = 32;

    /** The maxclients to use, and Redis's warnings when it had to be lowered. */
    record Fit(int maxClients, List<String> warnings) {
    }

    private FileLimit() {
    }

    /**
     * The most descriptors this process may open, and how many it has open now; -1 where the JVM
     * cannot tell (not Unix). The JVM raised its soft limit to the hard one at start, so the
     * limit is as high as it gets.
     */
    static long[] maxAndOpenFiles() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? new long[] {unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount()} : new long[] {-1, -1};
    }

    /**
     * {@code requested}, lowered if it must be so that {@code maxFiles} (unknown: -1) holds the
     * {@code openFiles} already open, {@link #RESERVED} more and the clients, with Redis's
     * warnings. When not even one client fits, maxclients is 0 and the one message says why the
     * server cannot start.
     */
    static Fit fit(int requested, long maxFiles, long openFiles) {
        long kept = openFiles + RESERVED;
        long needed = requested + kept;
        if (maxFiles < 0 || maxFiles >= needed) {
            return new Fit(requested, List.of());
        }
        if (maxFiles <= kept) {
            return new Fit(0, List.of("Your current 'ulimit -n' of " + maxFiles + " is not enough for the server to start."
                    + " Please increase your open file limit to at least " + needed + ". Exiting."));
        }
        int lowered = (int) (maxFiles - kept);
        return new Fit(lowered, List.of(
                "You requested maxclients of " + requested + " requiring at least " + needed + " max file descriptors.",
                "Current maximum open files is " + maxFiles + ". maxclients has been reduced to " + lowered
                        + " to compensate for low ulimit. If you need higher maxclients increase 'ulimit -n'."));
    }
}
