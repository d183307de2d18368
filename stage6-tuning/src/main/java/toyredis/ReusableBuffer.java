package toyredis;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Bytes waiting to be sent or written (a connection's replies, a batch of records for the file)
 * in an array emptied and used again: part of "no garbage per request", its contents go out as
 * they are, never copied with {@code toByteArray()}. No lock, unlike ByteArrayOutputStream.
 */
final class ReusableBuffer extends OutputStream {

    private final int keep;
    private byte[] bytes = new byte[256];
    private int count;
    private ByteBuffer view = ByteBuffer.wrap(bytes);

    /** Once emptied, the buffer gives back an array that grew past {@code keep} bytes. */
    ReusableBuffer(int keep) {
        this.keep = keep;
    }

    @Override
    public void write(int b) {
        room(1);
        bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int from, int length) {
        room(length);
        System.arraycopy(b, from, bytes, count, length);
        count += length;
    }

    private void room(int more) {
        if (count + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
        }
    }

    int size() {
        return count;
    }

    /** The array itself: only its first {@link #size()} bytes count. */
    byte[] array() {
        return bytes;
    }

    /** The bytes written so far, as a buffer ready to send (the same view each time, until the array grows). */
    ByteBuffer contents() {
        if (view.array() != bytes) {
            view = ByteBuffer.wrap(bytes);
        }
        return view.limit(count).position(0);
    }

    /** Empties the buffer; one that grew for a huge reply or record is given back rather than kept. */
    void reset() {
        count = 0;
        if (bytes.length > keep) {
            bytes = new byte[256];
        }
    }
}
