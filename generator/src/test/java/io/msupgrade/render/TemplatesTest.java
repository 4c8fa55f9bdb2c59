package io.msupgrade.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TemplatesTest {

    private final Templates templates = new Templates();

    @Test
    void rendersPlainValues() {
        assertEquals("hosts: a, b\n", templates.render("t", "hosts: {{ hosts | join(', ') }}\n",
                Map.of("hosts", java.util.List.of("a", "b"))));
    }

    @Test
    void blockTagsAloneOnTheirLineLeaveNoTraceAsInJinja2WithTrimAndLstrip() {
        String source = "a: 1\n  {% if true %}\n  b: 2\n  {% endif %}\nc: {{ v }} {% if true %}yes{% endif %}\n";
        assertEquals("a: 1\n  b: 2\nc: V yes", templates.render("t", source, Map.of("v", "V")));
    }

    @Test
    void unknownVariableFailsInsteadOfPrintingNothing() {
        var e = assertThrows(Templates.TemplateException.class,
                () -> templates.render("play.yml.tpl", "x: {{ nosuch }}\n", Map.of()));
        assertTrue(e.getMessage().contains("play.yml.tpl"), e.getMessage());
    }

    @Test
    void aTemplateMarkerInsideAValueIsNeverRenderedAgain() {
        String out = templates.render("t", "v: {{ value }}\n", Map.of("value", "{{ 7 * 6 }}"));
        assertEquals("v: {{ 7 * 6 }}\n", out);
    }

    @Test
    void rawBlocksKeepAnsiblesOwnExpressions() {
        String out = templates.render("t", "env: {% raw %}{{ msupgrade_env }}{% endraw %}\n", Map.of());
        // trim_blocks, as Ansible's own template module: the newline after a block tag goes
        assertEquals("env: {{ msupgrade_env }}", out);
    }
}
