package toyredis;

/**
 * Redis's rules for reading a 64-bit integer from bytes ({@code string2ll} in Redis's util.c):
 * optional {@code -}, no {@code +}, no spaces, no leading zeros, at most 20 characters, and
 * nothing that overflows a signed 64-bit value. Used for length headers, INCRBY arguments and
 * stored values alike, so {@code "007"} or {@code " 7"} is never a number, exactly as in Redis.
 */
final class RedisNumbers {

    /** Longest valid text: {@code -9223372036854775808}. */
    private static final int MAX_LENGTH = 20;

    private RedisNumbers() {
    }

    /** The value of {@code bytes[from..to)}, or null if Redis would not read it as an integer. */
    static Long parseLong(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length == 0 || length > MAX_LENGTH) {
            return null;
        }
        if (length == 1 && bytes[from] == '0') {
            return 0L;
        }
        int firstDigit = bytes[from] == '-' ? from + 1 : from;
        if (firstDigit == to || bytes[firstDigit] < '1' || bytes[firstDigit] > '9') {
            return null; // a lone "-", a leading zero, "-0", or not a digit at all
        }
        for (int i = firstDigit + 1; i < to; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(new String(bytes, from, length, java.nio.charset.StandardCharsets.ISO_8859_1));
        } catch (NumberFormatException tooBig) {
            return null;
        }
    }

    static Long parseLong(byte[] bytes) {
        return parseLong(bytes, 0, bytes.length);
    }

    /** The decimal text of a number, as Redis stores the result of INCR. */
    static byte[] toBytes(long value) {
        return Long.toString(value).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
