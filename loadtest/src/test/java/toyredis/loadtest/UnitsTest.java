package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import toyredis.loadtest.units.Units;

/** The duration and size grammar: what it accepts, what it refuses, and what the refusal says. */
class UnitsTest {

    @ParameterizedTest
    @CsvSource({"0, 0", "0ms, 0", "500ms, 500", "10s, 10000", "10S, 10000", "2m, 120000", "1h, 3600000", "1MS, 1"})
    void acceptsAWholeNumberWithAUnitOrABareZero(String text, long millis) {
        assertThat(Units.duration(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "1.5s", "10 s", " 10s", "s", "", "-1s", "10sec", "2d", "1e3ms", "00"})
    void refusesABareNumberDecimalsSpacesAndUnknownUnits(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Units.duration(text))
                .withMessage("expected a duration such as 500ms, 10s, 2m or 0, got '" + text + "'");
    }

    @Test
    void aDurationTooLongIsRefusedNotWrapped() {
        assertThatIllegalArgumentException().isThrownBy(() -> Units.duration("99999999999999999999h"))
                .withMessageContaining("too big");
        assertThatIllegalArgumentException().isThrownBy(() -> Units.duration("9223372036854775807h"))
                .withMessageContaining("too long");
    }

    @ParameterizedTest
    @CsvSource({"3, 3", "1k, 1000", "1kb, 1024", "1KB, 1024", "2m, 2000000", "2mb, 2097152", "1g, 1000000000",
        "1gb, 1073741824", "0, 0", "5b, 5"})
    void sizesUseRedisConfMemoryUnits(String text, long bytes) {
        assertThat(Units.size(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5k", "1 kb", "kb", "", "-3", "1kib", "1t", "b"})
    void refusesWhatRedisConfWouldNotRead(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Units.size(text))
                .withMessageStartingWith("expected a size such as").withMessageEndingWith("got '" + text + "'");
        assertThatIllegalArgumentException().isThrownBy(() -> Units.size("99999999999gb")).withMessageContaining("too big");
    }

    @Test
    void theCommandLineShowsTheMessageAndExitsWith2() {
        Cli bare = Cli.run("run", "--duration", "10");
        assertThat(bare.code()).isEqualTo(2);
        assertThat(bare.err()).contains("expected a duration such as 500ms, 10s, 2m or 0, got '10'");
        Cli size = Cli.run("run", "--value-size", "1.5k");
        assertThat(size.code()).isEqualTo(2);
        assertThat(size.err()).contains("expected a size such as", "got '1.5k'");
        assertThat(Cli.run("run", "--help").out()).contains("500ms, 10s, 2m", "k=1000, kb=1024");
    }
}
