package toyredis;

import java.util.Map;

/**
 * The map every client shares. Each strategy ({@link StoreKind}) makes a different promise about
 * what happens when many client threads call these methods at the same time.
 */
public interface Store extends AutoCloseable {

    /** Thrown by {@link #incr} when the value is not a 64-bit integer or would overflow. */
    final class NotAnIntegerException extends RuntimeException {
        NotAnIntegerException() {
            super("value is not an integer or out of range", null, false, false);
        }
    }

    /** The value, or null if the key is missing. */
    String get(String key);

    void set(String key, String value);

    /** Adds one to the integer stored at key (a missing key counts as 0) and returns the result. */
    long incr(String key);

    /** How many keys are stored. */
    int size();

    /** This strategy's own counters (CAS retries, lock waits...), in a stable order; may be empty. */
    Map<String, Long> stats();

    /** Stops any thread the store owns. Call it only once no client uses the store any more. */
    @Override
    default void close() {
    }

    /**
     * What INCR stores after {@code current}: shared by every strategy so they differ only in how
     * they make the read-modify-write safe.
     */
    static long incremented(String current) {
        if (current == null) {
            return 1;
        }
        if (!isRedisInteger(current)) {
            throw new NotAnIntegerException();
        }
        try {
            return Math.addExact(Long.parseLong(current), 1);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new NotAnIntegerException(); // beyond 64 bits, or 2^63-1 + 1
        }
    }

    /**
     * Redis's shape of an integer: "0", or an optional minus, a digit 1-9, then ASCII digits.
     * Long.parseLong alone would also take "+5", "007", "-0" and non-ASCII digits.
     */
    private static boolean isRedisInteger(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        if (text.length() == start) {
            return false;
        }
        if (text.charAt(start) == '0') {
            return text.equals("0");
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
