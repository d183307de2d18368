package toyredis;

/** What the server remembers about one connection between its requests. */
final class ClientSession {

    private final long id;
    private volatile byte[] name; // null: no name (CLIENT SETNAME "" clears it)
    private volatile boolean closeAfterReply;

    ClientSession(long id) {
        this.id = id;
    }

    long id() {
        return id;
    }

    byte[] name() {
        return name;
    }

    void setName(byte[] nameOrNull) {
        this.name = nameOrNull;
    }

    /** QUIT asks for this: send the replies so far, then hang up. */
    void closeAfterReply() {
        closeAfterReply = true;
    }

    boolean shouldClose() {
        return closeAfterReply;
    }
}
