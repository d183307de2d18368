package toyredis.loadtest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** A deliberately simple (and, in most tests, deliberately broken) server on 127.0.0.1, port 0. */
final class FakeServer implements AutoCloseable {

    /** What the server does with one accepted connection. */
    interface Handler {
        void serve(Socket client) throws IOException;
    }

    private final ServerSocket serverSocket;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();

    FakeServer(Handler handler) throws IOException {
        serverSocket = new ServerSocket(0, 2000, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!serverSocket.isClosed()) {
                try {
                    Socket client = serverSocket.accept();
                    clients.add(client);
                    Thread.ofVirtual().start(() -> {
                        try (client) {
                            handler.serve(client);
                        } catch (IOException e) {
                            // the client left or the test closed us: both are normal here
                        } finally {
                            clients.remove(client);
                        }
                    });
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    /** Answers every request line with {@code answer.apply(line)} (null: no reply), as stages 2-3 do. */
    static FakeServer lines(UnaryOperator<String> answer) throws IOException {
        return new FakeServer(client -> {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = client.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                String reply = answer.apply(line);
                if (reply != null) {
                    out.write(reply.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket client : clients) {
            client.close();
        }
    }
}
