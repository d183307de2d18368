package toyredis.loadtest.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import toyredis.loadtest.load.LoadException;

/**
 * The bytes a running JVM keeps alive, read with {@code jcmd <pid> GC.class_histogram}: a full
 * GC first, then the objects left, counted class by class. Whichever collector the JVM chose, this
 * counts only live objects ({@code GC.heap_info}'s "used" also counts unused space in G1's regions).
 */
public final class LiveHeap {

    /** A row of the class histogram: {@code    1:   513586   17015792  [B (java.base@25)}. */
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+).*");

    private LiveHeap() {
    }

    /** The live bytes of the JVM with this process id; {@code label} names it in errors. */
    public static long bytes(long pid, String label) throws LoadException {
        String histogram = jcmd(pid, "GC.class_histogram");
        long bytes = totalOf(histogram);
        if (bytes < 0) {
            throw new LoadException("jcmd GC.class_histogram listed no objects for " + label + ":\n" + histogram);
        }
        return bytes;
    }

    /** The bytes of every row of a class histogram, G1's fillers left out; -1 if there is no row at all. */
    private static long totalOf(String histogram) {
        long bytes = 0;
        boolean any = false;
        for (String line : histogram.lines().toList()) {
            Matcher row = HISTOGRAM_ROW.matcher(line);
            // G1 plugs unused space with filler objects, which the histogram lists: they hold no data.
            if (row.matches() && !row.group(2).contains("jdk.internal.vm.Filler")) {
                bytes += Long.parseLong(row.group(1));
                any = true;
            }
        }
        return any ? bytes : -1;
    }

    private static String jcmd(long pid, String command) throws LoadException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new LoadException("jcmd " + pid + " " + command + " failed:\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new LoadException("cannot run " + jcmd + " (memory needs a full JDK, not a JRE): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadException("interrupted while running jcmd");
        }
    }
}
