package io.msupgrade.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.msupgrade.model.Deployment;
import io.msupgrade.model.ReadResult;
import io.msupgrade.rules.Validator;
import io.msupgrade.testing.Golden;

/**
 * Every sample's plan in the three formats, byte for byte against
 * {@code golden/<sample>/plan.txt|plan.json|PLAN.md}. Recreate with {@code -Drecreate=true}.
 */
class PlanGoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Path> samples() throws IOException {
        try (Stream<Path> s = Files.list(Golden.projectRoot().resolve("samples"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static Deployment model(Path sample) {
        ReadResult r = new Validator().validate(sample);
        assertFalse(r.hasErrors(), () -> "sample is invalid: " + sample + " " + r.problems());
        return r.model().orElseThrow();
    }

    @TestFactory
    Stream<DynamicTest> samplePlansMatchGoldenFiles() throws IOException {
        List<Path> samples = samples();
        assertFalse(samples.isEmpty(), "no samples found");
        return samples.stream().map(sample -> DynamicTest.dynamicTest(sample.getFileName().toString(), () -> {
            String name = sample.getFileName().toString().replaceFirst("\\.yaml$", "");
            Plan plan = new Planner().plan(model(sample));
            String text = PlanFormat.TEXT.render(plan);
            String json = PlanFormat.JSON.render(plan);
            String markdown = PlanFormat.MARKDOWN.render(plan);
            for (String out : List.of(text, json, markdown)) {
                assertTrue(out.endsWith("\n") && !out.endsWith("\n\n"), "ends with exactly one newline");
                assertFalse(out.contains("\r"), "\\n line ends only");
                assertFalse(out.lines().anyMatch(l -> l.endsWith(" ")), "no trailing blanks");
            }
            jsonAgreesWithPlan(JSON.readTree(json), plan);
            assertTrue(markdown.contains("```mermaid\nflowchart TD\n"), "markdown has a Mermaid flowchart");
            Golden.check(name + "/plan.txt", text);
            Golden.check(name + "/plan.json", json);
            Golden.check(name + "/PLAN.md", markdown);
        }));
    }

    private static void jsonAgreesWithPlan(JsonNode root, Plan plan) {
        assertEquals(plan.deployment(), root.get("deployment").asText());
        assertEquals(plan.waves().size(), root.get("waves").size());
        assertEquals(plan.hosts().size(), root.get("hosts").size());
        for (int i = 0; i < plan.hosts().size(); i++) {
            HostPlan h = plan.hosts().get(i);
            JsonNode n = root.get("hosts").get(i);
            assertEquals(h.name(), n.get("name").asText());
            assertEquals(h.procedure().id(), n.get("procedure").asText());
            assertEquals(h.backout().id(), n.get("backout").asText());
        }
        assertEquals(plan.pairs().size(), root.get("pairs").size());
        assertEquals(plan.haGroups().size(), root.get("ha_groups").size());
    }
}
