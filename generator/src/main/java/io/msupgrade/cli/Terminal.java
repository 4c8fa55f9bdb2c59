package io.msupgrade.cli;

import java.util.Map;

/** Whether what msupgrade prints may carry colours: only to a terminal, and never with NO_COLOR set (no-color.org). */
final class Terminal {

    private Terminal() {
    }

    static boolean colour(Map<String, String> environment) {
        String noColor = environment.get("NO_COLOR");
        return System.console() != null && (noColor == null || noColor.isEmpty());
    }
}
