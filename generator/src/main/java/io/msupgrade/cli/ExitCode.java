package io.msupgrade.cli;

/** The exit codes users script against (interfaces: "Exit codes"), named in one place. */
public final class ExitCode {

    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int USAGE = 2;
    public static final int MODEL_INVALID = 3;
    public static final int EXTERNAL_FAILED = 4;

    private ExitCode() {
    }
}
