package toyredis;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * Bytes read the way a socket (or a file read in chunks) may hand them over: in pieces of 1 to 3
 * bytes or up to an eighth of them, as the generator says, then the end. The fuzz tests feed
 * readers through it so that every boundary falls somewhere.
 */
final class PiecesStream extends InputStream {
    private final byte[] bytes;
    private final SplittableRandom random;
    private int next;

    PiecesStream(byte[] bytes, SplittableRandom random) {
        this.bytes = bytes;
        this.random = random;
    }

    @Override
    public int read() {
        return next < bytes.length ? bytes[next++] & 0xff : -1;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        if (next == bytes.length) {
            return -1;
        }
        int piece = random.nextBoolean() ? random.nextInt(1, 4) : random.nextInt(1, 2 + bytes.length / 8);
        int n = Math.min(Math.min(piece, length), bytes.length - next);
        System.arraycopy(bytes, next, into, offset, n);
        next += n;
        return n;
    }
}
