package io.msupgrade.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.msupgrade.model.Arch;
import io.msupgrade.model.Deployment;
import io.msupgrade.model.Host;
import io.msupgrade.model.Location;
import io.msupgrade.model.NewHost;
import io.msupgrade.model.Os;
import io.msupgrade.model.Problem;
import io.msupgrade.model.Provider;
import io.msupgrade.model.Provisioning;
import io.msupgrade.model.Spans;

/**
 * Operating systems, hardware and who builds new hosts: MS005, MS007, MS008, MS010 and MS013.
 *
 * <ul>
 * <li>MS005 — chapter "Messaging Server Upgrade Strategies": "When upgrading/migrating between SPARC
 * and x86 hardware, you need to use the Online/Coexistence strategy." In the model an in-place host
 * keeps its {@code arch}: the only way to ask for an architecture change without coexistence is an
 * in-place host that names a {@code replacement} of the other architecture. That is reported at the
 * host's {@code strategy} value (MS009 stays quiet about that replacement, so the node gets one
 * message). A coexistence pair across architectures is exactly what the chapter asks for.</li>
 * <li>MS007 — chapter "Technical Features Supporting Messaging Server Upgrade": "legacy package
 * commands like pkginfo, pkgadd, and pkgrm are not available in Solaris 11.4 OS". Every Solaris 11.4
 * host upgraded in place needs the IPS publisher {@code media.solaris_ips};
 * (a Solaris new host is MS020); reported once at the {@code media} mapping, naming the hosts. The chapter's advice for 11.4 is to
 * "contact Oracle": msupgrade's IPS path ({@code pkg install}) is not the chapter's, so it runs only
 * when {@code target.solaris_ips: true} opts in — without it each Solaris 11.4 host is an error at
 * its {@code os}; with it, one warning at {@code target.solaris_ips} names the hosts.</li>
 * <li>MS008 — chapter "Downgrading Using a ZFS Snapshot (Solaris Only)": {@code zfs} on a Linux host
 * is refused at its {@code zfs} value. (ZFS on a host where the snapshot is never used — no store,
 * or coexistence — is an MS012 consistency problem, see {@link ModelConsistencyRules}.)</li>
 * <li>MS010 — chapter "Upgrade Requirements for Messaging Server": "Linux platforms: Messaging Server
 * supports Oracle Linux/ Red Hat Enterprise." Any other Linux distribution, or a release outside
 * 6..9, is refused at the host's {@code os} value, for existing and new hosts alike. Project rules
 * under the same code: Solaris releases other than 10, 11.3 and 11.4 (the ones the model supports),
 * and Linux on SPARC (Messaging Server's Linux packages are x86_64 only).</li>
 * <li>MS013 — project rule: Terraform's {@code oci}, {@code aws} and {@code vsphere} modules build
 * x86_64 Linux hosts only, so a SPARC or Solaris new host must say {@code provider: none}; OCI's
 * platform images are Oracle Linux; and a provider in use needs its complete
 * {@code provisioning.<provider>} section (the Terraform variables have no defaults).</li>
 * <li>MS020 — project rule, chapter "Specific Steps for Upgrading Messaging Server Using the
 * Coexistence Model" step 2 ("Install a new version of Messaging Server ... on a new machine, by
 * using the rpm -i command"): the coexistence new hosts are built with {@code rpm -i} (and
 * Cassandra hosts are checked with {@code rpm -q}), so a Solaris new host is refused at its
 * {@code os} value. It is the only message such a host gets: no MS007/MS017 media advice and no
 * MS013 provider advice for it.</li>
 * </ul>
 */
public final class PlatformRules implements Rule {

    private static final Set<String> SOLARIS_RELEASES = Set.of("10", "11.3", "11.4");

    @Override
    public List<String> codes() {
        return List.of("MS005", "MS007", "MS008", "MS010", "MS013", "MS020");
    }

    @Override
    public List<Problem> check(Deployment model) {
        List<Problem> out = new ArrayList<>();
        for (Host host : model.hosts()) {
            architectureMove(model, host, out);
            operatingSystem("host", host.name(), host.os(), host.arch(), host.spans(), out);
            // MS008, "Downgrading Using a ZFS Snapshot (Solaris Only)".
            if (host.zfs() != null && !host.os().isSolaris()) {
                out.add(Problem.error("MS008", host.spans().at("zfs"),
                        "host '" + host.name() + "' runs " + host.os() + ", but ZFS snapshot and rollback are Solaris"
                                + " only; remove 'zfs' (its back-out is a full imsbackup/imsrestore)"
                                + " (chapter: Downgrading Using a ZFS Snapshot (Solaris Only))"));
            }
        }
        for (NewHost host : model.newHosts()) {
            if (host.os().isSolaris()) {
                solarisNewHost(host, out);
                continue;
            }
            operatingSystem("new host", host.name(), host.os(), host.arch(), host.spans(), out);
            provider(host, out);
        }
        solarisIps(model, out);
        provisioningSections(model, out);
        return out;
    }

