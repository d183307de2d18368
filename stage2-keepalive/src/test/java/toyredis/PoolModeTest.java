package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static toyredis.ServerTest.await;

import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** The fixed-pool pitfall: idle clients hold the pool's threads, so the next client starves. */
class PoolModeTest {

    @Test
    void aThirdClientWaitsUntilOneOfTwoIdleClientsLeaves() throws Exception {
        ServerConfig config = ServerConfig.forTests(ThreadMode.POOL).withPoolSize(2);
        try (Server server = new Server(config).start();
                LineClient first = new LineClient(server.port());
                LineClient second = new LineClient(server.port());
                LineClient third = new LineClient(server.port())) {
            assertThat(first.call("PING")).isEqualTo("PONG");
            assertThat(second.call("PING")).isEqualTo("PONG");
            await(() -> server.clientsWaitingForAThread() == 1, "the third client is queued");

            third.send("PING");
            // Both pool threads are blocked reading from idle clients: nobody reads our PING.
            third.socket.setSoTimeout(300);
            assertThatThrownBy(third::readLine).isInstanceOf(SocketTimeoutException.class);

            first.close();
            third.socket.setSoTimeout(10_000);
            assertThat(third.readLine()).isEqualTo("PONG");
            assertThat(second.call("PING")).isEqualTo("PONG");
        }
    }
}
