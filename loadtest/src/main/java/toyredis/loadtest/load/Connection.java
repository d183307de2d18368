package toyredis.loadtest.load;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import toyredis.loadtest.protocol.Op;
import toyredis.loadtest.protocol.Reply;

/** The state of one client connection; only its worker thread touches it. */
final class Connection {

    enum State {
        /** Non-blocking connect under way. */
        CONNECTING,
        /** A batch of requests is out; replies are being read. */
        AWAITING,
        /** Fixed-rate mode: waiting for the time the next batch is due. */
        PACED,
        /** After an error: waiting a moment before connecting again. */
        RECONNECT_WAIT,
        /** The run is over: its last batch was answered, and no other will be sent. */
        STOPPED
    }

    final ByteBuffer out;
    final ByteBuffer in;
    /** What each request of the batch in flight asked for, to check its reply. */
    final Op[] ops;
    final int[] keys;
    final Reply reply = new Reply();

    State state;
    SocketChannel channel;
    SelectionKey key;
    /** Replies read so far for the batch in flight. */
    int answered;
    long connectStartedAt;
    /** When this connection first tried to connect (-1: not yet): the start of "time to first reply". */
    long firstConnectAt = -1;
    /** Whether it has had a reply at all, and one inside the measurement window (counted once). */
    boolean everAnswered;
    boolean servedInWindow;
    /** When the batch in flight was written. */
    long sentAt;
    /** When it should have been written: equals sentAt in closed-loop mode, earlier if we fell behind. */
    long intendedAt;
    /** Fixed-rate mode: the start time of the next batch. */
    long nextSendAt;
    /** When this connection wants attention again (PACED, RECONNECT_WAIT). */
    long wakeAt;

    Connection(int pipeline, int outBytes, int inBytes) {
        out = ByteBuffer.allocateDirect(outBytes);
        in = ByteBuffer.allocateDirect(inBytes);
        ops = new Op[pipeline];
        keys = new int[pipeline];
    }
}
