package toyredis;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Two things the JVM does the first time they are needed open a file descriptor. Left until
 * clients hold every descriptor, they fail, and the JVM remembers the failure: the class stays
 * broken, and so does every client after, even once descriptors are free. So the server does
 * them at start, as it reads the time zones ({@link Server#start}).
 */
final class WarmUp {

    private WarmUp() {
    }

    static void run() throws IOException {
        openThePoller();
        loadTheClasses();
    }

    /** A virtual thread's first wait on a socket opens the JDK's poller (epoll, reads and writes at once). */
    private static void openThePoller() throws IOException {
        try (ServerSocket idle = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            idle.setSoTimeout(1);
            Thread.ofVirtual().start(() -> {
                try {
                    idle.accept(); // waits 1 ms for a connection that never comes
                } catch (IOException timedOut) {
                    // the point was to wait
                }
            }).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Run from a directory (the tests, mvn exec:java), a class's first use opens its file. A jar is open already. */
    private static void loadTheClasses() throws IOException {
        try {
            Path classes = Path.of(WarmUp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<Path> files = List.of();
            if (Files.isDirectory(classes)) {
                try (var walk = Files.walk(classes)) {
                    files = walk.filter(file -> file.toString().endsWith(".class")).toList();
                }
            }
            for (Path file : files) {
                String name = classes.relativize(file).toString().replace(File.separatorChar, '.').replaceAll("\\.class$", "");
                Class.forName(name, false, WarmUp.class.getClassLoader());
            }
        } catch (URISyntaxException | ClassNotFoundException e) {
            throw new IOException(e);
        }
    }
}
