package io.msupgrade.render;

/** msupgrade will not write into the output folder as asked; nothing was written. */
public final class OutputRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why: a bad {@code -o} is a usage error; edited generated files are their own case. */
    public enum Reason { UNSAFE_FOLDER, HAND_EDITED, FOREIGN_FILE }

    private final Reason reason;

    public OutputRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
