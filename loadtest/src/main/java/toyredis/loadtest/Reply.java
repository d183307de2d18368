package toyredis.loadtest;

/**
 * One parsed reply, reused for every reply on a connection: the content stays in the read buffer
 * and this only points at it, so reading a reply allocates nothing.
 */
final class Reply {

    enum Kind { STATUS, ERROR, INTEGER, BULK, NIL }

    Kind kind;
    /** Content bytes [start, end) in the read buffer (STATUS, ERROR, BULK; the digits for INTEGER). */
    int start;
    int end;

    Reply set(Kind kind, int start, int end) {
        this.kind = kind;
        this.start = start;
        this.end = end;
        return this;
    }
}
