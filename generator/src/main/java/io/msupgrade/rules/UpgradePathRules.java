package io.msupgrade.rules;

import java.util.ArrayList;
import java.util.List;

import io.msupgrade.model.Deployment;
import io.msupgrade.model.Host;
import io.msupgrade.model.Problem;
import io.msupgrade.model.StoreKind;
import io.msupgrade.model.Target;
import io.msupgrade.model.Version;

/**
 * Where an upgrade may start and end: MS001, MS002, MS014 and MS022.
 *
 * <ul>
 * <li>MS001 — chapter "Upgrade Requirements for Messaging Server": "You must be running at least
 * Messaging Server 7.x" and "You cannot upgrade from Messaging Server 5.x or 6.x directly".
 * An installed version newer than the target is reported under the same code (project rule: the
 * generator upgrades, it never downgrades).</li>
 * <li>MS002 — chapter "Upgrading Messaging Server Overview", step 7: "Use Messaging Server 8.1.0 or
 * the current patch". The target is 8.1.0 itself or an 8.1.0 patch level 8.1.0.N or 8.1.0.N.M;
 * {@code 8.1} alone names no release and is refused.</li>
 * <li>MS014 — project rule from Oracle's 8.1.0.27.0 release (outside the chapter): the Cassandra
 * message store the chapter's "About Upgrading to Messaging Server 8.1.0" describes was dropped
 * from patch 8.1.0.27.0, so a Cassandra target must stay below it.</li>
 * <li>MS022 — project rule: a host's installed version is its whole patch level, five parts as
 * {@code imsimta version} prints it (8.0.2.3.0). A release alone (8.0.2) names no package to
 * reinstall on back-out (chapter, "Before you Upgrade": "You need the previous version's
 * software") and no version for preflight to compare with the host's; it is refused, not
 * guessed.</li>
 * </ul>
 */
public final class UpgradePathRules implements Rule {

    /** Parts of a patch level as {@code imsimta version} prints it: 8.0.2.3.0. */
    static final int PATCH_LEVEL_PARTS = 5;

    /** The first patch level without the Cassandra message store. */
    static final String CASSANDRA_DROPPED_IN = "8.1.0.27.0";

    @Override
    public List<String> codes() {
        return List.of("MS001", "MS002", "MS014", "MS022");
    }

    @Override
    public List<Problem> check(Deployment model) {
        List<Problem> out = new ArrayList<>();
        Target target = model.target();
        boolean targetOk = isTarget(target.version());
        // MS002, "Upgrading Messaging Server Overview": 8.1.0 or the current patch of it.
        if (!targetOk) {
            out.add(Problem.error("MS002", target.spans().at("version"),
                    "target.version '" + target.version() + "' is not Messaging Server 8.1.0 or an 8.1.0 patch level;"
                            + " write 8.1.0 or the patch to install, e.g. 8.1.0.26.0"
                            + " (chapter: Upgrading Messaging Server Overview)"));
        }
        // MS014, project rule: Oracle dropped the Cassandra message store from 8.1.0.27.0.
        if (targetOk && target.store() == StoreKind.CASSANDRA && target.version().isAtLeast(CASSANDRA_DROPPED_IN)) {
            out.add(Problem.error("MS014", target.spans().at("version"),
                    "target.version " + target.version() + " has no Cassandra message store (Oracle dropped it from "
                            + CASSANDRA_DROPPED_IN + ") but target.store is cassandra (line "
                            + target.spans().at("store").line() + "); choose a patch below " + CASSANDRA_DROPPED_IN
                            + ", e.g. 8.1.0.26.0, or target.store: classic (project rule)"));
        }
        for (Host host : model.hosts()) {
            Version installed = host.version();
            // MS001, "Upgrade Requirements for Messaging Server": at least 7.x, no direct path from 5.x/6.x.
            if (installed.major() < 7) {
                out.add(Problem.error("MS001", host.spans().at("version"),
                        "host '" + host.name() + "' runs Messaging Server " + installed + "; there is no direct upgrade"
                                + " from 5.x or 6.x to 8.1.0: upgrade it to 7.x first (or contact Oracle Consulting),"
                                + " then write the 7.x version here (chapter: Upgrade Requirements for Messaging Server)"));
            } else if (installed.parts().size() < PATCH_LEVEL_PARTS) {
                out.add(Problem.error("MS022", host.spans().at("version"),
                        "host '" + host.name() + "' version '" + installed + "' names a release, not the installed"
                                + " patch level: write all five parts as `imsimta version` prints them on the host,"
                                + " e.g. " + example(installed) + " (back-out reinstalls exactly that patch from"
                                + " media.previous; project rule)"));
            } else if (targetOk && installed.compareTo(target.version()) > 0) {
                // MS001, project rule: a newer installed version would be a downgrade.
                out.add(Problem.error("MS001", host.spans().at("version"),
                        "host '" + host.name() + "' runs " + installed + ", newer than target.version "
                                + target.version() + "; msupgrade upgrades and never downgrades: raise target.version"
                                + " or leave the host out (project rule)"));
            }
        }
        return out;
    }

    /** 8.1.0, 8.1.0.N or 8.1.0.N.M. */
    static boolean isTarget(Version v) {
        int n = v.parts().size();
        return n >= 3 && n <= 5 && v.hasPrefix(Target.RELEASE);
    }

    /** The version padded to five parts, as an example of the shape (the patch is the operator's to read). */
    private static String example(Version v) {
        StringBuilder b = new StringBuilder(v.text());
        for (int i = v.parts().size(); i < PATCH_LEVEL_PARTS; i++) {
            b.append(i == 3 ? ".N" : ".0");
        }
        return b.toString();
    }
}
