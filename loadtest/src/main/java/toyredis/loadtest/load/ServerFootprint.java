package toyredis.loadtest.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How big a server process is while it serves: its threads and its resident memory, read from
 * {@code /proc/PID/status} (Linux). This is what a thread per connection costs, which no
 * throughput figure shows. Unknown (-1) where there is no /proc or no process of ours to look at.
 *
 * @param threads the process's threads
 * @param rssMib  its resident set size in MiB
 */
public record ServerFootprint(long threads, long rssMib) {

    public static final ServerFootprint UNKNOWN = new ServerFootprint(-1, -1);

    public static ServerFootprint of(long pid) {
        try {
            long threads = -1;
            long rssKib = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Threads:")) {
                    threads = Long.parseLong(line.substring(8).strip());
                } else if (line.startsWith("VmRSS:")) {
                    rssKib = Long.parseLong(line.substring(6).replace("kB", "").strip());
                }
            }
            return new ServerFootprint(threads, rssKib < 0 ? -1 : rssKib / 1024);
        } catch (IOException | RuntimeException e) {
            return UNKNOWN; // no /proc (not Linux), or the process is gone
        }
    }

    public boolean known() {
        return threads >= 0;
    }

    /** The larger of each figure: the peak over a run. */
    public ServerFootprint max(ServerFootprint other) {
        return new ServerFootprint(Math.max(threads, other.threads), Math.max(rssMib, other.rssMib));
    }
}
