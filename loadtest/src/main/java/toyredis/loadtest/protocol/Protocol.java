package toyredis.loadtest.protocol;

/** How requests and replies travel: stage 2-3 text lines, or RESP2 (stage 4 on, real Redis). */
public enum Protocol {
    /** One text line per request and per reply, as stages 2 and 3 speak. */
    INLINE,
    /** RESP2 arrays of bulk strings, replies as Redis sends them. */
    RESP;

    public Codec codec(KeySpace keys) {
        return this == RESP ? new RespCodec(keys) : new InlineCodec(keys);
    }

    public String lowerCase() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
