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
    LOCKED;

    public Store create() {
        return switch (this) {
            case CHANNEL -> new ChannelStore();
            case ATOM -> new AtomStore();
            case CONCURRENT -> new ConcurrentStore();
            case LOCKED -> new LockedStore();
        };
    }

    /** The name as typed on the command line and shown by INFO. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
