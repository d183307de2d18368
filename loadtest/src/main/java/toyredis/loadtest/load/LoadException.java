package toyredis.loadtest.load;

/** A run that cannot go ahead, with a message for the user (no stack trace needed). */
public final class LoadException extends Exception {
    public LoadException(String message) {
        super(message);
    }
}
