package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandsTest {

    @Test
    void pingAnswersPongOrItsMessage() {
        assertThat(Commands.respond("PING")).isEqualTo(Reply.line("PONG"));
        assertThat(Commands.respond("ping hello there")).isEqualTo(Reply.line("hello there"));
    }

    @Test
    void echoReturnsTheRestOfTheLineWithItsSpaces() {
        assertThat(Commands.respond("ECHO hello   world")).isEqualTo(Reply.line("hello   world"));
        assertThat(Commands.respond("eChO x")).isEqualTo(Reply.line("x"));
        assertThat(Commands.respond("ECHO")).isEqualTo(Reply.line("ERR wrong number of arguments for 'echo' command"));
    }

    @Test
    void quitSaysByeAndCloses() {
        assertThat(Commands.respond("quit")).isEqualTo(new Reply("BYE", true));
    }

    @Test
    void unknownCommandNamesTheCommandAsTyped() {
        assertThat(Commands.respond("Foo bar")).isEqualTo(Reply.line("ERR unknown command 'Foo'"));
    }
}
