package toyredis.loadtest;

/** Reply bytes that do not follow the protocol: the connection cannot be trusted any more. */
final class ProtocolException extends Exception {
    ProtocolException(String message) {
        super(message);
    }
}
