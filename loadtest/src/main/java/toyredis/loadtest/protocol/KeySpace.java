package toyredis.loadtest.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Key names and their values. Key n is {@code key:000000000n} (as redis-benchmark names its keys)
 * and its value is derived from n, so a GET reply can be checked without remembering anything:
 * every writer of key n writes the same bytes. INCR uses its own keys ({@code counter:...}) so it
 * never meets a non-integer value.
 */
public final class KeySpace {

    private static final int DIGITS = 12;
    /** Letters derived from the key number; the rest of a value is filler. */
    private static final int SIGNATURE_BYTES = 12;
    private static final byte[] KEY_PREFIX = "key:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COUNTER_PREFIX = "counter:".getBytes(StandardCharsets.US_ASCII);

    public final int keys;
    public final int valueSize;

    public KeySpace(int keys, int valueSize) {
        this.keys = keys;
        this.valueSize = valueSize;
    }

    public static int keyLength(Op op) {
        return (isCounter(op) ? COUNTER_PREFIX.length : KEY_PREFIX.length) + DIGITS;
    }

    public static void writeKey(ByteBuffer out, Op op, int key) {
        out.put(isCounter(op) ? COUNTER_PREFIX : KEY_PREFIX);
        for (long divisor = 100_000_000_000L; divisor > 0; divisor /= 10) { // 12 digits, zero-padded
            out.put((byte) ('0' + key / divisor % 10));
        }
    }

    private static boolean isCounter(Op op) {
        return op == Op.INCR || op == Op.READ_COUNTER;
    }

    public void writeValue(ByteBuffer out, int key) {
        long signature = signature(key);
        for (int i = 0; i < valueSize; i++) {
            out.put(valueByte(signature, i));
        }
    }

    /** Whether bytes [start, end) of the buffer are exactly key's value. */
    public boolean isValueOf(ByteBuffer in, int start, int end, int key) {
        if (end - start != valueSize) {
            return false;
        }
        long signature = signature(key);
        for (int i = 0; i < valueSize; i++) {
            if (in.get(start + i) != valueByte(signature, i)) {
                return false;
            }
        }
        return true;
    }

    public byte[] valueOf(int key) {
        ByteBuffer value = ByteBuffer.allocate(valueSize);
        writeValue(value, key);
        return value.array();
    }

    private static long signature(int key) {
        long h = (key + 1) * 0x9E3779B97F4A7C15L; // spread neighbouring keys far apart (SplitMix64)
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 31);
    }

    private static byte valueByte(long signature, int i) {
        if (i >= SIGNATURE_BYTES) {
            return 'x';
        }
        return (byte) ('a' + (int) Long.remainderUnsigned(signature >>> (5 * i), 26));
    }
}
