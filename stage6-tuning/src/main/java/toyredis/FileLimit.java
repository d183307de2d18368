package toyredis;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Every client holds a file descriptor, and a process may open only so many ({@code ulimit -n});
 * past that, {@code accept()} fails and the client waits in the kernel's queue, told nothing. So,
 * as Redis does at start-up, {@code maxclients} is lowered to fit, keeping 32 descriptors for the
 * server's own files on top of those the JVM holds: a client past it hears "max number of clients".
 */
final class FileLimit {

    /** Descriptors kept for the server's own files: Redis's CONFIG_MIN_RESERVED_FDS. */
    static final int RESERVED = 32;

    /** The maxclients to use, and Redis's warnings when it had to be lowered. */
    record Fit(int maxClients, List<String> warnings) {
    }

    /** The most descriptors this process may open (the JVM raised its soft limit to the hard one), and how many are open; -1 where unknown. */
    static long[] maxAndOpenFiles() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? new long[] {unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount()} : new long[] {-1, -1};
    }

    /**
     * {@code requested}, lowered if {@code maxFiles} (unknown: -1) cannot hold {@code openFiles},
     * {@link #RESERVED} more and the clients, with Redis's warnings; 0 when no client fits.
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
