package toyredis.loadtest.servers;

import toyredis.loadtest.load.ServerFootprint;

/** A server that {@code compare} started and must stop again: a child process or a container. */
public interface StartedServer extends AutoCloseable {

    String host();

    int port();

    /** Threads and memory of the server process now; unknown for a container. */
    default ServerFootprint footprint() {
        return ServerFootprint.UNKNOWN;
    }

    /** Stops the server; never throws, and every wait inside is bounded. */
    @Override
    void close();
}
