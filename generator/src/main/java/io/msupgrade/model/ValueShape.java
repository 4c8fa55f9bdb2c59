package io.msupgrade.model;

import java.util.regex.Pattern;

/**
 * The shapes a string of the model may take. Every value lands in YAML that Ansible reads through
 * Jinja and in commands run as root, so names are held to a strict alphabet and even free text may
 * not carry template markers, newlines or NUL (rule MS012, a project rule).
 */
public enum ValueShape {
    DEPLOYMENT("[a-z0-9-]{1,63}", "1 to 63 of a-z, 0-9 and '-'"),
    HOST_NAME("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*",
            "a host name: letters, digits, '-' and '.' between labels"),
    ADDRESS("[A-Za-z0-9][A-Za-z0-9.:-]{0,252}", "an IP address or a DNS name"),
    IDENTIFIER("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}", "letters, digits, '_', '-' and '.'"),
    VARIABLE("[A-Za-z_][A-Za-z0-9_]{0,127}", "an Ansible variable name: letters, digits and '_'"),
    USER("[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}", "a user id: letters, digits and . _ @ + -"),
    PATH("/[A-Za-z0-9._+@/-]{0,1023}", "an absolute path of letters, digits and . _ + @ / -"),
    URL("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%/+-]*)?", "an http(s) URL without query"),
    ZFS_DATASET("[A-Za-z0-9][A-Za-z0-9_.:-]*(/[A-Za-z0-9_.:-]+)*", "a ZFS dataset such as rpool/export/comms-data"),
    TEXT(null, "text");

    private final Pattern pattern;
    private final String expected;

    ValueShape(String regex, String expected) {
        this.pattern = regex == null ? null : Pattern.compile(regex);
        this.expected = expected;
    }

    public String expected() {
        return expected;
    }

    /** The regular expression a value must match whole, or null for free text (the JSON Schema repeats it). */
    public String regex() {
        return pattern == null ? null : pattern.pattern();
    }

    /** Null when the value fits; otherwise what is wrong with it. */
    public String check(String value) {
        String unsafe = unsafeContent(value);
        if (unsafe != null) {
            return unsafe;
        }
        if (pattern != null && !pattern.matcher(value).matches()) {
            return "expected " + expected;
        }
        if (this == PATH && (value.contains("/../") || value.endsWith("/..") || value.contains("//"))) {
            return "expected " + expected + ", without '..' or '//'";
        }
        return null;
    }

    /**
     * Control characters (C0 but tab, DEL, C1), line and paragraph separators, and the invisible
     * bidirectional embeddings, overrides and isolates that make text read differently from what it
     * is ("Trojan Source"): refused in values, escaped when a message quotes a value.
     */
    static boolean isInvisibleControl(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }

    /** What no string of the model may hold, whatever its shape. */
    static String unsafeContent(String value) {
        if (value.indexOf('\0') >= 0) {
            return "a NUL character is not allowed";
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\u2028') >= 0
                || value.indexOf('\u2029') >= 0 || value.indexOf('\u0085') >= 0) {
            return "a line break is not allowed";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\t' && isInvisibleControl(c)) {
                return String.format("%s U+%04X is not allowed", c >= 0x2000 ? "the invisible direction control"
                        : "the control character", (int) c);
            }
        }
        for (String marker : new String[] {"{{", "{%", "{#", "}}", "%}", "#}"}) {
            if (value.contains(marker)) {
                return "template marker '" + marker + "' is not allowed (values are data, never templates)";
            }
        }
        if (value.length() > 4096) {
            return "longer than 4096 characters";
        }
        return null;
    }
}
