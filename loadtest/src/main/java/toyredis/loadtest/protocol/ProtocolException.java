package toyredis.loadtest.protocol;

/** Reply bytes that do not follow the protocol: the connection cannot be trusted any more. */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message);
    }
}
