package toyredis;

import java.util.Locale;
import java.util.function.LongSupplier;

/** The stores {@code --store} can pick: stage 6's compact store, and the one its memory lesson compares against. */
public enum StoreKind {
    /** ConcurrentHashMap: per-key atomic updates, no global lock (stage 5's default). */
    CONCURRENT,
    /** An open-addressing table of byte arrays behind a read-write lock: the least memory. */
    COMPACT;

    /** A new, empty store that reports every change to {@code journal}; keys expire by {@code clock} (Unix ms). */
    public Store create(Journal journal, LongSupplier clock) {
        Store.Expiry expiry = new Store.Expiry(clock, new java.util.concurrent.atomic.LongAdder());
        return switch (this) {
            case CONCURRENT -> new ConcurrentStore(journal, expiry);
            case COMPACT -> new CompactStore(journal, expiry);
        };
    }

    /** The name as typed on the command line and shown by INFO. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
