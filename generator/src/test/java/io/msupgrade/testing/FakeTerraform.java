package io.msupgrade.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in {@code terraform} on a PATH of its own: it records each call (working directory and
 * arguments) in a log, prints a line on stdout and one on stderr, writes the file named by
 * {@code -out=} as {@code plan -out=FILE} does, and exits with {@code FAKE_TF_EXIT_<subcommand>}
 * (default 0). {@code FAKE_TF_SLEEP} makes it take that many seconds; {@code FAKE_TF_HANG} makes it
 * hang itself (the terraform process, no child) that long.
 */
public final class FakeTerraform {

    private static final String SCRIPT = """
            #!/bin/sh
            printf '%s|%s\\n' "$(pwd -P)" "$*" >> "$FAKE_TF_LOG"
            echo "fake terraform $1 out"
            echo "fake terraform $1 err" >&2
            if [ -n "$FAKE_TF_HANG" ]; then exec sleep "$FAKE_TF_HANG"; fi
            if [ -n "$FAKE_TF_SLEEP" ]; then sleep "$FAKE_TF_SLEEP"; fi
            if [ "$1" = plan ]; then
              for a in "$@"; do
                case "$a" in -out=*) : > "${a#-out=}" ;; esac
              done
            fi
            eval "code=\\${FAKE_TF_EXIT_$1:-0}"
            exit "$code"
            """;

    public final Path bin;
    public final Path log;

    public FakeTerraform(Path dir) throws IOException {
        this.bin = Files.createDirectories(dir.resolve("bin"));
        this.log = dir.resolve("terraform-calls.log");
        Path terraform = bin.resolve("terraform");
        Files.writeString(terraform, SCRIPT);
        Files.setPosixFilePermissions(terraform, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** An environment whose PATH has the fake first, then only the system folders (no real terraform). */
    public Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("FAKE_TF_LOG", log.toString());
        env.put("HOME", System.getProperty("java.io.tmpdir"));
        env.putAll(extra);
        return env;
    }

    /** The calls so far, each as "realpath-of-working-dir|arguments". */
    public List<String> calls() throws IOException {
        return Files.isRegularFile(log) ? Files.readAllLines(log) : List.of();
    }

    /** An environment whose PATH has no terraform at all. */
    public static Map<String, String> withoutTerraform(Path emptyDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", emptyDir.toString());
        env.put("HOME", System.getProperty("java.io.tmpdir"));
        return env;
    }
}
