package io.msupgrade.render.terraform;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.msupgrade.run.ExternalCommand;

/**
 * Parses Terraform files with HashiCorp's own HCL parser: {@code tools/hcl2json/parse.js}, the npm
 * package {@code @cdktf/hcl2json} pinned in {@code tools/hcl2json/package-lock.json}
 * ({@code npm ci --prefix tools/hcl2json} installs it).
 */
final class Hcl {

    private Hcl() {
    }

    static Path projectRoot() {
        String root = System.getProperty("msupgrade.projectRoot");
        return (root == null ? Path.of("..") : Path.of(root)).toAbsolutePath().normalize();
    }

    static Path toolDir() {
        return projectRoot().resolve("tools/hcl2json");
    }

    /** Each file's body as hcl2json's JSON, by file; fails the test with the parser's message. */
    static Map<Path, JsonNode> parse(List<Path> files) throws IOException {
        Path tool = toolDir();
        if (!Files.isDirectory(tool.resolve("node_modules/@cdktf/hcl2json"))) {
            fail("the HCL parser is not installed: run 'npm ci --prefix " + tool + "' first");
        }
        List<String> argv = new ArrayList<>(List.of("node", tool.resolve("parse.js").toString()));
        files.forEach(f -> argv.add(f.toAbsolutePath().toString()));
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        ExternalCommand.Result r = ExternalCommand.of(argv)
                .workingDirectory(tool)
                .environment(Map.copyOf(System.getenv()))
                .timeout(Duration.ofMinutes(2))
                .stdout(l -> out.append(l).append('\n'))
                .stderr(l -> err.append(l).append('\n'))
                .build()
                .run();
        if (!r.succeeded()) {
            fail("HCL parse failed (exit " + r.exitCode() + (r.timedOut() ? ", timed out" : "") + "): " + err);
        }
        JsonNode all = new ObjectMapper().readTree(out.toString());
        Map<Path, JsonNode> byFile = new java.util.LinkedHashMap<>();
        for (Path f : files) {
            byFile.put(f, all.get(f.toAbsolutePath().toString()));
        }
        return byFile;
    }

    /** Parses text as one file; the parser's error message, or null when it parses. */
    static String parseError(String text) throws IOException {
        Path dir = Files.createTempDirectory("hcl");
        Path f = dir.resolve("x.tf");
        Files.writeString(f, text);
        List<String> argv = List.of("node", toolDir().resolve("parse.js").toString(), f.toString());
        StringBuilder err = new StringBuilder();
        ExternalCommand.Result r = ExternalCommand.of(argv)
                .workingDirectory(toolDir())
                .environment(Map.copyOf(System.getenv()))
                .timeout(Duration.ofMinutes(2))
                .stderr(l -> err.append(l).append('\n'))
                .build()
                .run();
        Files.delete(f);
        Files.delete(dir);
        return r.succeeded() ? null : err.toString();
    }
}
