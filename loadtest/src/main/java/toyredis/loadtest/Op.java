package toyredis.loadtest;

/** The commands the harness sends. */
enum Op {
    PING, SET, GET, INCR;

    static final Op[] ALL = values();
}
