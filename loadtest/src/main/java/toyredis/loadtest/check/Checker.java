package toyredis.loadtest.check;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import toyredis.loadtest.protocol.Escapes;

/**
 * Runs conformance cases in order against a server, printing for each step the bytes sent, the
 * bytes expected and the bytes received, and stops at the first case that fails. From stage 3 on,
 * a last case has several clients INCR one key at once: a store that loses updates fails it.
 */
public final class Checker {

    /** How long to wait for bytes nobody expected after a case's last step. */
    private static final int EXTRA_BYTES_WAIT_MILLIS = 100;
    private static final int MAX_SHOWN_BYTES = 512;

    private final InetSocketAddress address;
    private final int timeoutMillis;
    private final PrintWriter out;

    public Checker(String host, int port, Duration timeout, PrintWriter out) {
        this.address = new InetSocketAddress(host, port);
        this.timeoutMillis = (int) timeout.toMillis();
        this.out = out;
    }

    /** Clients and INCRs each for the concurrent case: enough that an unguarded map loses some. */
    public static final int INCR_CLIENTS = 8;
    public static final int INCRS_PER_CLIENT = 2_500;
    private static final Duration INCR_CASE_LIMIT = Duration.ofSeconds(10);

    /** A case written in Java rather than in a cases file: a name, and a run that returns null or why it failed. */
    public record CodedCase(String name, CaseRun run) {
    }

    @FunctionalInterface
    public interface CaseRun {
        String run() throws Exception;
    }

    /** True when every case passed (and, with {@code concurrentIncrs}, the concurrent INCR case too). */
    public boolean run(List<CheckSuite> suites, boolean concurrentIncrs) {
        return run(suites, concurrentIncrs, List.of());
    }

    /** The same, then the cases {@code more} (stages 5 and 6: crashes, restarts, crowds), in order. */
    public boolean run(List<CheckSuite> suites, boolean concurrentIncrs, List<CodedCase> more) {
        String unreachable = unreachable();
        if (unreachable != null) {
            out.printf("check: %s%n", unreachable);
            out.flush();
            return false;
        }
        List<CodedCase> coded = new ArrayList<>();
        if (concurrentIncrs) {
            coded.add(new CodedCase(INCR_CLIENTS + " clients INCR one key " + INCRS_PER_CLIENT + " times each, at the same time",
                    this::concurrentIncrCase));
        }
        coded.addAll(more);
        int total = suites.stream().mapToInt(s -> s.cases().size()).sum() + coded.size();
        int number = 0;
        for (CheckSuite suite : suites) {
            for (CheckSuite.Case c : suite.cases()) {
                number++;
                String where = c.file() + " line " + c.line();
                out.printf("[%2d/%d] %s (%s)%n", number, total, c.name(), where);
                if (!verdict(number, total, "\"" + c.name() + "\" (" + where + ")", runCase(c))) {
                    return false;
                }
            }
        }
        for (CodedCase c : coded) {
            number++;
            out.printf("[%2d/%d] %s%n", number, total, c.name());
            out.flush();
            String failure;
            long started = System.nanoTime();
            try {
                failure = c.run().run();
            } catch (Exception e) {
                failure = e.getMessage() != null ? e.getMessage() : e.toString();
            }
            show("took", String.format("%.1f s", (System.nanoTime() - started) / 1e9));
            if (!verdict(number, total, "\"" + c.name() + "\"", failure)) {
                return false;
            }
        }
        out.printf("%nall %d cases passed%n", total);
        out.flush();
        return true;
    }

    /** Prints a case's outcome; false (and the closing line) if it failed. */
    private boolean verdict(int number, int total, String name, String failure) {
        if (failure != null) {
            out.printf("        FAILED: %s%n%n", failure);
            out.printf("check failed at case %d of %d, %s: %s%n", number, total, name, failure);
            out.flush();
            return false;
        }
        out.printf("        ok%n");
        out.flush();
        return true;
    }

    /** Null when something accepts connections at the address, else one line saying why not. */
    private String unreachable() {
        try (Socket socket = new Socket()) {
            socket.connect(address, timeoutMillis);
            return null;
        } catch (IOException e) {
            return "nothing answers at " + address.getHostString() + ":" + address.getPort() + " (" + e.getMessage()
                    + "): start your server first, or give its address with --host and --port";
        }
    }

