package toyredis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ConcurrentHashMap}: reads take no lock, and {@code compute} runs the whole
 * read-modify-write of INCR (or SET NX) atomically for that one key while other keys stay free.
 * The journal is written inside {@code compute}, while the key's bin is locked: changes to one
 * key are logged in the order they were applied, and changes to different keys commute.
 *
 * <p>Stage 6 keeps it as the baseline of the memory lesson: a key is a {@code String} made from
 * the client's bytes (an array has no equals() a map can use), in a node of its own.
 */
final class ConcurrentStore implements Store {

    private final ConcurrentHashMap<String, byte[]> map = new ConcurrentHashMap<>();
    private final Journal journal;

    ConcurrentStore(Journal journal) {
        this.journal = journal;
    }

    /** A key's bytes as a String key: Latin-1 keeps every byte as one char, so binary keys survive. */
    private static String latin1(byte[] key) {
        return new String(key, StandardCharsets.ISO_8859_1);
    }

    @Override
    public byte[] get(byte[] key) {
        return map.get(latin1(key));
    }

    @Override
    public byte[] set(byte[] key, byte[] value, SetCondition condition) {
        byte[][] before = new byte[1][];
        map.compute(latin1(key), (k, current) -> {
            before[0] = current;
            if (!condition.allows(current)) {
                return current;
            }
            journal.append(Journal.set(key, value));
            return value;
        });
        return before[0];
    }

    @Override
    public boolean delete(byte[] key) {
        boolean[] existed = new boolean[1];
        map.computeIfPresent(latin1(key), (k, current) -> {
            existed[0] = true;
            journal.append(Journal.delete(key));
            return null;
        });
        return existed[0];
    }

    @Override
    public long incrBy(byte[] key, long delta) {
        // An exception thrown inside compute leaves the old value in place.
        byte[] next = map.compute(latin1(key), (k, current) -> {
            byte[] value = Store.toBytes(Store.incremented(current, delta));
            journal.append(Journal.set(key, value)); // the result, not the INCR: replaying it twice is harmless
            return value;
        });
        return Long.parseLong(new String(next, StandardCharsets.ISO_8859_1));
    }

    @Override
    public int size() {
        return map.size();
    }

    /**
     * {@code ConcurrentHashMap.clear()} is not atomic: a SET racing it may survive. Logging one
     * FLUSHALL could then replay differently from what happened, so each removal is logged as the
     * DEL it really was.
     */
    @Override
    public void clear() {
        for (String key : map.keySet()) {
            delete(key.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** No copy at all: the live map, which the walk reads while writes go on (fuzzy). */
    @Override
    public void forEach(EntryVisitor visitor) throws IOException {
        for (Map.Entry<String, byte[]> entry : map.entrySet()) {
            visitor.visit(entry.getKey().getBytes(StandardCharsets.ISO_8859_1), entry.getValue());
        }
    }
}
