package toyredis.loadtest.protocol;

/**
 * The commands the harness sends. GREETING sends nothing: it only reads the line a stage 1 server
 * writes on connect. READ_COUNTER is a GET of an INCR counter, used before and after an incr run.
 */
public enum Op {
    PING, SET, GET, INCR, GREETING, READ_COUNTER;

    public static final Op[] ALL = values();
}
