package toyredis;

import java.util.Locale;
import java.util.function.LongSupplier;

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

    /** A new, empty store that reports every change to {@code journal}. */
    public Store create(Journal journal) {
        return create(journal, System::currentTimeMillis);
    }

    /** ...whose deadlines are judged by {@code clock} (Unix milliseconds): tests pass their own. */
    public Store create(Journal journal, LongSupplier clock) {
        Store.Expiry expiry = new Store.Expiry(clock, new java.util.concurrent.atomic.LongAdder());
        return switch (this) {
            case CHANNEL -> new ChannelStore(expiry, journal);
            case ATOM -> new AtomStore(expiry, journal);
            case CONCURRENT -> new ConcurrentStore(expiry, journal);
            case LOCKED -> new LockedStore(expiry, journal);
        };
    }

    /** The name as typed on the command line and shown by INFO. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
