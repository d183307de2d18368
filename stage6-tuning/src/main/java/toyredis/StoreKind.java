package toyredis;

import java.util.Locale;

/** The strategies {@code --store} can pick; each one is a class of its own. */
public enum StoreKind {
    /** One writer thread owns a plain map; clients queue requests and wait for the answer. */
    CHANNEL,
    /** An immutable persistent map behind an AtomicReference, replaced by compare-and-set. */
    ATOM,
    /** ConcurrentHashMap: per-key atomic updates, no global lock. */
    CONCURRENT,
    /** A plain HashMap behind a read-write lock. */
    LOCKED,
    /** Stage 6: an open-addressing table of byte arrays behind a read-write lock: the least memory. */
    COMPACT;

    /** A new, empty store that reports every change to {@code journal}. */
    public Store create(Journal journal) {
        return switch (this) {
            case CHANNEL -> new ChannelStore(journal);
            case ATOM -> new AtomStore(journal);
            case CONCURRENT -> new ConcurrentStore(journal);
            case LOCKED -> new LockedStore(journal);
            case COMPACT -> new CompactStore(journal);
        };
    }

    /** The name as typed on the command line and shown by INFO. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
