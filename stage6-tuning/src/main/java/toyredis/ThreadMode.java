package toyredis;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Which threads run the client handlers: the lesson of this stage is how they differ. */
public enum ThreadMode {
    /** One new operating-system thread per client: simple, but each costs a real stack. */
    PLATFORM,
    /** One virtual thread per client: a blocking read parks it cheaply, thousands are fine. */
    VIRTUAL,
    /**
     * A fixed pool of platform threads. Handlers block on reads, so an idle client keeps its
     * thread: client N+1 waits in the queue until one of the first N leaves.
     */
    POOL;

    ExecutorService newExecutor(int poolSize) {
        return switch (this) {
            case PLATFORM -> Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("client-", 1).factory());
            case VIRTUAL -> Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("client-", 1).factory());
            case POOL -> Executors.newFixedThreadPool(poolSize, Thread.ofPlatform().name("pool-", 1).factory());
        };
    }
}
