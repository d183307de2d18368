package toyredis;

/**
 * The client broke the protocol. The message is Redis's exact error text; the server sends it
 * and closes the connection, because after a framing error it can no longer tell where the
 * next request starts.
 */
final class ProtocolException extends Exception {

    ProtocolException(String what) {
        super("ERR Protocol error: " + what, null, false, false);
    }
}
