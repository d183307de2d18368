package toyredis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import toyredis.RespReader.InlineSplitter;

class InlineSplitterTest {

    private static List<String> split(String line) throws InlineSplitter.UnbalancedQuotesException {
        byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
        return InlineSplitter.split(bytes, 0, bytes.length).stream()
                .map(arg -> new String(arg, StandardCharsets.ISO_8859_1)).toList();
    }

    @Test
    void blanksSeparateArguments() throws Exception {
        assertThat(split("  SET\tkey \u000b value ")).containsExactly("SET", "key", "value");
        // Redis's quirk, kept: vertical tab and form feed are skipped between arguments but do
        // not end one (only space, tab, CR, LF do).
        assertThat(split("a\fb \fc")).containsExactly("a\fb", "c");
        assertThat(split("")).isEmpty();
        assertThat(split("   ")).isEmpty();
    }

    @Test
    void doubleQuotesUnderstandEscapes() throws Exception {
        assertThat(split("\"a b\" \"\\n\\r\\t\\b\\a\\\\\\\"\\q\"")).containsExactly("a b", "\n\r\t\b\u0007\\\"q");
        assertThat(split("\"\\x41\\x7a\\xff\\x0\"")).containsExactly("Az\u00ffx0");
    }

    @Test
    void singleQuotesAreLiteralExceptForEscapedQuote() throws Exception {
        assertThat(split("'a\\nb' 'it\\'s'")).containsExactly("a\\nb", "it's");
    }

    @Test
    void quotesCanStartInsideAWordAndEmptyQuotesAreAnArgument() throws Exception {
        assertThat(split("ab\"c d\" '' \"\"")).containsExactly("abc d", "", "");
    }

    @Test
    void unbalancedOrGluedQuotesAreErrors() {
        for (String bad : List.of("\"abc", "'abc", "\"a\"b", "'a'b", "\"abc\\\"")) {
            assertThatThrownBy(() -> split(bad)).as(bad).isInstanceOf(InlineSplitter.UnbalancedQuotesException.class);
        }
    }

    @Test
    void aNulByteEndsTheLineAsInC() throws Exception {
        assertThat(split("GET a\u0000b c")).containsExactly("GET", "a");
    }
}
