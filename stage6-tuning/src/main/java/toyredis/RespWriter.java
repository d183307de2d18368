package toyredis;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes RESP2 replies into a buffer; nothing reaches the socket until {@link #flush()} (or the
 * buffer fills). The client handler flushes once no complete request is left in its input, so a
 * pipeline of 100 requests costs one write, not 100; the event loop sends each connection's
 * replies once per turn.
 */
final class RespWriter {

    private static final byte[] CRLF = {'\r', '\n'};

    private final OutputStream out;

    /** Writes to {@code out} as it is: give it a buffered stream (a socket) or a byte buffer (the event loop). */
    RespWriter(OutputStream out) {
        this.out = out;
    }

    void write(Reply reply) throws IOException {
        switch (reply) {
            case Reply.SimpleString s -> line('+', s.text());
            case Reply.SimpleError e -> line('-', sanitize(e.text()));
            case Reply.Int i -> number(':', i.value());
            case Reply.NullBulk n -> line('$', "-1");
            case Reply.Bulk b -> {
                number('$', b.bytes().length);
                out.write(b.bytes());
                out.write(CRLF);
            }
            case Reply.Array a -> {
                number('*', a.items().size());
                for (Reply item : a.items()) {
                    write(item);
                }
            }
        }
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

    /** Headers such as {@code $3\r\n} for the lengths most replies have, made once: no garbage per reply. */
    private static final byte[][] SMALL_LENGTHS = new byte[1024][];

    static {
        for (int n = 0; n < SMALL_LENGTHS.length; n++) {
            SMALL_LENGTHS[n] = Integer.toString(n).getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private void number(char type, long value) throws IOException {
        out.write(type);
        out.write(digits(value));
        out.write(CRLF);
    }

    /** The decimal digits of a number as bytes; made once for the small ones (lengths, counts). */
    static byte[] digits(long value) {
        return value >= 0 && value < SMALL_LENGTHS.length ? SMALL_LENGTHS[(int) value]
                : Long.toString(value).getBytes(StandardCharsets.ISO_8859_1);
    }

    private void line(char type, String text) throws IOException {
        out.write(type);
        for (int i = 0; i < text.length(); i++) {
            out.write(text.charAt(i)); // Latin-1: one char is one byte, and no byte array per +OK
        }
        out.write(CRLF);
    }

    /** A CR or LF inside an error would end the line early and desynchronise the client. */
    private static String sanitize(String error) {
        return error.replace('\r', ' ').replace('\n', ' ');
    }
}
