package io.msupgrade.render.terraform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The conventions generated Terraform keeps (architecture item 9), checked on one module directory
 * after HashiCorp's parser (hcl2json) has read its {@code .tf} files:
 *
 * <ul>
 *   <li>every {@code var.X} and {@code local.X} used is declared;</li>
 *   <li>every variable has a type and a description, every output a description;</li>
 *   <li>every provider a resource or data source uses is in {@code required_providers} with
 *       {@code source} and {@code version} (the root pins exact versions);</li>
 *   <li>no resource, data source or module uses {@code count};</li>
 *   <li>resource, data, module, variable, output and local names are snake_case;</li>
 *   <li>each file is in terraform fmt's layout ({@link FmtCheck}).</li>
 * </ul>
 */
final class TerraformChecks {

    static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Pattern VAR_REF = Pattern.compile("(?<![A-Za-z0-9_.])var\\.([A-Za-z_][A-Za-z0-9_-]*)");
    private static final Pattern LOCAL_REF = Pattern.compile("(?<![A-Za-z0-9_.])local\\.([A-Za-z_][A-Za-z0-9_-]*)");
    private static final Pattern EXACT_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

    /** What one module directory declares and uses. */
    record Module(Path dir, Map<Path, JsonNode> files, Set<String> variables, Set<String> locals,
                  Map<String, JsonNode> requiredProviders) {
    }

    private TerraformChecks() {
    }

