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
import io.msupgrade.render.plan.PlanFormat;
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
            mermaidIsWellFormed(markdown, plan);
            Golden.check(name + "/plan.txt", text);
            Golden.check(name + "/plan.json", json);
            Golden.check(name + "/PLAN.md", markdown);
        }));
    }

    /**
     * The diagram's structure: subgraphs closed, every edge between declared nodes or subgraphs, the
     * waves chained in order after the directory step, one edge per coexistence pair.
     */
    private static void mermaidIsWellFormed(String markdown, Plan plan) {
        int start = markdown.indexOf("```mermaid\nflowchart TD\n");
        assertTrue(start >= 0, "markdown has a Mermaid flowchart");
        int end = markdown.indexOf("```\n", start + 10);
        List<String> lines = markdown.substring(start, end).lines().skip(2).map(String::trim).toList();
        java.util.Set<String> declared = new java.util.HashSet<>();
        java.util.List<String> edges = new java.util.ArrayList<>();
        int depth = 0;
        for (String l : lines) {
            if (l.startsWith("subgraph ")) {
                depth++;
                declared.add(l.substring(9, l.indexOf('[')));
            } else if (l.equals("end")) {
                depth--;
                assertTrue(depth >= 0, "unbalanced end");
            } else if (l.contains(" --> ")) {
                edges.add(l);
            } else {
                assertTrue(l.matches("[a-z0-9_]+\\[\"[^\"]*\"\\]"), "node line: " + l);
                assertTrue(declared.add(l.substring(0, l.indexOf('['))), "declared once: " + l);
            }
        }
        assertEquals(0, depth, "every subgraph is closed");
        for (String e : edges) {
            String[] ends = e.split(" --> ");
            assertTrue(declared.contains(ends[0]) && declared.contains(ends[1]), "edge between known ids: " + e);
        }
        String previous = "dir";
        for (Wave w : plan.waves()) {
            assertTrue(edges.contains(previous + " --> " + w.group()), "waves chained in order: " + w.group());
            previous = w.group();
        }
        long pairEdges = edges.stream().filter(e -> e.startsWith("h")).count();
        assertEquals(plan.pairs().size(), pairEdges, "one legacy --> new edge per pair");
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
