package toyredis.loadtest.random;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import toyredis.loadtest.protocol.Escapes;

/**
 * check --random: N sequences from consecutive seeds, each played to the reference whole and to
 * the server under test cut into writes; the first difference is shrunk and reported with the
 * sequence as a redis-cli script, the exact bytes, both servers' replies and how to replay it.
 */
public final class RandomCheck {

    private static final int MAX_SHRINK_TRIES = 400;

    private final Exchange reference;
    private final Exchange target;
    private final PrintWriter out;

    public RandomCheck(String referenceHost, int referencePort, String host, int port, Duration timeout, PrintWriter out) {
        this.reference = new Exchange(referenceHost, referencePort, timeout);
        this.target = new Exchange(host, port, timeout);
        this.out = out;
    }

    /** True if all {@code count} sequences, seeds {@code seed} to {@code seed + count - 1}, got the reference's replies. */
    public boolean run(long seed, int count, String replay) throws Exception {
        String unreachable = target.unreachable("start your server first, or give its address with --host and --port");
        unreachable = unreachable != null ? unreachable : reference.unreachable("start a reference, such as"
                + " redis-server --port " + reference.port() + " --save '' --appendonly no, or name it with --reference-port");
        if (unreachable != null) {
            out.printf("check: %s%n", unreachable);
            out.flush();
            return false;
        }
        out.printf("random: %d sequences, seeds %d to %d; each: FLUSHALL on both servers, then 1-%d requests (RESP and"
                + " inline, valid and invalid) over 6 keys, whole to the reference and cut into up to %d writes to %s%n",
                count, seed, seed + count - 1, SequenceGenerator.MAX_REQUESTS, SequenceGenerator.MAX_CUTS + 1, target.label());
        out.flush();
        long started = System.nanoTime();
        long requests = 0;
        long writes = 0;
        for (int i = 0; i < count; i++) {
            Sequence sequence = SequenceGenerator.generate(seed + i);
            requests += sequence.requests().size();
            writes += sequence.writes().size();
            if (difference(sequence) != null) {
                out.printf("random: sequence %d of %d (seed %d) differs from the reference%n", i + 1, count, seed + i);
                report(sequence, replay);
                return false;
            }
        }
        out.printf("random: %d sequences, %d requests in %d writes: every reply the same as the reference's (%.1f s)%n",
                count, requests, writes, (System.nanoTime() - started) / 1e9);
        out.flush();
        return true;
    }

    /** Null if both servers answered {@code sequence} alike, else the first difference. */
    private String difference(Sequence sequence) throws IOException {
        Outcome expected = reference.play(List.of(sequence.bytes()), sequence.closes());
        Outcome actual = target.play(sequence.writes(), sequence.closes());
        return actual.differenceFrom(expected, sequence);
    }

    private void report(Sequence original, String replay) throws Exception {
        Shrinker shrinker = new Shrinker(candidate -> difference(candidate) != null, MAX_SHRINK_TRIES);
        Sequence shrunk = shrinker.shrink(original);
        Outcome expected = reference.play(List.of(shrunk.bytes()), shrunk.closes());
        Outcome actual = target.play(shrunk.writes(), shrunk.closes());
        String difference = actual.differenceFrom(expected, shrunk);
        out.printf("  shrunk from %d requests in %d writes to %d in %d (%d tries)%n", original.requests().size(),
                original.writes().size(), shrunk.requests().size(), shrunk.writes().size(), shrinker.tries());
        out.printf("  as a redis-cli script (redis-cli -p PORT < sequence.txt):%n");
        out.printf("    FLUSHALL%n");
        for (Request request : shrunk.requests()) {
            out.printf("    %s%n", request.script() != null ? request.script()
                    : "# " + request.name() + ": raw bytes redis-cli cannot send; use the printf line below");
        }
        out.printf("  the bytes, exactly (after a FLUSHALL): printf '%s' | nc -q 1 127.0.0.1 PORT%n", printfQuoted(shrunk.bytes()));
        if (shrunk.writes().size() > 1) {
            out.printf("  written to %s in %d pieces:%n", target.label(), shrunk.writes().size());
            shrunk.writes().forEach(w -> out.printf("    \"%s\"%n", Escapes.escape(w)));
        }
        out.printf("  difference: %s%n", difference != null ? difference : "gone when replayed (the two servers differ only some of the time)");
        out.printf("  reference %s replied:%n", reference.label());
        expected.shown().forEach(line -> out.printf("    %s%n", line));
        out.printf("  %s replied:%n", target.label());
        actual.shown().forEach(line -> out.printf("    %s%n", line));
        out.printf("  the original sequence again: %s%n", String.format(replay, original.seed()));
        out.flush();
    }

    /** The bytes inside single quotes for the shell's printf: \r \n \xNN as printf reads them. */
    static String printfQuoted(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\\' -> out.append("\\\\");
                case '%' -> out.append("%%");
                case '\'' -> out.append("'\\''");
                default -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
            }
        }
        return out.toString();
    }
}
