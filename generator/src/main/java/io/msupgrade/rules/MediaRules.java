package io.msupgrade.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.msupgrade.model.Deployment;
import io.msupgrade.model.Host;
import io.msupgrade.model.Media;
import io.msupgrade.model.NewHost;
import io.msupgrade.model.Os;
import io.msupgrade.model.Problem;

/**
 * Where the packages come from: MS017 and MS018.
 *
 * <ul>
 * <li>MS017 — chapter "Upgrading Messaging Server Overview": step 2 runs the comm_dssetup.pl that
 * "the Messaging Server 8.1.0 media pack includes" against the Directory Server, so
 * {@code media.dssetup} is always needed; step 7 installs 8.1.0 — by rpm on Linux, pkgadd on
 * Solaris ("Using the In-Place Upgrade on Messaging Server", "Specific Steps for Upgrading Messaging
 * Server Using the Coexistence Model"). Hosts that get packages are in-place hosts and new hosts;
 * a host replaced by coexistence gets nothing. So {@code media.linux} is needed by any such Linux
 * host and {@code media.solaris} by any such Solaris 10/11.0-11.3 host. Solaris 11.4 needs
 * {@code media.solaris_ips}: that is MS007 ({@link PlatformRules}). One problem per missing
 * platform, at the {@code media} mapping (the top of the file when there is no {@code media}).</li>
 * <li>MS018 (warning) — chapter "Before you Upgrade to Messaging Server 8.1.0": "You need the
 * previous version's software"; back-out reinstalls it ("Downgrading from Messaging Server 8.1.0").
 * For an in-place host whose installed version has no {@code media.previous} entry, or one without
 * the host's platform ({@code linux}, {@code solaris}, or {@code solaris_ips} on 11.4), the back-out
 * playbook refuses to run. One warning per version and platform, at the {@code version} value of
 * the first such host, naming all of them. Coexistence hosts need none: their back-out is the old
 * host, still running. Hosts below 7.x carry MS001 instead.</li>
 * </ul>
 */
public final class MediaRules implements Rule {

    @Override
    public List<String> codes() {
        return List.of("MS017", "MS018");
    }

    @Override
    public List<Problem> check(Deployment model) {
        List<Problem> out = new ArrayList<>();
        targetMedia(model, out);
        previousMedia(model, out);
        return out;
    }

    /** MS017, "Upgrading Messaging Server Overview" steps 2 and 7. */
    private static void targetMedia(Deployment model, List<Problem> out) {
        Media media = model.media();
        List<String> linux = new ArrayList<>();
        List<String> solaris = new ArrayList<>();
        for (Host h : model.hosts()) {
            if (h.isInPlace()) {
                sort(h.name(), h.os(), linux, solaris);
            }
        }
        for (NewHost h : model.newHosts()) {
            if (!h.os().isSolaris()) { // a Solaris new host is MS020 only
                sort(h.name(), h.os(), linux, solaris);
            }
        }
        if (media.dssetup() == null) {
            out.add(Problem.error("MS017", media.spans().self(),
                    "media.dssetup is missing: comm_dssetup.pl from the 8.1.0 media runs against the Directory Server"
                            + " before any Messaging Server host changes; add dssetup: /path/to/ms-8.1.0/dssetup"
                            + " (chapter: Upgrading Messaging Server Overview)"));
        }
        if (media.linux() == null && !linux.isEmpty()) {
            out.add(Problem.error("MS017", media.spans().self(),
                    "media.linux is missing, but " + PlatformRules.hostList(linux)
                            + PlatformRules.verb(linux, " installs", " install") + " the 8.1.0 RPMs;"
                            + " add linux: /path/to/ms-8.1.0/linux (chapter: Upgrading Messaging Server Overview)"));
        }
        if (media.solaris() == null && !solaris.isEmpty()) {
            out.add(Problem.error("MS017", media.spans().self(),
                    "media.solaris is missing, but " + PlatformRules.hostList(solaris)
                            + PlatformRules.verb(solaris, " installs", " install") + " the 8.1.0 SVR4"
                            + " packages with pkgadd; add solaris: /path/to/ms-8.1.0/solaris"
                            + " (chapter: Upgrading Messaging Server Overview)"));
        }
    }

    private static void sort(String name, Os os, List<String> linux, List<String> solaris) {
        if (os.isLinux()) {
            linux.add(name);
        } else if (!os.isSolaris114()) {
            solaris.add(name); // 11.4 is MS007
        }
    }

    /** MS018, "Before you Upgrade to Messaging Server 8.1.0": the previous version's software. */
    private static void previousMedia(Deployment model, List<Problem> out) {
        Map<String, List<Host>> missing = new LinkedHashMap<>();
        for (Host h : model.hosts()) {
            if (!h.isInPlace() || h.version().major() < 7) {
                continue;
            }
            String platform = platform(h.os());
            Optional<Media.PreviousMedia> entry = model.media().previousFor(h.version());
            boolean has = entry.map(e -> switch (platform) {
                case "linux" -> e.linux() != null;
                case "solaris" -> e.solaris() != null;
                default -> e.solarisIps() != null;
            }).orElse(false);
            if (!has) {
                missing.computeIfAbsent(h.version().text() + "\0" + platform, k -> new ArrayList<>()).add(h);
            }
        }
        for (List<Host> hosts : missing.values()) {
            Host first = hosts.get(0);
            String version = first.version().text();
            String platform = platform(first.os());
            boolean noEntry = model.media().previousFor(first.version()).isEmpty();
            String example = platform.equals("solaris_ips") ? "http://pkg.example.com/messaging-" + version
                    : "/path/to/ms-" + version + "/" + platform;
            out.add(Problem.warning("MS018", first.spans().at("version"),
                    (noEntry ? "media.previous has no entry for " + version
                            : "media.previous \"" + version + "\" has no " + platform + " media")
                            + ", so the back-out playbook of " + PlatformRules.hostList(hosts.stream()
                                    .map(Host::name).toList()) + " refuses to run; add media.previous: { \""
                            + version + "\": { " + platform + ": " + example + " } }"
                            + " (chapter: Before you Upgrade to Messaging Server 8.1.0)"));
        }
    }

    private static String platform(Os os) {
        return os.isLinux() ? "linux" : os.isSolaris114() ? "solaris_ips" : "solaris";
    }
}
