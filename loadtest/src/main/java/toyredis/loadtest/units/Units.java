package toyredis.loadtest.units;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations and sizes the one way the whole workbook writes them (stages and harness alike).
 *
 * <p>A duration is {@code 0}, or a whole number immediately followed by a unit: {@code ms},
 * {@code s}, {@code m} (minutes) or {@code h}. Case does not matter; spaces and decimals are not
 * allowed, and a bare number other than 0 is refused: is {@code 10} seconds or milliseconds?
 *
 * <p>A size is redis.conf's memory unit: a bare number of bytes, or a whole number followed by
 * {@code b} (1), {@code k} (1000), {@code kb} (1024), {@code m} (10^6), {@code mb} (2^20), {@code g} (10^9) or
 * {@code gb} (2^30), case-insensitive.
 *
 * <p>A text that does not fit gets an {@link IllegalArgumentException} whose message says what
 * was expected and what came; the command line shows it as it is.
 */
public final class Units {

    /** What a duration looks like, for error messages and {@code --help}. */
    public static final String DURATION_EXAMPLES = "500ms, 10s, 2m or 0";
    /** What a size looks like, for error messages and {@code --help}. */
    public static final String SIZE_EXAMPLES = "3, 1k, 1kb, 2mb or 1gb";

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)(b|k|kb|m|mb|g|gb)?");

    private Units() {
    }

    public static Duration duration(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration such as " + DURATION_EXAMPLES + ", got '" + text + "'");
        }
        long amount = whole(m.group(1), text, "duration");
        try {
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        } catch (ArithmeticException tooLong) {
            throw new IllegalArgumentException("the duration '" + text + "' is too long");
        }
    }

    public static long size(String text) {
        Matcher m = SIZE.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a size such as " + SIZE_EXAMPLES
                    + " (k=1000, kb=1024, m, mb, g, gb as in redis.conf), got '" + text + "'");
        }
        long amount = whole(m.group(1), text, "size");
        long unit = m.group(2) == null ? 1 : switch (m.group(2)) {
            case "b" -> 1L;
            case "k" -> 1_000L;
            case "kb" -> 1L << 10;
            case "m" -> 1_000_000L;
            case "mb" -> 1L << 20;
            case "g" -> 1_000_000_000L;
            default -> 1L << 30;
        };
        try {
            return Math.multiplyExact(amount, unit);
        } catch (ArithmeticException tooBig) {
            throw new IllegalArgumentException("the size '" + text + "' is too big");
        }
    }

    private static long whole(String digits, String text, String what) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException tooManyDigits) {
            throw new IllegalArgumentException("the " + what + " '" + text + "' is too big");
        }
    }

    /** For people: "10 s", "500 ms", "1.5 s". */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
