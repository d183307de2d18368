package toyredis;

/** One line to send back, and whether to hang up after sending it. */
record Reply(String text, boolean closeAfter) {

    static Reply line(String text) {
        return new Reply(text, false);
    }

    static Reply error(String message) {
        return new Reply("ERR " + message, false);
    }
}
