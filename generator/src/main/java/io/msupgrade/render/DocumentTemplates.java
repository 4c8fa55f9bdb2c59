package io.msupgrade.render;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The documents msupgrade writes for people (PLAN.md, the plan for a terminal, the rehearsal's
 * report.md), each a template of {@code document-templates/}, shipped in the jar under
 * {@code templates/documents}. The caller builds the view, plain maps and lists of strings; the
 * template lays out the text.
 */
public final class DocumentTemplates {

    /** Where the document templates travel in the jar (from {@code document-templates/}). */
    public static final String TEMPLATE_ROOT = "templates/documents";

    private DocumentTemplates() {
    }

    /** The document {@code name} (a file of document-templates/) rendered with {@code view}. */
    public static String render(Templates templates, String name, Map<String, ?> view) {
        byte[] source = TemplateTree.load(TEMPLATE_ROOT).get(name);
        if (source == null) {
            throw new IllegalStateException("template missing from the jar: " + TEMPLATE_ROOT + "/" + name);
        }
        return templates.render(TEMPLATE_ROOT + "/" + name, new String(source, StandardCharsets.UTF_8), view);
    }
}