    /** MS005, "Messaging Server Upgrade Strategies": SPARC <-> x86 needs coexistence. */
    private static void architectureMove(Deployment model, Host host, List<Problem> out) {
        if (!host.isInPlace() || host.replacement() == null) {
            return;
        }
        Optional<NewHost> replacement = model.newHost(host.replacement());
        if (replacement.isPresent() && replacement.get().arch() != host.arch()) {
            out.add(Problem.error("MS005", host.spans().at("strategy"),
                    "host '" + host.name() + "' is upgraded in place, which keeps its " + host.arch().id()
                            + " hardware, yet names replacement '" + replacement.get().name() + "' on "
                            + replacement.get().arch().id() + "; moving between SPARC and x86 needs"
                            + " strategy: coexistence (chapter: Messaging Server Upgrade Strategies)"));
        }
    }

    /** MS010, "Upgrade Requirements for Messaging Server": Oracle Linux / RHEL only. */
    private static void operatingSystem(String kind, String name, Os os, Arch arch, Spans spans, List<Problem> out) {
        Location at = spans.at("os");
        if (os.isLinux() && !os.isSupportedLinux()) {
            out.add(Problem.error("MS010", at,
                    kind + " '" + name + "' runs " + os + ": Messaging Server supports Oracle Linux and Red Hat"
                            + " Enterprise Linux only; use oracle-linux-6..9 or rhel-6..9 (a new host replacing this"
                            + " one, with strategy: coexistence, if its OS must change)"
                            + " (chapter: Upgrade Requirements for Messaging Server)"));
        } else if (os.isSolaris() && !SOLARIS_RELEASES.contains(os.release())) {
            out.add(Problem.error("MS010", at,
                    kind + " '" + name + "' runs " + os + ": msupgrade supports solaris-10, solaris-11.3 and"
                            + " solaris-11.4; update the OS first (project rule)"));
        } else if (os.isLinux() && arch == Arch.SPARC) {
            out.add(Problem.error("MS010", at,
                    kind + " '" + name + "' runs Linux on sparc: Messaging Server's Linux packages are x86_64 only;"
                            + " write arch: x86_64, or a Solaris os (project rule)"));
        }
    }

    /** MS020, project rule: coexistence new hosts are installed with rpm -i (chapter, coexistence step 2). */
    private static void solarisNewHost(NewHost host, List<Problem> out) {
        out.add(Problem.error("MS020", host.spans().at("os"),
                "new host '" + host.name() + "' runs " + host.os() + ", but msupgrade builds coexistence new hosts"
                        + " with rpm -i only (pkgadd/IPS new hosts are not supported); use an oracle-linux-N or"
                        + " rhel-N x86_64 new host, or install and configure this one by hand and leave it out of"
                        + " new_hosts (project rule; chapter: Specific Steps for Upgrading Messaging Server Using"
                        + " the Coexistence Model, step 2)"));
    }

    /** MS013, project rule: what Terraform's provider modules can build. */
    private static void provider(NewHost host, List<Problem> out) {
        Provider provider = host.provision().provider();
        if (provider == Provider.NONE) {
            return;
        }
        Location at = host.provision().spans().at("provider");
        if (host.arch() == Arch.SPARC || host.os().isSolaris()) {
            out.add(Problem.error("MS013", at,
                    "new host '" + host.name() + "' is " + host.os() + " on " + host.arch().id() + ", which provider '"
                            + provider.id() + "' cannot build (its Terraform module makes x86_64 Linux hosts);"
                            + " use provider: none for hardware or zones that exist already (project rule)"));
        } else if (provider == Provider.OCI && !host.os().distro().equals("oracle-linux")) {
            out.add(Problem.error("MS013", at,
                    "new host '" + host.name() + "' runs " + host.os() + ", but OCI's platform images are Oracle Linux;"
                            + " use an oracle-linux-N os, another provider, or provider: none (project rule)"));
        }
    }

