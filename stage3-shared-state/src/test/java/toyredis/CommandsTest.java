package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandsTest {

    private final Commands commands = new Commands(new ConcurrentStore(), StoreKind.CONCURRENT);

    private String reply(String line) {
        return commands.respond(line).text();
    }

    @Test
    void pingAnswersPongOrItsMessage() {
        assertThat(commands.respond("PING")).isEqualTo(Reply.line("PONG"));
        assertThat(commands.respond("ping hello there")).isEqualTo(Reply.line("hello there"));
    }

    @Test
    void echoReturnsTheRestOfTheLineWithItsSpaces() {
        assertThat(commands.respond("ECHO hello   world")).isEqualTo(Reply.line("hello   world"));
        assertThat(commands.respond("eChO x")).isEqualTo(Reply.line("x"));
        assertThat(commands.respond("ECHO")).isEqualTo(Reply.line("ERR wrong number of arguments for 'echo' command"));
    }

    @Test
    void quitSaysByeAndCloses() {
        assertThat(commands.respond("quit")).isEqualTo(new Reply("BYE", true));
    }

    @Test
    void unknownCommandNamesTheCommandAsTyped() {
        assertThat(commands.respond("Foo bar")).isEqualTo(Reply.line("ERR unknown command 'Foo'"));
    }

    @Test
    void setStoresTheRestOfTheLineAndGetReturnsItOrNil() {
        assertThat(reply("GET greeting")).isEqualTo("(nil)");
        assertThat(reply("SET greeting hello   big world")).isEqualTo("OK");
        assertThat(reply("get greeting")).isEqualTo("hello   big world");
    }

    @Test
    void incrCountsAndRefusesNonIntegersAndOverflow() {
        assertThat(reply("INCR visits")).isEqualTo("1");
        assertThat(reply("incr visits")).isEqualTo("2");
        reply("SET name bob");
        assertThat(reply("INCR name")).isEqualTo("ERR value is not an integer or out of range");
        reply("SET big 9223372036854775806");
        assertThat(reply("INCR big")).isEqualTo("9223372036854775807");
        assertThat(reply("INCR big")).isEqualTo("ERR value is not an integer or out of range");
        assertThat(reply("GET big")).isEqualTo("9223372036854775807");
    }

    @Test
    void wrongArityNamesTheCommandInLowerCase() {
        assertThat(reply("GET")).isEqualTo("ERR wrong number of arguments for 'get' command");
        assertThat(reply("GET a b")).isEqualTo("ERR wrong number of arguments for 'get' command");
        assertThat(reply("SET")).isEqualTo("ERR wrong number of arguments for 'set' command");
        assertThat(reply("Set onlykey")).isEqualTo("ERR wrong number of arguments for 'set' command");
        assertThat(reply("INCR")).isEqualTo("ERR wrong number of arguments for 'incr' command");
        assertThat(reply("INCR a b")).isEqualTo("ERR wrong number of arguments for 'incr' command");
        assertThat(reply("STATS now")).isEqualTo("ERR wrong number of arguments for 'stats' command");
        assertThat(reply("GET onlykey")).isEqualTo("(nil)"); // none of the errors stored anything
    }

    @Test
    void statsNameTheStoreAndCountTheKeys() {
        reply("SET a 1");
        reply("INCR b");
        assertThat(reply("STATS")).isEqualTo("store=concurrent keys=2");
    }
}
