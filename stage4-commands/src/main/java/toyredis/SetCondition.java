package toyredis;

/** SET's NX and XX options: when a SET may write. */
enum SetCondition {
    /** Plain SET: always. */
    ALWAYS,
    /** SET ... NX: only if the key does not exist yet. */
    IF_ABSENT,
    /** SET ... XX: only if the key already exists. */
    IF_PRESENT;

    /** Whether to write, given the value now stored (null if the key is missing). */
    boolean allows(byte[] current) {
        return switch (this) {
            case ALWAYS -> true;
            case IF_ABSENT -> current == null;
            case IF_PRESENT -> current != null;
        };
    }
}
