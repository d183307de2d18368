package toyredis.loadtest.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import toyredis.loadtest.protocol.Escapes;

/**
 * One file of conformance cases (resources {@code check/stageN.txt}): which stages it applies to,
 * and its cases in order. The format is plain text so attendees can read and extend it; it is
 * described at the top of {@code stage1.txt}.
 */
public record CheckSuite(String file, int fromStage, int toStage, List<CheckSuite.Case> cases) {

    public static final int LAST_STAGE = 6;

    /** A step of a case: send bytes, expect bytes, expect the server to hang up, or wait. */
    public sealed interface Step permits Send, Expect, ExpectClosed, Wait {
    }

    public record Send(byte[] bytes) implements Step {
    }

    public record Expect(byte[] bytes) implements Step {
    }

    public record ExpectClosed() implements Step {
    }

    /** Let time pass, e.g. beyond a key's deadline (stage 4's expiry cases). */
    public record Wait(Duration time) implements Step {
    }

    public record Case(String name, String file, int line, List<Step> steps) {
    }

    public boolean appliesTo(int stage) {
        return fromStage <= stage && stage <= toStage;
    }

    /** The suites that apply to {@code stage}, earliest stage's first. */
    public static List<CheckSuite> forStage(int stage) {
        List<CheckSuite> suites = new ArrayList<>();
        for (int n = 1; n <= LAST_STAGE; n++) {
            String file = "stage" + n + ".txt";
            try (InputStream in = CheckSuite.class.getResourceAsStream("/toyredis/loadtest/check/" + file)) {
                if (in != null) {
                    CheckSuite suite = parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    if (suite.appliesTo(stage)) {
                        suites.add(suite);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return suites;
    }

    public static CheckSuite parse(String file, String text) {
        int from = 0;
        int to = 0;
        List<Case> cases = new ArrayList<>();
        String caseName = null;
        int caseLine = 0;
        List<Step> steps = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int lineNumber = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + lineNumber + ": ";
            if (line.startsWith("stages ")) {
                String[] range = line.substring(7).strip().split("-");
                from = Integer.parseInt(range[0].strip());
                to = Integer.parseInt(range[range.length - 1].strip());
            } else if (line.startsWith("case ")) {
                if (caseName != null) {
                    cases.add(new Case(caseName, file, caseLine, List.copyOf(steps)));
                }
                caseName = line.substring(5).strip();
                caseLine = lineNumber;
                steps.clear();
            } else if (caseName == null) {
                throw new IllegalArgumentException(where + "a step before the first case: " + line);
            } else if (line.equals("expect closed")) {
                steps.add(new ExpectClosed());
            } else if (line.startsWith("wait ")) {
                steps.add(new Wait(milliseconds(where, line.substring(5).strip())));
            } else if (line.startsWith("send ")) {
                steps.add(new Send(literal(where, line.substring(5))));
            } else if (line.startsWith("expect ")) {
                steps.add(new Expect(literal(where, line.substring(7))));
            } else {
                throw new IllegalArgumentException(where + "expected stages, case, send, expect or wait: " + line);
            }
        }
        if (caseName != null) {
            cases.add(new Case(caseName, file, caseLine, List.copyOf(steps)));
        }
        if (from == 0) {
            throw new IllegalArgumentException(file + ": no \"stages A-B\" line");
        }
        return new CheckSuite(file, from, to, cases);
    }

    /** "150ms": a whole number of milliseconds, at most a minute. */
    private static Duration milliseconds(String where, String text) {
        if (!text.matches("[0-9]{1,5}ms")) {
            throw new IllegalArgumentException(where + "wait takes milliseconds, such as wait 150ms: " + text);
        }
        Duration time = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        if (time.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException(where + "wait at most 60000ms: " + text);
        }
        return time;
    }

    private static byte[] literal(String where, String quoted) {
        String q = quoted.strip();
        if (q.length() < 2 || !q.startsWith("\"") || !q.endsWith("\"")) {
            throw new IllegalArgumentException(where + "bytes must be in double quotes: " + q);
        }
        try {
            return Escapes.unescape(q.substring(1, q.length() - 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage());
        }
    }
}
