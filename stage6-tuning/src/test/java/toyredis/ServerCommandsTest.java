package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static toyredis.DifferentialCorpus.resp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The replies the differential corpus leaves out because Redis's bytes legitimately differ
 * (ids, uptimes, the 240 commands of real Redis, features absent here),
 * checked here for their shape and for what clients rely on.
 */
class ServerCommandsTest {

    private static Server server;

    @BeforeAll
    static void start() throws IOException {
        server = new Server(ServerConfig.forTests().build()).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends the bytes, then reads until the reply ends with {@code lastLine}. */
    private static String call(byte[] request, String lastLine) throws IOException {
        try (RawConnection connection = new RawConnection("127.0.0.1", server.port())) {
            connection.send(request, 0);
            RawConnection.Received received = connection.readUntil(lastLine.getBytes(StandardCharsets.ISO_8859_1));
            return new String(received.bytes(), StandardCharsets.ISO_8859_1) + lastLine;
        }
    }

    @Test
    void infoHasRedisSectionsAndFieldNames() throws IOException {
        String info = call(DifferentialCorpus.cat(resp("SET", "k", "v"), resp("INFO"), resp("ECHO", "end")), "$3\r\nend\r\n");
        assertThat(info).startsWith("+OK\r\n$").contains(
                "\r\n# Server\r\nredis_version:7.0.0\r\nredis_mode:standalone\r\n",
                "\r\ntcp_port:" + server.port() + "\r\n",
                "\r\n\r\n# Clients\r\nconnected_clients:",
                "\r\n\r\n# Stats\r\ntotal_commands_processed:",
                "\r\n\r\n# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n\r\n");
    }

    @Test
    void infoSectionsCanBeChosenInAnyCase() throws IOException {
        String info = call(resp("INFO", "CLIENTS", "stats"), "\r\n\r\n");
        assertThat(info).contains("# Clients\r\n", "# Stats\r\n").doesNotContain("# Server", "# Keyspace");
    }

    @Test
    void commandCountMatchesTheTableAndCommandDescribesEachCommand() throws IOException {
        assertThat(call(resp("COMMAND", "COUNT"), "\r\n")).isEqualTo(":29\r\n");
        String info = call(resp("COMMAND", "INFO", "get"), "*0\r\n*0\r\n*0\r\n*0\r\n");
        assertThat(info).isEqualTo("*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*1\r\n+readonly\r\n:0\r\n:0\r\n:0\r\n"
                + "*0\r\n*0\r\n*0\r\n*0\r\n");
        String all = call(DifferentialCorpus.cat(resp("COMMAND"), resp("ECHO", "end")), "$3\r\nend\r\n");
        assertThat(all).startsWith("*29\r\n*10\r\n$12\r\nbgrewriteaof\r\n:1\r\n*1\r\n+readonly\r\n:0\r\n:0\r\n:0\r\n*0\r\n*0\r\n*0\r\n*0\r\n*10\r\n$7\r\ncommand\r\n:-1\r\n");
    }

    @Test
    void commandDocsIsEmptySoRedisCliShowsNoHints() throws IOException {
        assertThat(call(resp("COMMAND", "DOCS", "set"), "\r\n")).isEqualTo("*0\r\n");
    }

    @Test
    void containerHelpListsTheSubcommands() throws IOException {
        String help = call(resp("CONFIG", "HELP"), "+    Print this help.\r\n");
        assertThat(help).startsWith("*5\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GET <pattern>\r\n");
    }
}
