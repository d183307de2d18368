package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import toyredis.loadtest.protocol.Escapes;

class EscapesTest {

    @Test
    void controlBytesAreEscapedAndTextIsKept() {
        assertThat(Escapes.escape("+PONG\r\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("+PONG\\r\\n");
        assertThat(Escapes.escape("Hello 👋\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("Hello 👋\\n");
        assertThat(Escapes.escape(new byte[] {'a', 0, '"', '\\'})).isEqualTo("a\\x00\\\"\\\\");
        assertThat(Escapes.escape(new byte[] {(byte) 0xff, 'a'})).isEqualTo("\\xffa");
    }

    @Test
    void unescapeIsTheInverse() {
        for (String text : new String[] {"*1\r\n$4\r\nPING\r\n", "Hello 👋\n", "a\u0000\"\\b", "tab\there"}) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            assertThat(Escapes.unescape(Escapes.escape(bytes))).isEqualTo(bytes);
        }
        assertThat(Escapes.unescape("\\xff")).containsExactly(0xff);
    }
}
