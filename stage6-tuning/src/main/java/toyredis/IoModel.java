package toyredis;

import java.util.Locale;

/** {@code --io}: how connections are served. Stage 6 measures both and makes the faster the default. */
public enum IoModel {
    /** A virtual thread per connection ({@link ClientHandler}), blocking reads and writes: stage 5's way, the baseline. */
    THREADS,
    /** Event loops ({@link EventLoop}): a thread watches many connections with a Selector, as Redis does with epoll. */
    NIO;

    /** The name as typed on the command line and shown by INFO. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
