package toyredis;

import java.util.function.LongSupplier;

/**
 * Redis's active expiry ({@code activeExpireCycle} in expire.c). Lazy expiry frees a dead key only
 * when a command looks at it, so keys nobody reads again would hold their memory forever. Ten
 * times a second the first event loop runs a cycle: rounds of 20 keys that have a deadline, the
 * dead ones deleted, repeated while more than 10% of a round was dead, and cut short once the cycle
 * has used a quarter of the 100 ms between cycles. One cursor in one loop: no thread or timer per key.
 */
final class ActiveExpiry {

    static final int KEYS_PER_ROUND = 20;                     // ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP
    static final int ACCEPTABLE_STALE_PERCENT = 10;           // ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE
    static final long PERIOD_NANOS = 100_000_000;             // serverCron at hz 10
    static final long BUDGET_NANOS = PERIOD_NANOS * 25 / 100; // ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC

    private final Store store;
    private final LongSupplier nanos; // System::nanoTime, or a test's hand-moved time
    private long due;

    ActiveExpiry(Store store, LongSupplier nanos) {
        this.store = store;
        this.nanos = nanos;
        this.due = nanos.getAsLong();
    }

    /** Runs a cycle if one is due; returns the milliseconds until the next, for the loop's select(). */
    long runIfDue() {
        long now = nanos.getAsLong();
        if (now - due >= 0) {
            cycle();
            due = now + PERIOD_NANOS;
        }
        return Math.max(1, (due - now) / 1_000_000);
    }

    /** One cycle: rounds while a round finds more than 10% of its keys dead, within the time budget; returns the rounds run. */
    int cycle() {
        long start = nanos.getAsLong();
        int rounds = 0;
        Store.Sample round;
        do {
            round = store.expireSome(KEYS_PER_ROUND);
            rounds++;
            if (rounds % 16 == 0 && nanos.getAsLong() - start > BUDGET_NANOS) { // read every 16 rounds, as Redis does
                break;
            }
        } while (round.sampled() > 0 && round.expired() * 100 / round.sampled() > ACCEPTABLE_STALE_PERCENT);
        return rounds;
    }
}