    /**
     * Several clients send INCR on one fresh key at the same time, each waiting for every reply;
     * then one more INCR must answer exactly one more than all the acknowledged ones. Inline
     * requests, so the same bytes suit stage 3's text protocol and RESP servers alike.
     */
    private String concurrentIncrCase() {
        byte[] request = ("INCR check:counter:" + System.nanoTime() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        long deadline = System.nanoTime() + INCR_CASE_LIMIT.toNanos();
        AtomicLong acknowledged = new AtomicLong();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < INCR_CLIENTS; c++) {
            clients.add(Thread.ofPlatform().start(() -> {
                try (Socket socket = connect()) {
                    InputStream in = new BufferedInputStream(socket.getInputStream());
                    OutputStream send = socket.getOutputStream();
                    for (int i = 0; i < INCRS_PER_CLIENT && System.nanoTime() < deadline; i++) {
                        send.write(request);
                        send.flush();
                        if (integerReply(in) < 0) {
                            problems.add("an INCR was not answered with a number");
                            return;
                        }
                        acknowledged.incrementAndGet();
                    }
                } catch (IOException e) {
                    problems.add(e.getMessage());
                }
            }));
        }
        for (Thread client : clients) {
            try {
                client.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + timeoutMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        if (!problems.isEmpty()) {
            return "a client failed: " + problems.getFirst();
        }
        try (Socket socket = connect()) {
            socket.getOutputStream().write(request);
            long last = integerReply(new BufferedInputStream(socket.getInputStream()));
            long expected = acknowledged.get() + 1;
            show("expected", "the last INCR answers " + expected + " (" + acknowledged.get() + " acknowledged before it, + 1)");
            show("received", String.valueOf(last));
            if (last == expected) {
                return null;
            }
            return last < expected ? (expected - last) + " of " + acknowledged.get()
                    + " acknowledged increments were lost (two clients read the same old value, both wrote old+1)"
                    : "the counter is " + (last - expected) + " higher than the increments sent";
        } catch (IOException e) {
            return "cannot talk to " + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage();
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(address, timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** Reads one reply line and returns its number ("42" from stage 3, ":42" from RESP), or -1. */
    private static long integerReply(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.append((char) b);
        }
        String text = line.toString().strip();
        text = text.startsWith(":") ? text.substring(1) : text;
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Null when the case passed, else why it failed. */
    private String runCase(CheckSuite.Case c) {
        try (Socket socket = new Socket()) {
            socket.connect(address, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream send = socket.getOutputStream();
            for (CheckSuite.Step step : c.steps()) {
                String failure = switch (step) {
                    case CheckSuite.Send s -> {
                        show("sent", s.bytes());
                        send.write(s.bytes());
                        send.flush();
                        yield null;
                    }
                    case CheckSuite.Expect e -> expect(socket, in, e.bytes());
                    case CheckSuite.ExpectClosed closed -> expectClosed(socket, in);
                    case CheckSuite.Wait w -> pause(w.time());
                };
                if (failure != null) {
                    return failure;
                }
            }
            boolean endsClosed = !c.steps().isEmpty() && c.steps().getLast() instanceof CheckSuite.ExpectClosed;
            return endsClosed ? null : noExtraBytes(socket, in);
        } catch (IOException e) {
            return "cannot talk to " + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage();
        }
    }

    /** A wait step: the one place the checker sleeps, because a deadline on the server's clock must pass. */
    private String pause(Duration time) {
        show("waited", time.toMillis() + " ms");
        try {
            Thread.sleep(time);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting";
        }
    }

    private String expect(Socket socket, InputStream in, byte[] expected) {
        show("expected", expected);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (int i = 0; i < expected.length; i++) {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                showReceived(got);
                return got.size() == 0 ? "no reply within " + timeoutMillis + " ms"
                        : "only " + got.size() + " of " + expected.length + " bytes arrived within " + timeoutMillis + " ms";
            } catch (IOException e) {
                showReceived(got);
                return "connection error after " + got.size() + " bytes: " + e.getMessage();
            }
            if (b < 0) {
                showReceived(got);
                return got.size() == 0 ? "the server closed the connection without replying"
                        : "the server closed the connection after " + got.size() + " of " + expected.length + " bytes";
            }
            got.write(b);
            if (b != (expected[i] & 0xff)) {
                readWhatElseArrives(socket, in, got);
                showReceived(got);
                return String.format("the reply differs at byte %d: expected \"%s\", received \"%s\"", i,
                        Escapes.escape(new byte[] {expected[i]}), Escapes.escape(new byte[] {(byte) b}));
            }
        }
        showReceived(got);
        return null;
    }

    private String expectClosed(Socket socket, InputStream in) {
        try {
            int b = in.read();
            if (b < 0) {
                show("received", "(connection closed)");
                return null;
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            got.write(b);
            readWhatElseArrives(socket, in, got);
            show("expected", "(connection closed)");
            showReceived(got);
            return "expected the server to close the connection, but it sent more bytes";
        } catch (SocketTimeoutException e) {
            show("expected", "(connection closed)");
            show("received", "(still open after " + timeoutMillis + " ms)");
            return "expected the server to close the connection, but it stayed open";
        } catch (IOException e) {
            show("received", "(connection closed: " + e.getMessage() + ")"); // a reset closes it too
            return null;
        }
    }

    private String noExtraBytes(Socket socket, InputStream in) {
        ByteArrayOutputStream extra = new ByteArrayOutputStream();
        readWhatElseArrives(socket, in, extra);
        if (extra.size() == 0) {
            return null;
        }
        show("extra", extra.toByteArray());
        return extra.size() + " bytes after the expected reply, which no request asked for";
    }

    /** Reads whatever else comes within a short wait, to show the whole of a wrong reply. */
    private void readWhatElseArrives(Socket socket, InputStream in, ByteArrayOutputStream got) {
        try {
            socket.setSoTimeout(EXTRA_BYTES_WAIT_MILLIS);
            int b;
            while (got.size() < MAX_SHOWN_BYTES && (b = in.read()) >= 0) {
                got.write(b);
            }
        } catch (IOException e) {
            // a quiet or closed connection: nothing more to show
        } finally {
            try {
                socket.setSoTimeout(timeoutMillis);
            } catch (IOException e) {
                // the socket is gone; the next read reports it
            }
        }
    }

    private void showReceived(ByteArrayOutputStream got) {
        show("received", got.toByteArray());
    }

    private void show(String label, byte[] bytes) {
        show(label, "\"" + Escapes.escape(bytes) + "\"");
    }

    private void show(String label, String text) {
        show(out, label, text);
    }

    /** One line of a case's details, lined up under its name: "expected", "received", ... */
    static void show(PrintWriter out, String label, String text) {
        out.printf("        %-9s %s%n", label, text);
    }
}
