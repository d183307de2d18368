package toyredis.loadtest.cli;

import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import toyredis.loadtest.units.Units;

/**
 * Hands a TIME or SIZE option to {@link Units}, which knows the grammar; its message ("expected a
 * duration such as 500ms, 10s, 2m or 0, got '10'") becomes picocli's, and the exit code 2.
 */
class UnitConverter<T> implements ITypeConverter<T> {

    private final Function<String, T> parse;

    UnitConverter(Function<String, T> parse) {
        this.parse = parse;
    }

    @Override
    public T convert(String text) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** {@code converter = UnitConverter.ForDuration.class}: 0, 500ms, 10s, 2m, 1h. */
    static final class ForDuration extends UnitConverter<Duration> {
        ForDuration() {
            super(Units::duration);
        }
    }

    /** {@code converter = UnitConverter.ForSize.class}: 3, 1k, 1kb, 2mb, 1gb. */
    static final class ForSize extends UnitConverter<Long> {
        ForSize() {
            super(Units::size);
        }
    }
}
