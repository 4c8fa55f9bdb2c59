package io.msupgrade.run.rehearsal;

/** One thing a scenario must prove, and whether it held. */
public record Invariant(String name, boolean held, String detail) {

    public static Invariant of(String name, boolean held, String detail) {
        return new Invariant(name, held, detail);
    }
}
