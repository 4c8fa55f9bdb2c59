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
 * or an earlier one (model, rules, plan, plan.format, render, run, the rehearsal and discover, cli),
 * so no arrow points back up and there is no cycle between layers (plan once imported the
 * plan.format writers that import plan).
 */
class LayeringTest {

    private static final Path MAIN = Path.of("src/main/java/io/msupgrade");
    private static final Map<String, Integer> LAYER = Map.ofEntries(
            Map.entry("model", 0),
            Map.entry("rules", 1),
            Map.entry("plan", 2),
            Map.entry("plan.format", 3),
            // render and its two trees are one layer: TreeRenderer puts the trees together
            Map.entry("render", 4), Map.entry("render.ansible", 4), Map.entry("render.terraform", 4),
            Map.entry("run", 5),
            Map.entry("run.rehearsal", 6), Map.entry("discover", 6),
            Map.entry("cli", 7));
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.msupgrade\\.([a-z.]+)\\.[A-Z]",
            Pattern.MULTILINE);

    @Test
    void noPackageImportsFromALaterLayer() throws IOException {
        List<String> wrong = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> s = Files.walk(MAIN)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(sources.size() > 50, "found the sources: " + sources.size());
        for (Path source : sources) {
            String pkg = MAIN.relativize(source.getParent()).toString().replace('/', '.');
            Integer own = LAYER.get(pkg);
            if (own == null) {
                wrong.add(source + ": package " + pkg + " has no layer here (add it to LAYER and docs/architecture.md)");
                continue;
            }
            Matcher m = IMPORT.matcher(Files.readString(source, StandardCharsets.UTF_8));
            while (m.find()) {
                Integer theirs = LAYER.get(m.group(1));
                if (theirs == null || theirs > own) {
                    wrong.add(MAIN.relativize(source) + " imports " + m.group(1));
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }
}
