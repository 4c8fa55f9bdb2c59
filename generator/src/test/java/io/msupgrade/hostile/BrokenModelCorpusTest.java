package io.msupgrade.hostile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import io.msupgrade.testing.Samples;

/**
 * The corpus of broken and hostile models: mutations of the samples and hand-written attacks, each
 * run through the real command line entry ({@code generate MODEL -o DIR}, in-process). Each must
 * exit 3 within {@link Cli#MAX_TIME}, say what is wrong as {@code FILE:LINE:COL} problems, show no
 * stack trace and leave DIR unmade.
 *
 * <pre>
 *   mvn -q -B test -pl generator -Dtest='io.msupgrade.hostile.*Test'
 * </pre>
 */
class BrokenModelCorpusTest {

    static final int MIN_CASES = 100;
    static final Pattern EXPECT = Pattern.compile("^# expect: (\\d+):(\\d+)(?: (.+))?$");

    @TempDir
    static Path tmp;

    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** One case: a name, the bytes of the model, and optionally a problem it must report. */
    record Case(String kind, String name, byte[] bytes, String expectAt, String expectText) {
        static Case of(String kind, String name, byte[] bytes) {
            return new Case(kind, name, bytes, null, null);
        }

        static Case of(String kind, String name, String text) {
            return of(kind, name, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBrokenModelGetsAClearErrorAndNothingIsWritten() {
        List<Case> cases = corpus();
        Map<String, Integer> byKind = new LinkedHashMap<>();
        cases.forEach(c -> byKind.merge(c.kind(), 1, Integer::sum));
        Mutations.Corpus mutations = mutations();
        System.out.println("hostile corpus: " + cases.size() + " cases " + byKind + "; "
                + mutations.stillValid().size() + " mutations stayed valid and were skipped");
        DynamicTest size = DynamicTest.dynamicTest("corpus holds at least " + MIN_CASES + " failing cases",
                () -> assertTrue(cases.size() >= MIN_CASES, cases.size() + " cases " + byKind));
        return Stream.concat(Stream.of(size), cases.stream()
                .map(c -> DynamicTest.dynamicTest(c.kind() + ": " + c.name(), () -> check(c))));
    }

    static void check(Case c) throws IOException {
        try {
            checkCase(c);
        } catch (AssertionError e) {
            throw new AssertionError(c.kind() + ": " + c.name() + ": " + e.getMessage(), e);
        }
    }

    private static void checkCase(Case c) throws IOException {
        int n = COUNTER.incrementAndGet();
        Path model = tmp.resolve("case-" + n + ".yaml");
        Files.write(model, c.bytes());
        Path out = tmp.resolve("out-" + n);
        Cli.Run r = Cli.run("generate", model.toString(), "-o", out.toString());
        Cli.assertRefusedModel(r, model);
        assertFalse(Files.exists(out), () -> "the output folder was made\n" + r.all());
        if (c.expectAt() != null) {
            String at = model + ":" + c.expectAt() + ": error MS";
            boolean found = r.err().lines().anyMatch(l -> l.startsWith(at)
                    && (c.expectText() == null || l.contains(c.expectText())));
            assertTrue(found, () -> "expected an error at " + c.expectAt()
                    + (c.expectText() == null ? "" : " saying '" + c.expectText() + "'") + "\n" + r.all());
        }
    }

    static Mutations.Corpus mutations() {
        return CACHE.mutations;
    }

    /** Built once per JVM: the mutations validate each candidate. */
    private static final class CACHE {
        static final Mutations.Corpus mutations = Mutations.of(Samples.all());
    }

    static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        for (Mutations.Mutation m : mutations().broken()) {
            cases.add(Case.of("mutation", m.name(), m.bytes()));
        }
        cases.addAll(handWritten());
        cases.addAll(built());
        return cases;
    }

    /** The files of {@code src/test/resources/hostile/}, with their {@code # expect:} line. */
    static List<Case> handWritten() {
        Path dir = Samples.projectRoot().resolve("generator/src/test/resources/hostile");
        try (Stream<Path> files = Files.list(dir)) {
            List<Case> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(f);
                String first = new String(bytes, StandardCharsets.UTF_8).lines().findFirst().orElse("");
                Matcher m = EXPECT.matcher(first);
                String name = f.getFileName().toString();
                out.add(m.matches() ? new Case("attack", name, bytes, m.group(1) + ":" + m.group(2), m.group(3))
                        : Case.of("attack", name, bytes));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String base() {
        try {
            return Files.readString(Samples.projectRoot().resolve("generator/src/test/resources/hostile/valid-base.yaml.txt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Case at(String name, String text, String where, String message) {
        return new Case("attack", name, utf8(text), where, message);
    }

    private static Case at(String name, byte[] bytes, String where, String message) {
        return new Case("attack", name, bytes, where, message);
    }

    /** Attacks that are binary, huge or generated: not kept as files. */
    static List<Case> built() {
        String base = base();
        List<Case> c = new ArrayList<>();
        c.add(at("empty file", new byte[0], "1:1", "empty"));
        c.add(at("only blanks and line breaks", " \n\n   \n", "1:1", "empty"));
        c.add(at("raw NUL byte in a value", base.replace("deployment: acme-mail", "deployment: acme\0mail"), "2:17",
                "U+0000"));
        c.add(at("raw NUL byte in a comment", "# \0\n" + base, "1:3", "U+0000"));
        c.add(at("raw ESC byte", base.replace("arch: x86_64", "arch: x86\u001b[2J_64"), "18:14", "U+001B"));
        c.add(at("raw DEL byte", base.replace("os: oracle-linux-8", "os: oracle\u007flinux-8"), "17:15", "U+007F"));
        c.add(at("escaped control characters in a value",
                base.replace("arch: x86_64", "arch: \"\\e]0;pwned\\a\\e[2Jx86_64\""), "18:11", null));
        c.add(at("escaped control characters in a key", base + "\"\\e[2J\\e[31mevil\": 1\n", "21:1", "unknown key"));
        c.add(at("escaped NUL in a value", base.replace("address: 192.0.2.21", "address: \"192.0.2.21\\0\""), "15:14",
                "NUL"));
        c.add(at("bidi override in a key", base + "\"hosts\u202e\": []\n", "21:1", "unknown key"));
        c.add(at("bidi override in a host name", base.replace("name: mta1", "name: \"mta1\u202e\""), "14:11",
                "U+202E"));
        c.add(at("line separator U+2028 in a value", base.replace("strategy: in-place",
                "strategy: \"in-place\\L\""), "20:15", null));
        c.add(at("very long key", base + "? k" + "x".repeat(5000) + "\n: 1\n", "21:3", "unknown key"));
        c.add(at("very long implicit key", base + "k" + "x".repeat(5000) + ": 1\n", "21:5002", "YAML syntax"));
        c.add(at("very long value in a name", base.replace("name: mta1", "name: " + "a".repeat(5000)), "14:11",
                "longer than 4096"));
        c.add(at("very long keyword", base.replace("arch: x86_64", "arch: " + "x".repeat(4000)), "18:11",
                "not one of"));
        c.add(at("huge value in free text, on one line", base.replace("  password_var:", "  bind_dn: \""
                + "x".repeat(900_000) + "\"\n  password_var:"), "12:16385", "longer than 16384 characters"));
        c.add(at("huge value in free text, folded over many lines", base.replace("  password_var:", "  bind_dn: >-\n"
                + ("    " + "x".repeat(76) + "\n").repeat(11_000) + "  password_var:"), "12:12", "longer than 4096"));
        c.add(at("file over 1 MiB", base + "#" + "x".repeat(1024 * 1024) + "\n", "1:1", "capped"));
        c.add(at("invalid UTF-8: lone continuation", concat(utf8(base.replace("acme-mail", "acme")), utf8("# "),
                new byte[] {(byte) 0x80}, utf8("\n")), "21:3", "UTF-8"));
        c.add(at("invalid UTF-8: bad sequence in a value", concat(utf8("model: msupgrade/v1\ndeployment: ac"),
                new byte[] {(byte) 0xC3, 0x28}, utf8("me\n")), "2:15", "UTF-8"));
        c.add(at("invalid UTF-8: overlong slash", concat(utf8("model: msupgrade/v1\nbackup:\n  dir: /a"),
                new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8("etc\n")), "3:10", "UTF-8"));
        c.add(at("invalid UTF-8: encoded surrogate", concat(utf8("model: msupgrade/v1\n# "),
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, utf8("\n")), "2:3", "UTF-8"));
        c.add(at("invalid UTF-8: truncated at end of file", concat(utf8("model: msupgrade/v1\n# "),
                new byte[] {(byte) 0xE2, (byte) 0x82}), "2:3", "UTF-8"));
        c.add(at("invalid UTF-8: 0xFF byte", concat(utf8("model: msupgrade/v1\n"), new byte[] {(byte) 0xFF}),
                "2:1", "UTF-8"));
        c.add(at("UTF-16 file with BOM", concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
                "model: msupgrade/v1\n".getBytes(StandardCharsets.UTF_16LE)), "1:1", "UTF-8"));
        c.add(at("Latin-1 byte in a comment", concat(utf8("model: msupgrade/v1\n# caf"), new byte[] {(byte) 0xE9},
                utf8("\n")), "2:6", "UTF-8"));
        c.add(at("alias bomb under the alias cap", aliasBomb(), null, null));
        c.add(at("deep nesting of block mappings", deepBlock(200), "1:1", null));
        c.add(at("deep nesting of flow lists", "model: msupgrade/v1\nhosts: " + "[".repeat(5000) + "]".repeat(5000)
                + "\n", "1:1", null));
        c.add(at("two thousand unknown keys", manyKeys(2_000, false), null, "more than 100 problems"));
        c.add(at("two thousand duplicate keys", manyKeys(2_000, true), null, "duplicate key"));
        c.add(at("two thousand hosts, all wrong", manyHosts(2_000), null, null));
        return c;
    }

    /** 30 collection aliases (under the cap of 32) that would expand to 2^15 x 1000 strings. */
    private static String aliasBomb() {
        StringBuilder s = new StringBuilder("model: msupgrade/v1\nx:\n  l0: &l0 [");
        for (int i = 0; i < 1000; i++) {
            s.append(i == 0 ? "" : ",").append("lol");
        }
        s.append("]\n");
        for (int i = 1; i <= 15; i++) {
            s.append("  l").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l")
                    .append(i - 1).append("]\n");
        }
        s.append("migration:\n  pilot_users: *l15\n");
        return s.toString();
    }

    private static String deepBlock(int depth) {
        StringBuilder s = new StringBuilder("model: msupgrade/v1\n");
        for (int i = 0; i < depth; i++) {
            s.append(" ".repeat(i)).append("k").append(i).append(":\n");
        }
        s.append(" ".repeat(depth)).append("leaf: x\n");
        return s.toString();
    }

    private static String manyKeys(int n, boolean duplicate) {
        StringBuilder s = new StringBuilder(base());
        for (int i = 0; i < n; i++) {
            s.append(duplicate ? "deployment: dup" + i : "unknown" + i + ": x").append('\n');
        }
        return s.toString();
    }

    private static String manyHosts(int n) {
        StringBuilder s = new StringBuilder(base());
        for (int i = 0; i < n; i++) {
            s.append("  - { name: \"h").append(i).append(";id\", os: beos, arch: z80 }\n");
        }
        return s.toString();
    }
}
