package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static toyredis.ServerTest.await;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Virtual threads: thousands of open connections, all served at the same time. */
class ManyClientsTest {

    @Test
    void twoThousandSimultaneousConnectionsAllGetPong() throws Exception {
        int clients = 2_000;
        try (Server server = new Server(ServerConfig.forTests(ThreadMode.VIRTUAL)).start()) {
            List<LineClient> open = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    open.add(new LineClient(server.port()));
                }
                await(() -> server.connectedClients() == clients, "all connections are accepted");
                for (LineClient c : open) {
                    c.send("PING"); // every client has a request in flight before any reply is read
                }
                for (LineClient c : open) {
                    assertThat(c.readLine()).isEqualTo("PONG");
                }
            } finally {
                for (LineClient c : open) {
                    c.close();
                }
            }
        }
    }
}
