package toyredis;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads text lines ending in {@code \n} or {@code \r\n}, refusing lines longer than a limit.
 * {@link java.io.BufferedReader#readLine()} would grow its buffer without bound, so one client
 * sending gigabytes without a newline could exhaust the server's memory.
 */
final class LineReader {

    /** Thrown when a line grows past the limit before its newline arrives. */
    static final class LineTooLongException extends IOException {
        LineTooLongException(int limit) {
            super("line longer than " + limit + " bytes");
        }
    }

    private final InputStream in;
    private final int maxLineBytes;
    private byte[] line = new byte[256];

    LineReader(InputStream in, int maxLineBytes) {
        this.in = new BufferedInputStream(in);
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line without its line ending, or null when the client has hung up. */
    String readLine() throws IOException {
        int length = 0;
        int b;
        while ((b = in.read()) != '\n') {
            if (b == -1) {
                return null; // hung up; a half-sent line is dropped, as it was never finished
            }
            if (length == maxLineBytes) {
                throw new LineTooLongException(maxLineBytes);
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, Math.min(line.length * 2, maxLineBytes));
            }
            line[length++] = (byte) b;
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }
}