    static List<Path> tfFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tf")).sorted().toList();
        }
    }

    static Module read(Path dir) throws IOException {
        Map<Path, JsonNode> files = Hcl.parse(tfFiles(dir));
        Set<String> variables = new TreeSet<>();
        Set<String> locals = new TreeSet<>();
        Map<String, JsonNode> providers = new TreeMap<>();
        for (JsonNode body : files.values()) {
            body.path("variable").fieldNames().forEachRemaining(variables::add);
            for (JsonNode l : body.path("locals")) {
                l.fieldNames().forEachRemaining(locals::add);
            }
            for (JsonNode t : body.path("terraform")) {
                for (JsonNode rp : t.path("required_providers")) {
                    rp.fields().forEachRemaining(e -> providers.put(e.getKey(), e.getValue()));
                }
            }
        }
        return new Module(dir, files, variables, locals, providers);
    }

    /** Every problem of the module; {@code root} adds the root module's stricter rules. */
    static List<String> check(Module m, boolean root) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Path, JsonNode> f : m.files().entrySet()) {
            String name = m.dir().relativize(f.getKey()).toString();
            JsonNode body = f.getValue();
            if (body == null) {
                problems.add(name + ": the parser returned nothing");
                continue;
            }
            problems.addAll(FmtCheck.check(name, Files.readString(f.getKey())));
            strings(body, s -> {
                refs(VAR_REF, s, m.variables(), name, "var", problems);
                refs(LOCAL_REF, s, m.locals(), name, "local", problems);
            });
            body.path("variable").fields().forEachRemaining(e -> {
                snake(name, "variable", e.getKey(), problems);
                JsonNode v = e.getValue().path(0);
                if (!v.has("type")) {
                    problems.add(name + ": variable " + e.getKey() + " has no type");
                }
                if (v.path("description").asText("").isBlank()) {
                    problems.add(name + ": variable " + e.getKey() + " has no description");
                }
            });
            body.path("output").fields().forEachRemaining(e -> {
                snake(name, "output", e.getKey(), problems);
                if (e.getValue().path(0).path("description").asText("").isBlank()) {
                    problems.add(name + ": output " + e.getKey() + " has no description");
                }
            });
            for (JsonNode l : body.path("locals")) {
                l.fieldNames().forEachRemaining(k -> snake(name, "local", k, problems));
            }
            for (String kind : List.of("resource", "data")) {
                body.path(kind).fields().forEachRemaining(type -> type.getValue().fields().forEachRemaining(r -> {
                    snake(name, kind + " " + type.getKey(), r.getKey(), problems);
                    for (JsonNode instance : r.getValue()) {
                        if (instance.has("count")) {
                            problems.add(name + ": " + kind + " " + type.getKey() + "." + r.getKey()
                                    + " uses count; key instances by name with for_each");
                        }
                    }
                    String provider = type.getKey().substring(0, type.getKey().indexOf('_'));
                    if (!m.requiredProviders().containsKey(provider)) {
                        problems.add(name + ": " + kind + " " + type.getKey() + " needs provider " + provider
                                + ", which is not in required_providers");
                    }
                }));
            }
            body.path("module").fields().forEachRemaining(mod -> {
                snake(name, "module", mod.getKey(), problems);
                for (JsonNode call : mod.getValue()) {
                    if (call.has("count")) {
                        problems.add(name + ": module " + mod.getKey() + " uses count; use for_each keyed by host name");
                    }
                    if (root && !call.path("for_each").asText("").contains("var.hosts")) {
                        problems.add(name + ": module " + mod.getKey() + " is not for_each over var.hosts");
                    }
                }
            });
        }
        if (m.requiredProviders().isEmpty()) {
            problems.add(m.dir() + ": no required_providers");
        }
        m.requiredProviders().forEach((p, spec) -> {
            if (spec.path("source").asText("").isBlank()) {
                problems.add("provider " + p + " has no source");
            }
            String version = spec.path("version").asText("");
            if (version.isBlank()) {
                problems.add("provider " + p + " has no version");
            } else if (root && !EXACT_VERSION.matcher(version).matches()) {
                problems.add("provider " + p + " is not pinned to an exact version: " + version);
            }
        });
        boolean requiredVersion = m.files().values().stream()
                .flatMap(b -> stream(b.path("terraform")))
                .anyMatch(t -> t.has("required_version"));
        if (!requiredVersion) {
            problems.add(m.dir() + ": no terraform.required_version");
        }
        return problems;
    }

    /** Module calls of the root: name to local source path. */
    static Map<String, String> moduleSources(Module m) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode body : m.files().values()) {
            body.path("module").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().path(0).path("source").asText()));
        }
        return out;
    }

    /**
     * The root's call of the module at {@code source} passes only arguments the module declares as
     * variables, and every variable of the module that has no default.
     */
    static List<String> callMatchesModule(Module root, String source, Module module) {
        Set<String> meta = Set.of("source", "for_each", "count", "depends_on", "providers", "version");
        Set<String> required = new TreeSet<>();
        for (JsonNode body : module.files().values()) {
            body.path("variable").fields().forEachRemaining(v -> {
                if (!v.getValue().path(0).has("default")) {
                    required.add(v.getKey());
                }
            });
        }
        List<String> problems = new ArrayList<>();
        Set<String> found = new TreeSet<>();
        for (JsonNode body : root.files().values()) {
            body.path("module").fields().forEachRemaining(call -> {
                JsonNode args = call.getValue().path(0);
                if (!source.equals(args.path("source").asText())) {
                    return;
                }
                found.add(call.getKey());
                Set<String> passed = new TreeSet<>();
                args.fieldNames().forEachRemaining(passed::add);
                passed.removeAll(meta);
                for (String a : passed) {
                    if (!module.variables().contains(a)) {
                        problems.add("module " + call.getKey() + " passes " + a + ", which " + source + " does not declare");
                    }
                }
                for (String r : required) {
                    if (!passed.contains(r)) {
                        problems.add("module " + call.getKey() + " does not pass " + r + ", which " + source + " requires");
                    }
                }
            });
        }
        if (found.isEmpty()) {
            problems.add("no module call has source " + source);
        }
        return problems;
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out.stream();
    }

    private static void refs(Pattern p, String s, Set<String> declared, String file, String kind, List<String> problems) {
        Matcher matcher = p.matcher(s);
        while (matcher.find()) {
            if (!declared.contains(matcher.group(1))) {
                problems.add(file + ": " + kind + "." + matcher.group(1) + " is used but not declared");
            }
        }
    }

    private static void snake(String file, String what, String name, List<String> problems) {
        if (!SNAKE.matcher(name).matches()) {
            problems.add(file + ": " + what + " name '" + name + "' is not snake_case");
        }
    }

    /** Every string in the JSON (expressions are strings like "${var.x}"), keys included. */
    static void strings(JsonNode node, java.util.function.Consumer<String> sink) {
        if (node.isTextual()) {
            sink.accept(node.asText());
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                sink.accept(e.getKey());
                strings(e.getValue(), sink);
            }
        } else if (node.isArray()) {
            node.forEach(n -> strings(n, sink));
        }
    }
}
