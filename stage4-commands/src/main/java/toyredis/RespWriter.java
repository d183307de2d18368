package toyredis;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes RESP2 replies. The client handler gives it a buffered stream and flushes once no
 * complete request is left in its input, so a pipeline of 100 requests costs one write, not 100.
 * From stage 5 on, the append-only file writes its records, arrays of bulk strings, with the same
 * {@link #arrayHeader} and {@link #bulk}.
 */
final class RespWriter {

    private static final byte[] CRLF = {'\r', '\n'};

    private final OutputStream out;

    /** Writes to {@code out} as it is: give it a buffered stream, or a socket sees one write per line. */
    RespWriter(OutputStream out) {
        this.out = out;
    }

    void write(Reply reply) throws IOException {
        switch (reply) {
            case Reply.SimpleString s -> line('+', s.text());
            case Reply.SimpleError e -> line('-', sanitize(e.text()));
            case Reply.Int i -> line(':', Long.toString(i.value()));
            case Reply.NullBulk n -> line('$', "-1");
            case Reply.Bulk b -> bulk(b.bytes());
            case Reply.Array a -> {
                arrayHeader(a.items().size());
                for (Reply item : a.items()) {
                    write(item);
                }
            }
        }
    }

    /** {@code *<count>\r\n}: an array of {@code count} items follows. */
    void arrayHeader(int count) throws IOException {
        line('*', Integer.toString(count));
    }

    /** {@code $<length>\r\n<bytes>\r\n}: a bulk string, any bytes at all. */
    void bulk(byte[] bytes) throws IOException {
        line('$', Integer.toString(bytes.length));
        out.write(bytes);
        out.write(CRLF);
    }

    void flush() throws IOException {
        out.flush();
    }

    /** The bytes of one reply: handy in tests and for the chapter's examples. */
    static byte[] encode(Reply reply) {
        var bytes = new java.io.ByteArrayOutputStream();
        try {
            RespWriter writer = new RespWriter(bytes);
            writer.write(reply);
            writer.flush();
        } catch (IOException impossible) {
            throw new java.io.UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    private void line(char type, String text) throws IOException {
        out.write(type);
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.write(CRLF);
    }

    /**
     * A CR or LF inside an error would end the line early and desynchronise the client. As Redis
     * does, drop them from the ends of the message (where a user's argument may put them) and
     * turn the others into spaces.
     */
    private static String sanitize(String error) {
        return error.replaceAll("^[\r\n]+|[\r\n]+$", "").replace('\r', ' ').replace('\n', ' ');
    }
}
