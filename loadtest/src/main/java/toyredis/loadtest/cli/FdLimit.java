package toyredis.loadtest.cli;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Each connection is a file descriptor: refuse, with advice, a count the process cannot open. */
final class FdLimit {

    /** Descriptors besides the sockets: selectors, jars, output files, a child server's pipes. */
    private static final int HEADROOM = 64;

    private FdLimit() {
    }

    static void check(CommandLine cmd, int connections) {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os)) {
            return; // not a Unix: no such limit to check
        }
        long max = os.getMaxFileDescriptorCount();
        long needed = os.getOpenFileDescriptorCount() + connections + HEADROOM;
        if (needed > max) {
            throw new ParameterException(cmd, String.format(
                    "%d connections need about %d file descriptors, but this process may open only %d (ulimit -n)."
                    + " Raise the limit in the shell that starts the harness (e.g. ulimit -n %d; the server"
                    + " under test needs as many) or ask for fewer connections.",
                    connections, needed, max, Math.max(needed + 1024, 2 * max)));
        }
    }
}
