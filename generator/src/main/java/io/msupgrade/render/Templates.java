package io.msupgrade.render;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;

/**
 * The one Jinjava configuration of the project, strict on purpose: an unknown variable fails the
 * render instead of printing nothing; nested interpretation is off, so a {@code {{} that reaches
 * the output through a value is never rendered a second time (Jinjava 2.8.x turns it on by
 * default); output and render depth are capped. Templates get plain maps, lists, strings, numbers
 * and booleans, never model objects.
 */
public final class Templates {

    static final long MAX_OUTPUT_BYTES = 16L * 1024 * 1024;

    /**
     * Jinja2's lstrip_blocks: spaces and tabs before a block or comment tag are dropped only when
     * the tag starts its line. Jinjava's own lstrip also eats the space in {@code key: {% raw %}},
     * which Jinja2 (and Ansible) keep, so templates written for Jinja2 would render differently.
     */
    private static final java.util.regex.Pattern LSTRIP_BLOCKS =
            java.util.regex.Pattern.compile("(?m)^[ \\t]+(?=\\{[%#](?!\\+))");

    private final Jinjava jinjava;

    public Templates() {
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withFailOnUnknownTokens(true)
                .withNestedInterpretationEnabled(false)
                .withMaxOutputSize(MAX_OUTPUT_BYTES)
                .withMaxRenderDepth(4)
                .withTrimBlocks(true)
                .withLstripBlocks(false) // see LSTRIP_BLOCKS
                .withKeepTrailingNewline(true)
                .build();
        this.jinjava = new Jinjava(config);
    }

    /** Renders one template; any template error is a bug in the template, reported with its name. */
    public String render(String name, String source, Map<String, ?> context) {
        String stripped = LSTRIP_BLOCKS.matcher(source).replaceAll("");
        RenderResult result = jinjava.renderForResult(stripped, Map.copyOf(context));
        List<TemplateError> errors = result.getErrors().stream()
                .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
                .toList();
        if (!errors.isEmpty()) {
            throw new TemplateException(name + ": " + errors.stream()
                    .map(e -> "line " + e.getLineno() + ": " + e.getMessage())
                    .collect(Collectors.joining("; ")));
        }
        return result.getOutput();
    }

    /** A template that cannot be rendered: a defect of msupgrade, never of the user's model. */
    public static final class TemplateException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TemplateException(String message) {
            super(message);
        }
    }
}
