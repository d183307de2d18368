package toyredis.loadtest.random;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes a failing sequence short: first without any cut, then without ever smaller runs of
 * requests (halves, quarters, ... single requests), then without each remaining cut, keeping
 * each change only while the sequence still fails. Bounded by a number of tries.
 */
final class Shrinker {

    /** Still fails? (Plays the sequence to both servers.) */
    interface Test {
        boolean fails(Sequence sequence) throws Exception;
    }

    private final Test test;
    private final int maxTries;
    private int tries;

    Shrinker(Test test, int maxTries) {
        this.test = test;
        this.maxTries = maxTries;
    }

    int tries() {
        return tries;
    }

    Sequence shrink(Sequence failing) throws Exception {
        Sequence best = failing;
        if (!best.cuts().isEmpty() && fails(best.withCuts(List.of()))) {
            best = best.withCuts(List.of());
        }
        for (int run = Math.max(1, best.requests().size() / 2); run >= 1; run = run == 1 ? 0 : run / 2) {
            for (int from = 0; from + run <= best.requests().size() && best.requests().size() > 1; ) {
                Sequence shorter = best.without(from, from + run);
                if (fails(shorter)) {
                    best = shorter; // try the same place again: the next requests moved into it
                } else {
                    from += run;
                }
            }
        }
        for (int i = best.cuts().size() - 1; i >= 0; i--) {
            List<Integer> fewer = new ArrayList<>(best.cuts());
            fewer.remove(i);
            if (fails(best.withCuts(fewer))) {
                best = best.withCuts(fewer);
            }
        }
        return best;
    }

    private boolean fails(Sequence candidate) throws Exception {
        if (tries >= maxTries || candidate.requests().isEmpty()) {
            return false;
        }
        tries++;
        return test.fails(candidate);
    }
}