    /** MS007, "Technical Features Supporting Messaging Server Upgrade": no pkgadd/pkgrm on Solaris 11.4. */
    private static void solarisIps(Deployment model, List<Problem> out) {
        List<String> needing = new ArrayList<>();
        model.hosts().stream().filter(h -> h.isInPlace() && h.os().isSolaris114()).forEach(h -> needing.add(h.name()));
        if (needing.isEmpty()) {
            return;
        }
        if (!model.target().solarisIps()) {
            for (Host h : model.hosts()) {
                if (h.isInPlace() && h.os().isSolaris114()) {
                    out.add(ips114(h.name(), h.spans()));
                }
            }
            return;
        }
        if (model.media().solarisIps() == null) {
            out.add(Problem.error("MS007", model.media().spans().self(),
                    "Solaris 11.4 has no pkgadd/pkgrm, so " + hostList(needing) + verb(needing, " needs", " need")
                            + " the IPS publisher of the"
                            + " 8.1.0 packages: add media.solaris_ips, e.g. http://pkg.example.com/messaging"
                            + " (chapter: Technical Features Supporting Messaging Server Upgrade)"));
            return;
        }
        out.add(Problem.warning("MS007", model.target().spans().at("solaris_ips"),
                "target.solaris_ips opts " + hostList(needing) + " into msupgrade's IPS path (pkg install from"
                        + " media.solaris_ips): the chapter says pkginfo, pkgadd and pkgrm are not available on"
                        + " Solaris 11.4 and to contact Oracle to install the packages; confirm the IPS packages"
                        + " with Oracle first (chapter: Technical Features Supporting Messaging Server Upgrade)"));
    }

    private static Problem ips114(String name, Spans spans) {
        return Problem.error("MS007", spans.at("os"),
                "host '" + name + "' runs Solaris 11.4, where the chapter says pkginfo, pkgadd and pkgrm are not"
                        + " available and to contact Oracle to install the packages; msupgrade can install them"
                        + " through IPS (pkg) only if you opt in with target.solaris_ips: true after confirming the"
                        + " IPS packages with Oracle (chapter: Technical Features Supporting Messaging Server Upgrade)");
    }

    /** MS013, project rule: a provider's Terraform variables have no defaults. */
    private static void provisioningSections(Deployment model, List<Problem> out) {
        Map<Provider, Location> used = new LinkedHashMap<>();
        for (NewHost h : model.newHosts()) {
            if (h.provision().provider() != Provider.NONE) {
                used.putIfAbsent(h.provision().provider(), h.provision().spans().at("provider"));
            }
        }
        Provisioning p = model.provisioning();
        for (Map.Entry<Provider, Location> e : used.entrySet()) {
            Provider provider = e.getKey();
            Object section = switch (provider) {
                case OCI -> p.oci();
                case AWS -> p.aws();
                case VSPHERE -> p.vsphere();
                case NONE -> throw new IllegalStateException();
            };
            if (section == null) {
                out.add(Problem.error("MS013", e.getValue(),
                        "new hosts use provider '" + provider.id() + "' but there is no provisioning." + provider.id()
                                + " section; add it with " + String.join(", ", required(provider))
                                + " (project rule)"));
                continue;
            }
            List<String> missing = missing(provider, p);
            if (!missing.isEmpty()) {
                Spans spans = switch (provider) {
                    case OCI -> p.oci().spans();
                    case AWS -> p.aws().spans();
                    default -> p.vsphere().spans();
                };
                out.add(Problem.error("MS013", spans.self(),
                        "provisioning." + provider.id() + " lacks " + String.join(", ", missing) + ", which the "
                                + provider.id() + " Terraform module needs; add " + (missing.size() == 1 ? "it" : "them")
                                + " (project rule)"));
            }
        }
    }

    private static List<String> required(Provider provider) {
        return switch (provider) {
            case OCI -> List.of("region", "compartment_ocid", "subnet_ocid", "shape");
            case AWS -> List.of("region", "subnet_id", "instance_type", "ami_owner");
            case VSPHERE -> List.of("datacenter", "cluster", "datastore", "network", "template");
            case NONE -> List.of();
        };
    }

    private static List<String> missing(Provider provider, Provisioning p) {
        List<String> values = switch (provider) {
            case OCI -> java.util.Arrays.asList(p.oci().region(), p.oci().compartmentOcid(), p.oci().subnetOcid(),
                    p.oci().shape());
            case AWS -> java.util.Arrays.asList(p.aws().region(), p.aws().subnetId(), p.aws().instanceType(),
                    p.aws().amiOwner());
            case VSPHERE -> java.util.Arrays.asList(p.vsphere().datacenter(), p.vsphere().cluster(),
                    p.vsphere().datastore(), p.vsphere().network(), p.vsphere().template());
            case NONE -> List.of();
        };
        List<String> keys = required(provider);
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (values.get(i) == null) {
                missing.add(keys.get(i));
            }
        }
        return missing;
    }

    /** The verb form agreeing with a host list. */
    static String verb(List<String> names, String one, String many) {
        return names.size() == 1 ? one : many;
    }

    static String hostList(List<String> names) {
        if (names.size() == 1) {
            return "host '" + names.get(0) + "'";
        }
        List<String> shown = names.size() > 5 ? names.subList(0, 5) : names;
        return "hosts '" + String.join("', '", shown) + "'" + (names.size() > 5 ? " and " + (names.size() - 5)
                + " more" : "");
    }
}
