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
 * (ids, uptimes, the 240 commands of real Redis, features newer than Redis 7.0 or absent here),
 * checked here for their shape and for what clients rely on.
 */
class ServerCommandsTest {

    private static Server server;

    @BeforeAll
    static void start() throws IOException {
        server = new Server(ServerConfig.forTests(ThreadMode.VIRTUAL)).start();
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
                "\r\n\r\n# Stats\r\ntotal_connections_received:",
                "\r\ntotal_commands_processed:",
                "\r\ninstantaneous_ops_per_sec:",
                "\r\n\r\n# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n\r\n");
    }

    @Test
    void infoSectionsCanBeChosenInAnyCase() throws IOException {
        String info = call(resp("INFO", "CLIENTS", "stats"), "\r\n\r\n");
        assertThat(info).contains("# Clients\r\n", "# Stats\r\n").doesNotContain("# Server", "# Keyspace");
    }

    @Test
    void helloTwoAnswersWithTheServerMapAndTheClientsId() throws IOException {
        String reply = call(resp("HELLO", "2", "SETNAME", "me"), "$7\r\nmodules\r\n*0\r\n");
        assertThat(reply).startsWith("*14\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$5\r\n7.0.0\r\n"
                + "$5\r\nproto\r\n:2\r\n$2\r\nid\r\n:");
        assertThat(reply).endsWith("$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n");
    }

    @Test
    void helloThreeIsRefusedBecauseThisServerSpeaksOnlyResp2() throws IOException {
        assertThat(call(resp("HELLO", "3"), "\r\n")).isEqualTo("-NOPROTO unsupported protocol version\r\n");
    }

    @Test
    void clientIdsAreDistinctPerConnection() throws IOException {
        String first = call(resp("CLIENT", "ID"), "\r\n");
        String second = call(resp("CLIENT", "ID"), "\r\n");
        assertThat(first).matches(":[1-9][0-9]*\r\n");
        assertThat(second).matches(":[1-9][0-9]*\r\n").isNotEqualTo(first);
    }

    @Test
    void clientSetinfoAcceptsWhatJedisSends() throws IOException {
        assertThat(call(resp("CLIENT", "SETINFO", "LIB-NAME", "jedis"), "\r\n")).isEqualTo("+OK\r\n");
        assertThat(call(resp("CLIENT", "SETINFO", "lib-ver", "8.0.2"), "\r\n")).isEqualTo("+OK\r\n");
        assertThat(call(resp("CLIENT", "SETINFO", "colour", "red"), "\r\n"))
                .isEqualTo("-ERR Unrecognized option 'colour'\r\n");
        assertThat(call(resp("CLIENT", "SETINFO", "lib-name", "two words"), "\r\n"))
                .isEqualTo("-ERR lib-name cannot contain spaces, newlines or special characters.\r\n");
    }

    @Test
    void commandCountMatchesTheTableAndCommandDescribesEachCommand() throws IOException {
        assertThat(call(resp("COMMAND", "COUNT"), "\r\n")).isEqualTo(":20\r\n");
        String info = call(resp("COMMAND", "INFO", "get"), "*0\r\n*0\r\n*0\r\n");
        assertThat(info).isEqualTo("*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n"
                + "*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n*0\r\n*0\r\n");
        String all = call(DifferentialCorpus.cat(resp("COMMAND"), resp("ECHO", "end")), "$3\r\nend\r\n");
        assertThat(all).startsWith("*20\r\n*10\r\n$6\r\nclient\r\n:-2\r\n");
    }

    @Test
    void commandDocsGivesASummaryPerCommand() throws IOException {
        String docs = call(resp("COMMAND", "DOCS", "set"), "$6\r\nstring\r\n");
        assertThat(docs).isEqualTo("*2\r\n$3\r\nset\r\n*6\r\n$7\r\nsummary\r\n$50\r\nSets the string value of a key, ignoring its type.\r\n"
                + "$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n");
    }

    @Test
    void containerHelpListsTheSubcommands() throws IOException {
        String help = call(resp("CONFIG", "HELP"), "+    Print this help.\r\n");
        assertThat(help).startsWith("*5\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GET\r\n");
    }

    @Test
    void setWithAnExpiryIsRefusedClearly() throws IOException {
        assertThat(call(resp("SET", "k", "v", "EX", "10"), "\r\n"))
                .isEqualTo("-ERR this toy server does not support expiry (EX, PX, EXAT, PXAT)\r\n");
        assertThat(call(DifferentialCorpus.cat(resp("SET", "k2", "v", "PX", "5"), resp("EXISTS", "k2")), ":0\r\n"))
                .endsWith(")\r\n:0\r\n");
    }
}
