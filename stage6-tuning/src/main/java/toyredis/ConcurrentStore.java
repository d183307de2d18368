package toyredis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ConcurrentHashMap}: reads take no lock, and {@code compute} runs the whole
 * read-modify-write of INCR (or SET NX) atomically for that one key while other keys stay free.
 * The journal is written inside {@code compute}, while the key's bin is locked: changes to one
 * key are logged in the order they were applied, and changes to different keys commute. A dead
 * key is judged there too, so no SET can slip in between "it is dead" and "remove it".
 *
 * <p>Stage 6 keeps it as the baseline of the memory lesson: a key is a {@code String} made from
 * the client's bytes (an array has no equals() a map can use), in a node of its own. A value is
 * its bytes, or an {@link Entry} for a key with a deadline. Expiry here is lazy only.
 */
final class ConcurrentStore implements Store {

    private final ConcurrentHashMap<String, Object> map = new ConcurrentHashMap<>();
    private final Journal journal;
    private final Expiry expiry;

    ConcurrentStore(Journal journal, Expiry expiry) {
        this.journal = journal;
        this.expiry = expiry;
    }

    /** A key's bytes as a String key: Latin-1 keeps every byte as one char, so binary keys survive. */
    private static String latin1(byte[] key) {
        return new String(key, StandardCharsets.ISO_8859_1);
    }

    @Override
    public byte[] get(byte[] key) {
        return liveValue(key, map.get(latin1(key)));
    }

    @Override
    public Entry update(byte[] key, java.util.function.UnaryOperator<Entry> change) {
        Entry[] live = new Entry[1];
        // An exception thrown inside compute leaves the old value in place.
        map.compute(latin1(key), (k, current) -> {
            Entry stored = Store.entry(current);
            Entry after = change.apply(live[0] = expiry.alive(stored));
            byte[][] record = Journal.change(key, stored, after);
            if (record == null) {
                return current;
            }
            journal.append(record);
            return Store.stored(after);
        });
        return live[0];
    }

    @Override
    public Expiry expiry() {
        return expiry;
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public int withDeadline() {
        return (int) map.values().stream().filter(Entry.class::isInstance).count();
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
        for (Map.Entry<String, Object> stored : map.entrySet()) {
            Entry entry = Store.entry(stored.getValue());
            visitor.visit(stored.getKey().getBytes(StandardCharsets.ISO_8859_1), entry.value(), entry.deadline());
        }
    }
}
