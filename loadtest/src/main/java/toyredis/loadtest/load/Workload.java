package toyredis.loadtest.load;

import java.util.SplittableRandom;
import toyredis.loadtest.protocol.Op;

/** What mix of commands a run sends. */
public enum Workload {
    /** PING only: every stage from 2 on answers it. */
    PING,
    /** SET of a random key to that key's value. */
    SET,
    /** GET of a random key (preloaded first), the reply checked against the value written. */
    GET,
    /** INCR of a random counter. */
    INCR,
    /** GET with probability --read-ratio, SET otherwise. */
    MIXED,
    /** Connect, read the first line the server writes (stage 1's greeting), close, again. */
    GREETING;

    public Op next(SplittableRandom random, double readRatio) {
        return switch (this) {
            case PING -> Op.PING;
            case SET -> Op.SET;
            case GET -> Op.GET;
            case INCR -> Op.INCR;
            case MIXED -> random.nextDouble() < readRatio ? Op.GET : Op.SET;
            case GREETING -> Op.GREETING;
        };
    }

    /** GET replies are only checkable when every key was written before the run starts. */
    public boolean needsPreload() {
        return this == GET || this == MIXED;
    }

    public String lowerCase() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
