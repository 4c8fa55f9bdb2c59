package io.msupgrade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.msupgrade.render.Manifest;
import io.msupgrade.testing.Samples;
import io.msupgrade.testing.Tool;

/**
 * What a newcomer meets in the first hour (issue 18): help texts, usage errors, exit codes and the
 * counts {@code generate} prints, each asserted on the real command line entry.
 */
class FirstHourTest {

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
        String all() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MsupgradeCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Path sample(String name) {
        return Samples.all().stream().filter(p -> p.toString().contains(name)).findFirst().orElseThrow();
    }

    // --- help

    private static List<String> words(String text) {
        return Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    private static String helpAtWidth(int width, String... args) {
        String saved = System.getProperty("picocli.usage.width");
        System.setProperty("picocli.usage.width", Integer.toString(width));
        try {
            Run r = run(args);
            assertEquals(0, r.code(), r::all);
            return r.out();
        } finally {
            if (saved == null) {
                System.clearProperty("picocli.usage.width");
            } else {
                System.setProperty("picocli.usage.width", saved);
            }
        }
    }

    /** Help wraps between words only: at 80 columns it has the words it has on one wide line each. */
    @ParameterizedTest
    @ValueSource(strings = {"", "validate", "plan", "generate", "rehearse", "run", "provision", "schema"})
    void helpWrapsBetweenWordsOnly(String command) {
        String[] args = command.isEmpty() ? new String[] {"--help"} : new String[] {command, "--help"};
        assertEquals(words(helpAtWidth(1000, args)), words(helpAtWidth(80, args)),
                () -> "a word is cut at 80 columns:\n" + helpAtWidth(80, args));
    }

    /** The command list of the top-level help gives each command's whole first sentence. */
    @Test
    void topLevelHelpGivesEachCommandAWholeSentence() {
        String help = run("--help").out();
        String commands = help.substring(help.indexOf("Commands:"), help.indexOf("Exit codes:"));
        Matcher m = Pattern.compile("(?m)^  (\\w+)\\s+(.*(?:\\n {5,}.*)*)").matcher(commands);
        int seen = 0;
        while (m.find()) {
            seen++;
            String text = String.join(" ", words(m.group(2)));
            assertTrue(text.endsWith("."), () -> "'" + m.group(1) + "' is cut mid-sentence: " + text);
        }
        assertEquals(10, seen, commands);
    }

    @Test
    void anUnknownCommandNamesTheCommandsAndTheHelpOnce() {
        Run r = run("frobnicate");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("msupgrade: unknown command 'frobnicate'; the commands are discover, validate, plan, generate,"),
                r::all);
        assertTrue(r.err().contains("Try 'msupgrade --help'.\n"), r::all);
        assertFalse(r.err().contains(" or 'msupgrade --help'"), r::all);
        Run typo = run("generat", "x.yaml");
        assertTrue(typo.err().contains("unknown command 'generat' (did you mean 'generate'?)"), typo::all);
    }

