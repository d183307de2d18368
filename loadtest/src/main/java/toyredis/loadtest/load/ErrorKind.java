package toyredis.loadtest.load;

/** Everything that can go wrong with a request or a connection. Each is counted, never dropped. */
public enum ErrorKind {
    REFUSED("refused", "connect refused: nothing listens, or the listen backlog overflowed"),
    RESET("reset", "connection reset or closed by the server"),
    TIMEOUT("timeout", "no reply (or no connect) within --timeout"),
    PROTOCOL("protocol", "reply bytes that do not parse"),
    WRONG_VALUE("wrong value", "a well-formed reply with the wrong content"),
    ERROR_REPLY("error reply", "the server answered with an error (ERR ...)"),
    LOST_UPDATE("lost update", "an acknowledged INCR missing from its counter after the run"),
    OTHER("other", "any other I/O error, e.g. too many open files");

    private final String label;
    private final String meaning;

    ErrorKind(String label, String meaning) {
        this.label = label;
        this.meaning = meaning;
    }

    public String label() {
        return label;
    }

    public String meaning() {
        return meaning;
    }

    /** The CSV/JSON column name: the label with underscores. */
    public String column() {
        return label.replace(' ', '_');
    }
}
