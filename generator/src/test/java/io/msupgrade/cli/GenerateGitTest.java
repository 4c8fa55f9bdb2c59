package io.msupgrade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.msupgrade.testing.Samples;
import io.msupgrade.testing.Tool;

/** {@code generate --git} into an operator's repository, with the real git. */
class GenerateGitTest {

    @TempDir
    Path tmp;

    private Path repo;
    private Path model;
    private String stderr;

    @BeforeEach
    void repositoryWithFilesOfItsOwn() throws IOException {
        repo = tmp.resolve("ops");
        Files.createDirectories(repo.resolve("ansible/inventory/group_vars"));
        git("init", "-q");
        Files.writeString(repo.resolve("README.md"), "our runbook\n");
        Files.writeString(repo.resolve("ansible/inventory/group_vars/vault.yml"), "vault_dm_password: x\n");
        git("add", "-A");
        git("-c", "user.name=ops", "-c", "user.email=ops@example.com", "commit", "-qm", "ours");
        model = tmp.resolve("model.yaml");
        Files.copy(Samples.all().stream().filter(p -> p.toString().contains("linux-frontends")).findFirst().orElseThrow(),
                model);
    }

    private String git(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
        argv.addAll(List.of(args));
        Files.exists(repo);
        try {
            Files.createDirectories(repo);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Tool.Result r = Tool.run(repo, argv);
        assertEquals(0, r.exitCode(), r.output());
        return r.output();
    }

    private int generate(String... extra) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new java.util.ArrayList<>(List.of("generate", model.toString(), "-o", repo.toString(), "--git"));
        args.addAll(List.of(extra));
        int code = MsupgradeCommand.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        stderr = err.toString();
        return code;
    }

    private int commits() {
        return Integer.parseInt(git("rev-list", "--count", "HEAD").strip());
    }

    @Test
    void commitsOncePerModelChangeAndNeverTouchesForeignFiles() throws IOException {
        assertEquals(0, generate(), stderr);
        assertEquals(2, commits());
        assertTrue(git("log", "-1", "--format=%s").startsWith("msupgrade: generate acme-frontends"));
        assertEquals("", git("status", "--porcelain"), "everything msupgrade wrote is committed");
        assertEquals("vault_dm_password: x\n", Files.readString(repo.resolve("ansible/inventory/group_vars/vault.yml")));

        assertEquals(0, generate(), stderr);
        assertEquals(2, commits(), "an unchanged model makes no commit");

        Files.writeString(model, Files.readString(model).replace("name: web1", "name: web2")
                .replace("8.1.0.26.0", "8.1.0.27.0"));
        assertEquals(0, generate(), stderr);
        assertEquals(3, commits());
        String message = git("log", "-1", "--format=%B");
        assertTrue(message.contains("host web2 added") && message.contains("host web1 removed")
                && message.contains("target 8.1.0.26.0 -> 8.1.0.27.0"), message);
        String files = git("show", "--name-status", "--no-renames", "--format=", "HEAD");
        assertTrue(files.contains("D\tansible/inventory/host_vars/web1.yml"), "removed in the same commit: " + files);
        assertTrue(files.contains("A\tansible/inventory/host_vars/web2.yml"), files);
        assertFalse(files.lines().anyMatch(l -> l.endsWith("\tREADME.md") || l.endsWith("vault.yml")), files);
    }

    @Test
    void aHandEditedGeneratedFileIsRefusedUnlessForced() throws IOException {
        assertEquals(0, generate(), stderr);
        Path edited = repo.resolve("ansible/inventory/host_vars/mta1.yml");
        Files.writeString(edited, "# my tweak\n", java.nio.file.StandardOpenOption.APPEND);
        String before = Files.readString(edited);
        assertEquals(ExitCode.OUTPUT_REFUSED, generate());
        assertTrue(stderr.contains("ansible/inventory/host_vars/mta1.yml") && stderr.contains("--force"), stderr);
        assertEquals(before, Files.readString(edited), "left as it was");
        assertEquals(2, commits());
        assertEquals(0, generate("--force"), stderr);
        assertFalse(Files.readString(edited).contains("my tweak"));
        assertEquals(2, commits(), "the file is back to what is committed: nothing new to commit");
        assertEquals("", git("status", "--porcelain"));
    }

    @Test
    void theUsersStagedChangesStayOutOfMsupgradesCommit() throws IOException {
        Files.writeString(repo.resolve("README.md"), "our runbook, edited\n");
        git("add", "README.md");
        assertEquals(0, generate(), stderr);
        assertFalse(git("show", "--name-only", "--format=", "HEAD").lines().anyMatch(l -> l.equals("README.md")));
        assertTrue(git("diff", "--cached", "--name-only").contains("README.md"), "still staged for the user");
    }
}
