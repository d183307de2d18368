package toyredis;

import java.util.function.LongSupplier;

/**
 * Redis's active expiry ({@code activeExpireCycle}, expire.c). Lazy expiry frees a dead key only when a
 * command looks at it: keys nobody reads again would hold their memory forever. Ten times a second, rounds
 * of 20 keys with a deadline, the dead deleted, again while a round was over 10% dead, on a 25 ms budget.
 */
final class ActiveExpiry {

    static final int KEYS_PER_ROUND = 20;                     // ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP
    static final int ACCEPTABLE_STALE_PERCENT = 10;           // ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE
    static final long PERIOD_MILLIS = 100;                    // serverCron at hz 10
    static final long BUDGET_NANOS = PERIOD_MILLIS * 250_000; // ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC: 25%

    /** One cycle: rounds while a round finds more than 10% of its keys dead, within the time budget; returns the rounds run. */
    static int cycle(Store store, LongSupplier nanos) { // nanos: System::nanoTime, or a test's hand-moved time
        // lab 6.3: run rounds while a round finds over 10% of its keys dead; every 16 rounds, stop if past the time budget
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
        // end lab 6.3
    }
}
