package io.msupgrade.render.plan;

import io.msupgrade.plan.Plan;
import io.msupgrade.render.DocumentTemplates;
import io.msupgrade.render.Templates;

/** The forms {@code plan --format} prints; markdown is also what {@code generate} writes to PLAN.md. */
public enum PlanFormat {
    /** For a terminal: sections and aligned columns ({@code document-templates/plan.txt.tpl}). */
    TEXT,
    /** For scripts: pretty printed, fields in a fixed order, snake_case keys as in the inventory. */
    JSON,
    /** Headings, tables and a Mermaid flowchart of the waves ({@code document-templates/PLAN.md.tpl}). */
    MARKDOWN;

    /** The plan in this form; always ends with a newline, lines end with {@code \n}. */
    public String render(Plan plan) {
        return render(plan, new Templates());
    }

    /** The same, with the caller's Jinjava setup (generate renders its trees with it too). */
    public String render(Plan plan, Templates templates) {
        return switch (this) {
            case TEXT -> DocumentTemplates.render(templates, "plan.txt.tpl", PlanView.text(plan));
            // data for scripts: a serializer, never a template
            case JSON -> new JsonPlanWriter().write(plan);
            case MARKDOWN -> DocumentTemplates.render(templates, "PLAN.md.tpl", PlanView.markdown(plan));
        };
    }
}