    @Test
    void aSubcommandsUsageErrorPointsToItsOwnHelpFirst() {
        Run r = run("generate", "model.yaml");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("Try 'msupgrade generate --help' or 'msupgrade --help'."), r::all);
    }

    // --- exit codes and what they say

    @Test
    void validateNeverSaysNothingWasWritten() throws IOException {
        Path broken = Files.writeString(tmp.resolve("broken.yaml"), "model: msupgrade/v1\nfrobnicate: 1\n");
        Run v = run("validate", broken.toString());
        assertEquals(ExitCode.MODEL_INVALID, v.code(), v::all);
        assertTrue(v.err().contains(broken + ": "), v::all);
        assertFalse(v.err().contains("written"), v::all);
        Run p = run("plan", broken.toString());
        assertEquals(ExitCode.MODEL_INVALID, p.code(), p::all);
        assertFalse(p.err().contains("written"), p::all);
        Run g = run("generate", broken.toString(), "-o", tmp.resolve("out").toString());
        assertEquals(ExitCode.MODEL_INVALID, g.code(), g::all);
        assertTrue(g.err().contains("; nothing was written"), g::all);
    }

    /** A model file that is not there (or a folder) is a usage error: the command line named the wrong file. */
    @ParameterizedTest
    @ValueSource(strings = {"validate", "plan", "generate", "rehearse", "run", "provision"})
    void aMissingModelFileIsAUsageError(String command) throws IOException {
        Path missing = tmp.resolve("no-such-model.yaml");
        List<String> args = new java.util.ArrayList<>(List.of(command, missing.toString()));
        if (!List.of("validate", "plan").contains(command)) {
            args.addAll(List.of("-o", tmp.resolve("out").toString()));
        }
        if (command.equals("run")) {
            args.add("preflight");
        }
        Run r = run(args.toArray(String[]::new));
        assertEquals(ExitCode.USAGE, r.code(), r::all);
        assertTrue(r.err().startsWith("msupgrade: no such model file: " + missing + "\n"), r::all);
        assertFalse(r.err().contains("internal error") || r.err().contains("Exception"), r::all);
        assertFalse(Files.exists(tmp.resolve("out")), "nothing written");

        args.set(1, Files.createDirectories(tmp.resolve("models")).toString());
        Run folder = run(args.toArray(String[]::new));
        assertEquals(ExitCode.USAGE, folder.code(), folder::all);
        assertTrue(folder.err().contains("is a folder"), folder::all);
    }

    // --- counts

    /** Every regular file under DIR but git's, with a hash of its bytes. */
    private static Map<String, String> onDisk(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(p).toString();
                if (!rel.startsWith(".git/")) {
                    files.put(rel, Manifest.sha256(Files.readAllBytes(p)));
                }
            }
        }
        return files;
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), () -> "no '" + regex + "' in:\n" + text);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void generateCountsTheFilesOnDisk() throws IOException {
        Path out = tmp.resolve("out");
        Run first = run("generate", sample("linux-frontends").toString(), "-o", out.toString());
        assertEquals(0, first.code(), first::all);
        Map<String, String> before = onDisk(out);
        assertEquals(before.size(), count(first.out(), "wrote (\\d+) files to "), first::all);

        Run again = run("generate", sample("linux-frontends").toString(), "-o", out.toString());
        assertTrue(again.out().contains("already holds the " + before.size() + " files the model generates; nothing written"),
                again::all);

        Path renamed = Files.writeString(tmp.resolve("renamed.yaml"),
                Files.readString(sample("linux-frontends")).replaceAll("\\bmta2\\b", "mta9"));
        Run third = run("generate", renamed.toString(), "-o", out.toString());
        assertEquals(0, third.code(), third::all);
        Map<String, String> after = onDisk(out);
        long written = after.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey()))).count();
        long removed = before.keySet().stream().filter(p -> !after.containsKey(p)).count();
        assertEquals(written, count(third.out(), "wrote (\\d+) of the "), third::all);
        assertEquals(after.size(), count(third.out(), "of the (\\d+) files to "), third::all);
        assertEquals(removed, count(third.out(), "(\\d+) removed"), third::all);
    }

    @Test
    void generateIntoGitGivesGitsOwnCount() throws IOException {
        Path repo = tmp.resolve("ops");
        Run first = run("generate", sample("linux-frontends").toString(), "-o", repo.toString(), "--git");
        assertEquals(0, first.code(), first::all);
        assertEquals(onDisk(repo).size(), count(first.out(), "wrote (\\d+) files to "), first::all);
        Path renamed = Files.writeString(tmp.resolve("renamed.yaml"),
                Files.readString(sample("linux-frontends")).replaceAll("\\bmta2\\b", "mta9"));
        Run second = run("generate", renamed.toString(), "-o", repo.toString(), "--git");
        assertEquals(0, second.code(), second::all);
        Tool.Result stat = Tool.run(repo, List.of("git", "show", "--shortstat", "--format=", "HEAD"));
        int gitCount = count(stat.output(), "(\\d+) files? changed");
        assertEquals(gitCount, count(second.out(), "committed \\((\\d+) files? changed"), second::all);
    }

    @Test
    void aModelWithoutTerraformHostsSaysWhyThereIsNoTerraformFolder() {
        Path out = tmp.resolve("out");
        Run r = run("generate", sample("linux-frontends").toString(), "-o", out.toString());
        assertTrue(r.out().contains("no " + out.toAbsolutePath().resolve("terraform") + "/: no new host of the model is built"
                + " by Terraform"), r::all);
        assertFalse(Files.exists(out.resolve("terraform")));
        Path whole = tmp.resolve("whole");
        Run coexistence = run("generate", sample("coexistence-sparc-to-linux").toString(), "-o", whole.toString());
        assertTrue(Files.isDirectory(whole.resolve("terraform")));
        assertFalse(coexistence.out().contains("Terraform"), coexistence::all);
    }

    /**
     * The generated terraform/README.md's ansible-playbook line works from where the user stands
     * (Ansible reads ansible.cfg, and with it roles_path and the inventory, from the working folder):
     * run as written, with DIR filled in, from another folder, with --syntax-check.
     */
    @Test
    void theTerraformReadmesAnsibleCommandWorksAsWritten() throws IOException {
        Path out = tmp.resolve("out");
        assertEquals(0, run("generate", sample("coexistence-sparc-to-linux").toString(), "-o", out.toString()).code());
        String readme = Files.readString(out.resolve("terraform/README.md"));
        List<String> lines = readme.lines().filter(l -> l.contains("ansible-playbook") && !l.startsWith("Ansible"))
                .filter(l -> !l.contains("`")).toList();
        assertFalse(lines.isEmpty(), "the README gives an ansible-playbook command");
        for (String line : lines) {
            String command = line.replace("DIR", out.toAbsolutePath().toString()).replaceAll("\\s+#.*$", "")
                    + " --syntax-check";
            Tool.Result r = Tool.run(tmp, Map.of("PATH", System.getenv("PATH"), "HOME", tmp.toString()), 120,
                    List.of("bash", "-c", command));
            assertEquals(0, r.exitCode(), () -> command + "\n" + r.output());
        }
    }

    // --- the confirmation gate, with the real ansible-playbook

    /**
     * Without a terminal and without --confirm, the playbook's own gate stops the run before any
     * host is touched: its prompt does not name itself as the change, and its hint gives msupgrade's
     * --confirm.
     */
    @Test
    void theConfirmationGateNamesTheDeploymentAndMsupgradesConfirm() {
        Path out = tmp.resolve("out");
        assertEquals(0, run("generate", sample("linux-frontends").toString(), "-o", out.toString()).code());
        Run r = run("run", sample("linux-frontends").toString(), "-o", out.toString(), "upgrade");
        assertEquals(ExitCode.EXTERNAL_FAILED, r.code(), r::all);
        assertTrue(r.out().contains("The playbook you started changes Messaging Server hosts of acme-frontends."), r::all);
        assertFalse(r.out().contains("(Confirm the"), r::all);
        assertTrue(r.out().contains("msupgrade run MODEL -o DIR PLAYBOOK --confirm"), r::all);
        assertTrue(r.err().contains("play 1 \"Confirm the change\" · 2 tasks · 1 host, 0 changes, 1 failed (localhost)"),
                r::all);
    }

    // --- colours

    /**
     * The launcher's build and test.sh run Maven from the project root in batch mode: no colour codes
     * in their output (Maven 3.8's Jansi wrote reset codes, ESC[0m, even with -B and style.color=never;
     * .mvn/jvm.config turns them off).
     */
    @Test
    void mavenRunFromTheRootPrintsNoColourCodes() {
        Tool.Result r = Tool.run(Samples.projectRoot(), Map.of("PATH", System.getenv("PATH")), 120,
                List.of("mvn", "-q", "-B", "-N", "--no-transfer-progress", "-Dstyle.color=never", "validate"));
        assertEquals(0, r.exitCode(), r.output());
        assertFalse(r.output().contains("\u001b"), () -> "colour codes: " + r.output().replace("\u001b", "ESC"));
    }

    // --- the README's first command, as a newcomer runs it

    /**
     * The README's first command writes what the README says it writes (ansible/, terraform/,
     * PLAN.md), on a sample that follows the recommended practice and so gets no warning.
     */
    @Test
    void theReadmesFirstCommandWritesTheWholeTreeWithoutWarnings() throws IOException {
        String readme = Files.readString(Samples.projectRoot().resolve("README.md"));
        String start = readme.substring(readme.indexOf("## Start here"));
        Matcher m = Pattern.compile("```sh\n\\./msupgrade (generate samples/\\S+\\.yaml) -o out\n```").matcher(start);
        assertTrue(m.find(), "the README starts with ./msupgrade generate samples/X.yaml -o out");
        List<String> args = new java.util.ArrayList<>(words(m.group(1)));
        args.set(1, Samples.projectRoot().resolve(args.get(1)).toString());
        Path out = tmp.resolve("out");
        args.addAll(List.of("-o", out.toString()));
        Run r = run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r::all);
        assertEquals("", r.err(), "no warning on the README's sample");
        for (String written : List.of("ansible/", "terraform/", "PLAN.md")) {
            assertTrue(start.contains("`out/" + written + "`"), written);
            assertTrue(Files.exists(out.resolve(written)), written + " written");
        }
    }
}
