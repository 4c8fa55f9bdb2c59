package io.msupgrade.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md's layers, read off the sources: a package imports only from its own layer
 * or an earlier one (model, rules, plan, render, run, the rehearsal and discover, cli), so no arrow
 * points back up and there is no cycle between layers (plan once imported the plan.format writers
 * that import plan; they are render.plan now, beside the other renderers).
 */
class LayeringTest {

    private static final Path MAIN = Path.of("src/main/java/io/msupgrade");
    private static final Map<String, Integer> LAYER = Map.ofEntries(
            Map.entry("model", 0),
            Map.entry("rules", 1),
            Map.entry("plan", 2),
            // render, its two trees and the plan's documents are one layer: TreeRenderer puts them
            // together (see noRendererImportsAnother for the order inside it)
            Map.entry("render", 3), Map.entry("render.ansible", 3), Map.entry("render.terraform", 3),
            Map.entry("render.plan", 3),
            Map.entry("run", 4),
            Map.entry("run.rehearsal", 5), Map.entry("discover", 5),
            Map.entry("cli", 6));
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.msupgrade\\.([a-z.]+)\\.[A-Z]",
            Pattern.MULTILINE);

    /** One import of one source: {@code from} (its package) imports a class of package {@code to}. */
    private record Import(Path source, String from, String to) {
    }

    @Test
    void noPackageImportsFromALaterLayer() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path source : sources()) {
            String pkg = packageOf(source);
            if (!LAYER.containsKey(pkg)) {
                wrong.add(source + ": package " + pkg + " has no layer here (add it to LAYER and docs/architecture.md)");
            }
        }
        for (Import i : imports()) {
            Integer own = LAYER.get(i.from());
            Integer theirs = LAYER.get(i.to());
            if (own != null && (theirs == null || theirs > own)) {
                wrong.add(MAIN.relativize(i.source()) + " imports " + i.to());
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /**
     * Inside the render layer the arrows are fixed too: a renderer (render.ansible,
     * render.terraform, render.plan) uses render's shared pieces (Templates, TemplateTree,
     * GeneratedTree, YamlData) and never another renderer, and in render only TreeRenderer, which
     * puts the trees and PLAN.md together, imports a renderer.
     */
    @Test
    void noRendererImportsAnother() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Import i : imports()) {
            boolean fromRenderer = i.from().startsWith("render.");
            boolean toRenderer = i.to().startsWith("render.");
            if (fromRenderer && toRenderer && !i.from().equals(i.to())) {
                wrong.add(MAIN.relativize(i.source()) + " imports another renderer, " + i.to());
            }
            if (i.from().equals("render") && toRenderer && !i.source().endsWith("TreeRenderer.java")) {
                wrong.add(MAIN.relativize(i.source()) + " imports the renderer " + i.to() + " (only TreeRenderer does)");
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private static List<Path> sources() throws IOException {
        List<Path> sources;
        try (Stream<Path> s = Files.walk(MAIN)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(sources.size() > 50, "found the sources: " + sources.size());
        return sources;
    }

    private static String packageOf(Path source) {
        return MAIN.relativize(source.getParent()).toString().replace('/', '.');
    }

    private static List<Import> imports() throws IOException {
        List<Import> out = new ArrayList<>();
        for (Path source : sources()) {
            Matcher m = IMPORT.matcher(Files.readString(source, StandardCharsets.UTF_8));
            while (m.find()) {
                out.add(new Import(source, packageOf(source), m.group(1)));
            }
        }
        return out;
    }
}
