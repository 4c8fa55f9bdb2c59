package io.msupgrade.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code 90s}, {@code 30m}, {@code 2h} or {@code none} (no limit: {@link Duration#ZERO}). */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern SHAPE = Pattern.compile("([1-9][0-9]{0,6})([smh])");

    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("none") || v.equals("0")) {
            return Duration.ZERO;
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
