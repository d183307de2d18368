package toyredis;

import java.util.Locale;

/** The stores {@code --store} can pick: stage 6's compact store, and the one its memory lesson compares against. */
public enum StoreKind {
    /** ConcurrentHashMap: per-key atomic updates, no global lock (stage 5's default). */
    CONCURRENT,
    /** An open-addressing table of byte arrays behind a read-write lock: the least memory. */
    COMPACT;

    /** A new, empty store that reports every change to {@code journal}. */
    public Store create(Journal journal) {
        return switch (this) {
            case CONCURRENT -> new ConcurrentStore(journal);
            case COMPACT -> new CompactStore(journal);
        };
    }

    /** The name as typed on the command line and shown by INFO. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
