package toyredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParseLongTest {

    private static Long parse(String text) {
        return RespReader.parseLong(text.getBytes(StandardCharsets.ISO_8859_1), 0, text.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "-1", "42", "9223372036854775806", "-9223372036854775807", "9223372036854775807", "-9223372036854775808"})
    void integersRedisAccepts(String text) {
        assertThat(parse(text)).isEqualTo(Long.parseLong(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+1", "01", "-0", " 1", "1 ", "1.0", "1e3", "abc", "9223372036854775808",
        "-9223372036854775809", "99999999999999999999", "-99999999999999999999", "12a", "100000000000000000000", "\u0661"})
    void textRedisRefuses(String text) {
        assertThat(parse(text)).isNull();
    }
}
