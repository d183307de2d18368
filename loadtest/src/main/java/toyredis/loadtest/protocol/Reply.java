package toyredis.loadtest.protocol;

/**
 * One parsed reply, reused for every reply on a connection: the content stays in the read buffer
 * and this only points at it, so reading a reply allocates nothing.
 */
public final class Reply {

    public enum Kind { STATUS, ERROR, INTEGER, BULK, NIL }

    public Kind kind;
    /** Content bytes [start, end) in the read buffer (STATUS, ERROR, BULK; the digits for INTEGER). */
    public int start;
    public int end;

    public Reply set(Kind kind, int start, int end) {
        this.kind = kind;
        this.start = start;
        this.end = end;
        return this;
    }
}
