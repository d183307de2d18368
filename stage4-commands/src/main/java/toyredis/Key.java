package toyredis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A key as Redis sees it: any bytes, compared byte by byte. A {@code byte[]} cannot be a map key
 * on its own (arrays compare by identity), so this wrapper supplies equals and hashCode. It keeps
 * its own copy, so nobody can change a key after it is stored.
 */
final class Key {

    private final byte[] bytes;
    private final int hash;

    private Key(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    static Key of(byte[] bytes) {
        return new Key(bytes.clone());
    }

    static Key of(String text) {
        return new Key(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Key key && hash == key.hash && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Readable in test failures and logs; not used on the wire. */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
