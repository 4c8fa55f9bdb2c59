package io.msupgrade.render.plan;

import io.msupgrade.plan.Plan;

/** The forms {@code plan --format} prints; markdown is also what {@code generate} writes to PLAN.md. */
public enum PlanFormat {
    /** For a terminal: sections and aligned columns. */
    TEXT,
    /** For scripts: pretty printed, fields in a fixed order, snake_case keys as in the inventory. */
    JSON,
    /** Headings, tables and a Mermaid flowchart of the waves. */
    MARKDOWN;

    /** The plan in this form; always ends with a newline, lines end with {@code \n}. */
    public String render(Plan plan) {
        return switch (this) {
            case TEXT -> new TextPlanWriter().write(plan);
            case JSON -> new JsonPlanWriter().write(plan);
            case MARKDOWN -> new MarkdownPlanWriter().write(plan);
        };
    }
}
