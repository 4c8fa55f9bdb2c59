package io.msupgrade.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import io.msupgrade.testing.Samples;

/**
 * No secret in the tree. The model has no key that could hold a password (only the NAME of the
 * vault variable); no generated file holds the rehearsal password or a literal under a
 * password-like key; a model that tries to carry a password is refused without echoing it.
 */
class SecretsTest {

    static final String FAKE_SECRET = "Fake-Secret-4711";

    @TempDir
    Path tmp;

    static String rehearsalPassword() throws Exception {
        Field f = Class.forName("io.msupgrade.run.rehearsal.RehearsalSpec").getDeclaredField("PASSWORD");
        f.setAccessible(true);
        return (String) f.get(null);
    }

    static final Pattern PASSWORD_KEY = Pattern.compile("(?i).*(password|passwd|secret).*");
    /** Keys that name where a password is, not the password: the variable's name, a file, a path. */
    static final Pattern NAMES_IT = Pattern.compile("(?i).*(_var|_file|_path|_dir|pwfile)$");

    @Test
    void noGeneratedTreeHoldsASecretValue() throws Exception {
        String rehearsal = rehearsalPassword();
        for (Path sample : Samples.all()) {
            Path out = tmp.resolve(Samples.name(sample));
            Cli.Run r = Cli.run("generate", sample.toString(), "-o", out.toString());
            assertEquals(0, r.code(), r::all);
            Map<String, byte[]> tree = ValueInjectionTest.read(out);
            List<String> wrong = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : tree.entrySet()) {
                String text = new String(e.getValue(), StandardCharsets.UTF_8);
                if (text.contains(rehearsal)) {
                    wrong.add(e.getKey() + " holds the rehearsal password");
                }
                if (e.getKey().endsWith(".yml") || e.getKey().endsWith(".yaml")) {
                    for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
                        literalPasswords(e.getKey(), doc, wrong);
                    }
                }
                if (e.getKey().endsWith(".json")) {
                    literalPasswords(e.getKey(), new com.fasterxml.jackson.databind.ObjectMapper()
                            .readValue(e.getValue(), Object.class), wrong);
                }
            }
            assertTrue(wrong.isEmpty(), Samples.name(sample) + ":\n" + String.join("\n", wrong));
            String all = new String(tree.get("ansible/inventory/group_vars/all.yml"), StandardCharsets.UTF_8);
            assertTrue(all.matches("(?s).*\\nmsupgrade_directory_password_var: \"vault_[a-z_]+\"\\n.*"),
                    "the password is referenced by its variable's name:\n" + all);
        }
    }

    /** A key named like a password may hold a reference ({{ ... }}) or nothing, never a literal. */
    private static void literalPasswords(String file, Object node, List<String> wrong) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                String key = String.valueOf(k);
                if (PASSWORD_KEY.matcher(key).matches() && !NAMES_IT.matcher(key).matches()
                        && v != null && !(v instanceof Map) && !(v instanceof List)
                        && !(v instanceof String s && (s.isEmpty() || s.strip().startsWith("{{")))) {
                    wrong.add(file + ": '" + key + "' holds a literal value");
                }
                literalPasswords(file, v, wrong);
            });
        } else if (node instanceof List<?> l) {
            l.forEach(v -> literalPasswords(file, v, wrong));
        }
    }

    /** Every place a password could be written into a model is an unknown key: refused, located, not echoed. */
    @ParameterizedTest
    @ValueSource(strings = {"directory.password", "directory.bind_password", "directory.dm_password", "password",
        "host.password", "provisioning.vsphere.password", "provisioning.aws.secret_key"})
    void aModelCannotCarryAPassword(String where) throws Exception {
        String s = Files.readString(Samples.projectRoot().resolve("samples/classic-to-cassandra.yaml"));
        String line;
        String anchor;
        switch (where) {
            case "password" -> {
                anchor = "deployment: umbrella-mail\n";
                line = "password: " + FAKE_SECRET + "\n";
            }
            case "host.password" -> {
                anchor = "    strategy: in-place\n";
                line = "    password: " + FAKE_SECRET + "\n";
            }
            case "provisioning.vsphere.password" -> {
                anchor = "    template: ol8-ms-template\n";
                line = "    password: " + FAKE_SECRET + "\n";
            }
            case "provisioning.aws.secret_key" -> {
                anchor = "    ami_owner: \"131827586825\"\n";
                line = "    secret_key: " + FAKE_SECRET + "\n";
            }
            default -> {
                anchor = "  password_var: vault_umbrella_dm_password\n";
                line = "  " + where.substring("directory.".length()) + ": " + FAKE_SECRET + "\n";
            }
        }
        assertTrue(s.contains(anchor), "the sample changed: " + anchor);
        String text = s.replaceFirst(Pattern.quote(anchor), anchor + line);
        int lineNo = text.substring(0, text.indexOf(line)).split("\n", -1).length;
        int col = line.indexOf(line.strip()) + 1;
        Path model = Files.writeString(tmp.resolve("secret.yaml"), text);
        Path out = tmp.resolve("out");
        Cli.Run r = Cli.run("generate", model.toString(), "-o", out.toString());
        Cli.assertRefusedModel(r, model);
        assertTrue(r.err().contains(model + ":" + lineNo + ":" + col + ": error MS012: unknown key"), r::all);
        assertFalse(r.err().contains(FAKE_SECRET) || r.out().contains(FAKE_SECRET), "the secret was echoed\n" + r.all());
        assertFalse(Files.exists(out));
    }

    /** The password itself where its variable's name goes: refused, and not echoed either. */
    @Test
    void aPasswordWhereTheVariableNameGoesIsRefused() throws Exception {
        String s = Files.readString(Samples.projectRoot().resolve("samples/linux-frontends-inplace.yaml"));
        String text = s.replace("password_var: vault_dm_password", "password_var: \"" + FAKE_SECRET + "!\"");
        Path model = Files.writeString(tmp.resolve("secret.yaml"), text);
        Cli.Run r = Cli.run("generate", model.toString(), "-o", tmp.resolve("out").toString());
        Cli.assertRefusedModel(r, model);
        assertTrue(r.err().contains("Ansible variable name"), r::all);
        assertFalse(r.err().contains(FAKE_SECRET), "the secret was echoed\n" + r.all());
    }
}
