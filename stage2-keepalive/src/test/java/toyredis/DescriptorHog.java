package toyredis;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the server ({@link Main}) in a child JVM beside a thread that takes file descriptors away
 * on command, so that a test decides exactly when none is left. Commands, one a line on standard
 * input, each answered with a line starting {@code hog:} on standard output:
 * <ul>
 * <li>{@code fill}: open {@code /dev/null} until "Too many open files", and keep them all open;
 * <li>{@code free one}, {@code free all}: close one of them, or all;
 * <li>{@code wait}: a virtual thread waits 1 ms to read from a socket (connected before any
 *     {@code fill}), which needs no new descriptor only if the JDK's poller was opened already.
 * </ul>
 */
public final class DescriptorHog {

    private DescriptorHog() {
    }

    public static void main(String[] args) throws IOException {
        // A connection to ourselves that stays silent, for wait. (Not accept(): on Linux it fails
        // with "Too many open files" when no descriptor is left, before it would wait.)
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket silent = new Socket(listener.getInetAddress(), listener.getLocalPort());
                Socket otherEnd = listener.accept()) {
            silent.setSoTimeout(1);
            List<FileInputStream> held = new ArrayList<>();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            Thread.ofPlatform().daemon().name("hog").start(() -> {
                try {
                    for (String command; (command = commands.readLine()) != null; ) {
                        System.out.println("hog: " + run(command, held, silent));
                    }
                } catch (IOException | InterruptedException e) {
                    System.out.println("hog: stopped: " + e);
                }
            });
            Main.main(args);
        }
    }

    private static String run(String command, List<FileInputStream> held, Socket silent)
            throws IOException, InterruptedException {
        switch (command) {
            case "fill" -> {
                try {
                    while (true) {
                        held.add(new FileInputStream("/dev/null"));
                    }
                } catch (IOException full) {
                    return "full, holding " + held.size() + " (" + full.getMessage() + ")";
                }
            }
            case "free one" -> {
                held.remove(held.size() - 1).close();
                return "freed one";
            }
            case "free all" -> {
                for (FileInputStream file : held) {
                    file.close();
                }
                held.clear();
                return "freed all";
            }
            case "wait" -> {
                Throwable[] failure = new Throwable[1];
                Thread.ofVirtual().start(() -> {
                    try {
                        silent.getInputStream().read();
                    } catch (SocketTimeoutException expected) {
                        // nothing comes: the point was to wait
                    } catch (Throwable t) {
                        failure[0] = t;
                    }
                }).join();
                return failure[0] == null ? "waited" : "could not wait: " + failure[0];
            }
            default -> {
                return "unknown command " + command;
            }
        }
    }
}
