package io.msupgrade.cli;

import java.io.PrintWriter;

/** The program's entry point: one line, so tests call {@link MsupgradeCommand#run} directly. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(MsupgradeCommand.run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }
}
