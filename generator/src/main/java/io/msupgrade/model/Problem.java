package io.msupgrade.model;

import java.util.Comparator;

/**
 * One thing wrong with a model: a stable code (MS001..MS019), how bad it is, where it is and
 * what to do instead. Printed gcc-style so editors jump to it.
 */
public record Problem(String code, Severity severity, Location location, String message) {

    /** File order first, then line, column and code, so output is stable. */
    public static final Comparator<Problem> IN_FILE_ORDER = Comparator
            .comparing((Problem p) -> p.location().file())
            .thenComparingInt(p -> p.location().line())
            .thenComparingInt(p -> p.location().column())
            .thenComparing(Problem::code)
            .thenComparing(Problem::message);

    public static Problem error(String code, Location at, String message) {
        return new Problem(code, Severity.ERROR, at, message);
    }

    public static Problem warning(String code, Location at, String message) {
        return new Problem(code, Severity.WARNING, at, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code deploy.yaml:14:7: error MS012: unknown key 'strategyy' (did you mean 'strategy'?)} */
    public String format() {
        return location + ": " + severity.label() + " " + code + ": " + message;
    }
}
