package io.msupgrade.plan;

/** The forms {@code plan --format} prints. (Being written.) */
public enum PlanFormat {
    TEXT, JSON, MARKDOWN;

    public String render(Plan plan) {
        throw new UnsupportedOperationException("not written yet");
    }
}
