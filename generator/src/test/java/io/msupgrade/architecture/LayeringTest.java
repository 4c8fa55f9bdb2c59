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
 * docs/architecture.md's layers, read off the sources: a package imports only from its own package
 * or an earlier layer (model, rules, plan, render's shared pieces, the renderers, the whole tree,
 * run, the rehearsal and discover, cli), so no arrow points back up and there is no package cycle
 * (plan once imported the plan.format writers that import plan; render once imported the
 * renderers that import render, through TreeRenderer, now render.tree).
 */
class LayeringTest {

    private static final Path MAIN = Path.of("src/main/java/io/msupgrade");
    private static final Map<String, Integer> LAYER = Map.ofEntries(
            Map.entry("model", 0),
            Map.entry("rules", 1),
            Map.entry("plan", 2),
            // render's shared pieces (Templates, TemplateTree, GeneratedTree, YamlData, OutputFolder),
            // then the renderers, which never import one another (same layer, no arrow between them),
            // then render.tree, which puts their trees and PLAN.md together
            Map.entry("render", 3),
            Map.entry("render.ansible", 4), Map.entry("render.terraform", 4), Map.entry("render.plan", 4),
            Map.entry("render.tree", 5),
            Map.entry("run", 6),
            Map.entry("run.rehearsal", 7), Map.entry("discover", 7),
            Map.entry("cli", 8));
    /** An import, or a class named in full in the code (io.msupgrade.run.rehearsal.Rehearsal.json()). */
    private static final Pattern IMPORT = Pattern.compile("(?<!package )\\bio\\.msupgrade\\.([a-z.]+)\\.[A-Z]");

    /** One import of one source: {@code from} (its package) imports a class of package {@code to}. */
    private record Import(Path source, String from, String to) {
    }

    /**
     * An import goes to the importer's own package or to a strictly earlier layer: packages of one
     * layer (the renderers; the rehearsal and discover) never import each other, so the package
     * graph has no cycle at all.
     */
    @Test
    void everyImportGoesToAnEarlierLayer() throws IOException {
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
            if (own != null && !i.from().equals(i.to()) && (theirs == null || theirs >= own)) {
                wrong.add(MAIN.relativize(i.source()) + " (layer " + own + ") imports " + i.to() + " (layer " + theirs + ")");
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
