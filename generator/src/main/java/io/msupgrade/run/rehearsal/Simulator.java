package io.msupgrade.run.rehearsal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.msupgrade.render.TemplateTree;
import io.msupgrade.run.ExternalCommand;

/**
 * The simulated Messaging Server hosts (the Python package {@code simulator/msim/}, shipped in the
 * jar), driven through its command line: set up the sandboxes, let mail arrive, arm faults, check
 * invariants.
 */
public final class Simulator {

    static final String PYTHON = "/usr/bin/python3";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Path runtime;
    private final Path root;
    private final Map<String, String> environment;

    private Simulator(Path home, Path runtime, Path root, Map<String, String> environment) {
        this.home = home;
        this.runtime = runtime;
        this.root = root;
        this.environment = environment;
    }

    /**
     * Unpacks the simulator into {@code home} and binds it to the sandbox root {@code root}. What
     * the simulator writes while it runs (its C client, the warm Python's sockets and caches) goes
     * to {@code home-runtime} beside it: the unpacked code stays as the jar has it, and every
     * sandbox of the rehearsal shares one warm Python.
     *
     * @param environment the environment the simulator's commands run with
     */
    public static Simulator install(Path home, Path root, Map<String, String> environment) throws IOException {
        for (Map.Entry<String, byte[]> f : TemplateTree.load("simulator", p -> !p.startsWith("tests/")).entrySet()) {
            Path target = home.resolve(f.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, f.getValue());
            if (f.getKey().endsWith(".py")) {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        return new Simulator(home, home.resolveSibling(home.getFileName() + "-runtime"), root, environment);
    }

    /** This simulator, unpacked already, bound to another sandbox root. */
    public Simulator at(Path otherRoot) {
        return new Simulator(home, runtime, otherRoot, environment);
    }

    public Path root() {
        return root;
    }

    public Path journal() {
        return root.resolve("journal.jsonl");
    }

    /** Builds the sandboxes from the spec; returns what the rehearsal inventory must hold. */
    public Map<String, Object> setup(Map<String, Object> spec) throws IOException {
        Path specFile = root.resolveSibling(root.getFileName() + "-spec.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(specFile.toFile(), spec);
        String out = msim(List.of("setup", "--spec", specFile.toString(), "--root", root.toString(),
                "--runtime", runtime.toString()));
        return JSON.readValue(out, new TypeReference<Map<String, Object>>() { });
    }

    /**
     * Copies this simulation, in the state it is in now, to the sandbox root {@code to}; the copy
     * goes on on its own (the scenarios that share their first stages run them once).
     *
     * @return the copy, and what its rehearsal inventory must hold
     */
    public Copy copyTo(Path to) throws IOException {
        String out = msim(List.of("clone", "--root", root.toString(), "--to", to.toString()));
        return new Copy(at(to),
                JSON.readValue(out, new TypeReference<Map<String, Object>>() { }));
    }

    /** A copied simulation and its inventory variables (as {@link #setup} returns them). */
    public record Copy(Simulator simulator, Map<String, Object> inventoryVars) {
    }

    public void deliver(int count) throws IOException {
        msim(List.of("deliver", "--root", root.toString(), "--count", Integer.toString(count)));
    }

    public void touchFlags(int count) throws IOException {
        msim(List.of("touch-flags", "--root", root.toString(), "--count", Integer.toString(count)));
    }

    /** Arms a fault: the next matching command on {@code host} fails. */
    public void fault(String host, String command, String match, String mode) throws IOException {
        List<String> args = new ArrayList<>(List.of("fault", "--root", root.toString(), "--host", host,
                "--command", command, "--once"));
        if (match != null) {
            args.add("--match=" + match);
        }
        if (mode != null) {
            args.add("--mode");
            args.add(mode);
        }
        msim(args);
    }

    public void clearFaults() throws IOException {
        msim(List.of("clear-faults", "--root", root.toString()));
    }

    /** The invariants after a scenario: {@code ok}, {@code problems}, message counts. */
    public Map<String, Object> check(String expect) throws IOException {
        return JSON.readValue(msimAllowingFailure(List.of("check", "--root", root.toString(), "--expect", expect)),
                new TypeReference<Map<String, Object>>() { });
    }

    private String msim(List<String> args) throws IOException {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int rc = run(args, out, err);
        if (rc != 0) {
            throw new IOException("msim " + args.get(0) + " failed (exit " + rc + "): " + err.toString().strip());
        }
        return out.toString();
    }

    private String msimAllowingFailure(List<String> args) throws IOException {
        StringBuilder out = new StringBuilder();
        run(args, out, new StringBuilder());
        return out.toString();
    }

    private int run(List<String> args, StringBuilder out, StringBuilder err) throws IOException {
        List<String> argv = new ArrayList<>();
        // -m, not a script's path: the package's modules are read from the .pyc that setup
        // compiled (a script is compiled from source on every run, 0.1 s for the simulator); -S:
        // it needs only the standard library. The working folder, home, puts it on the module path.
        argv.add(PYTHON);
        argv.add("-S");
        argv.add("-m");
        argv.add("msim");
        argv.addAll(args);
        return ExternalCommand.of(argv).workingDirectory(home).environment(environment).timeout(TIMEOUT)
                .stdout(l -> out.append(l).append('\n')).stderr(l -> err.append(l).append('\n'))
                .build().run().exitCode();
    }
}
