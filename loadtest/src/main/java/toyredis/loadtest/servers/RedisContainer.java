package toyredis.loadtest.servers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import toyredis.loadtest.load.LoadException;

/**
 * Real Redis in Docker (the redis:7 image) through Testcontainers, for machines that have a
 * Docker engine but no redis-server. Testcontainers maps the container's port 6379 to a free
 * port on the host and removes the container even if the harness is killed.
 */
public final class RedisContainer implements StartedServer {

    public static final String IMAGE = "redis:7";
    private static final int REDIS_PORT = 6379;

    private final GenericContainer<?> container;

    private RedisContainer(GenericContainer<?> container) {
        this.container = container;
    }

    /** Whether Testcontainers finds a Docker engine that answers. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Starts Redis with no snapshots and no AOF (as for a local redis-server), plus {@code options}. */
    public static RedisContainer start(List<String> options) throws LoadException {
        List<String> command = new ArrayList<>(List.of("redis-server", "--save", "", "--appendonly", "no"));
        command.addAll(options);
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withExposedPorts(REDIS_PORT)
                .withCommand(command.toArray(String[]::new))
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1))
                .withStartupTimeout(Duration.ofMinutes(2)); // a first run may have to pull the image
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw new LoadException("cannot start Redis in Docker (" + IMAGE + "): " + e.getMessage());
        }
        return new RedisContainer(container);
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(REDIS_PORT);
    }

    @Override
    public void close() {
        container.stop();
    }
}
