package io.msupgrade.cli;

/** The exit codes users script against (interfaces: "Exit codes"), named in one place. */
public final class ExitCode {

    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    /** A wrong option or argument, a model file that is not there or cannot be read, an unsafe {@code -o}. */
    public static final int USAGE = 2;
    public static final int MODEL_INVALID = 3;
    public static final int EXTERNAL_FAILED = 4;
    /**
     * Generated files in the output folder were edited by hand, or files of the user's stand where
     * msupgrade would write (a non-empty folder msupgrade did not write too): it refuses and changes
     * nothing ({@code --force} overwrites the former, never the latter).
     * Also when the file system refuses a write halfway: what was staged is removed, DIR is as it was.
     */
    public static final int OUTPUT_REFUSED = 5;

    private ExitCode() {
    }
}
