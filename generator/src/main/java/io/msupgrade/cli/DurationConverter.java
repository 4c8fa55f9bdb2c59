package io.msupgrade.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.msupgrade.run.ExternalCommand;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one grammar of every {@code --timeout}: {@code 90s}, {@code 30m}, {@code 2h}, or {@code none}
 * (or {@code 0}) for no limit ({@link ExternalCommand#NO_TIMEOUT}). A bare number is refused: its
 * unit would be a guess.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern SHAPE = Pattern.compile("([1-9][0-9]{0,6})([smh])");

    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("none") || v.equals("0")) {
            return ExternalCommand.NO_TIMEOUT;
        }
        Matcher m = SHAPE.matcher(v);
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a duration: use 90s, 30m, 2h or none");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
