package io.msupgrade.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.msupgrade.model.Deployment;
import io.msupgrade.model.ReadResult;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Planner;
import io.msupgrade.render.GeneratedTree;
import io.msupgrade.render.tree.TreeRenderer;
import io.msupgrade.rules.Validator;

/** The project's samples/*.yaml, and what generation makes of them, for tests. */
public final class Samples {

    private Samples() {
    }

    public static Path projectRoot() {
        String root = System.getProperty("msupgrade.projectRoot");
        Path p = root != null ? Path.of(root) : Path.of("..");
        return p.toAbsolutePath().normalize();
    }

    /** Every sample model, sorted by name. */
    public static List<Path> all() {
        try (Stream<Path> s = Files.list(projectRoot().resolve("samples"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample's file name without .yaml, used as the name of its golden folder. */
    public static String name(Path sample) {
        String f = sample.getFileName().toString();
        return f.substring(0, f.length() - ".yaml".length());
    }

    public static Deployment model(Path sample) {
        ReadResult r = new Validator().validate(sample);
        if (r.model().isEmpty()) {
            throw new AssertionError("sample does not validate: " + sample + "\n" + r.problems());
        }
        return r.model().get();
    }

    public static Plan plan(Path sample) {
        return new Planner().plan(model(sample));
    }

    public static GeneratedTree tree(Path sample) {
        Deployment m = model(sample);
        return new TreeRenderer().render(m, new Planner().plan(m));
    }
}
