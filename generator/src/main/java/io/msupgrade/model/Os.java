package io.msupgrade.model;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An operating system as the model writes it: {@code solaris-11.3}, {@code oracle-linux-8},
 * {@code rhel-9}. Other Linux distributions parse too, so rule MS010 can name them instead of a
 * bare syntax error.
 */
public record Os(String id, Family family, String distro, String release) {

    public enum Family {
        SOLARIS, LINUX;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern SOLARIS = Pattern.compile("(solaris)-(10|11\\.[0-4])");
    private static final Pattern LINUX = Pattern.compile(
            "(oracle-linux|rhel|centos|rocky|almalinux|alma|ubuntu|debian|sles|suse|opensuse|fedora|amazon-linux)"
                    + "-(\\d{1,2}(?:\\.\\d{1,2})?)");

    public static final String EXPECTED =
            "solaris-10, solaris-11.3, solaris-11.4, oracle-linux-6..9 or rhel-6..9";

    public static Optional<Os> parse(String id) {
        Matcher m = SOLARIS.matcher(id);
        if (m.matches()) {
            return Optional.of(new Os(id, Family.SOLARIS, m.group(1), m.group(2)));
        }
        m = LINUX.matcher(id);
        if (m.matches()) {
            return Optional.of(new Os(id, Family.LINUX, m.group(1), m.group(2)));
        }
        return Optional.empty();
    }

    public boolean isSolaris() {
        return family == Family.SOLARIS;
    }

    public boolean isLinux() {
        return family == Family.LINUX;
    }

    /** Solaris 11.4 has no pkgadd/pkgrm: packages come through IPS. */
    public boolean isSolaris114() {
        return isSolaris() && "11.4".equals(release);
    }

    /** Oracle Linux or Red Hat Enterprise Linux 6 to 9, the Linux platforms the chapter supports. */
    public boolean isSupportedLinux() {
        if (!isLinux() || !(distro.equals("oracle-linux") || distro.equals("rhel"))) {
            return false;
        }
        int major = Integer.parseInt(release.split("\\.")[0]);
        return major >= 6 && major <= 9;
    }

    @Override
    public String toString() {
        return id;
    }
}
