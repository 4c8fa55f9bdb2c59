package io.msupgrade.rules;

import java.util.ArrayList;
import java.util.List;

import io.msupgrade.model.Component;
import io.msupgrade.model.Deployment;
import io.msupgrade.model.Host;
import io.msupgrade.model.NewHost;
import io.msupgrade.model.Problem;
import io.msupgrade.model.StoreKind;

/**
 * Classic versus Cassandra message store: MS003 and MS004.
 *
 * <ul>
 * <li>MS003 — chapter "Using the In-Place Upgrade on Messaging Server" ("You cannot use the
 * in-place strategy to upgrade a classic message store to Cassandra message store") and
 * "Technical Features Supporting Messaging Server Upgrade" ("You must use the rehostuser command").
 * Reported on every existing store host with {@code strategy: in-place} when {@code target.store}
 * is cassandra, at its {@code strategy} value.</li>
 * <li>MS004 — chapter "About Upgrading to Messaging Server 8.1.0": "You cannot install both
 * classic message store and Cassandra message store in the same Messaging Server deployment."
 * Reported for what the new hosts would add: a new host with the classic {@code store} component
 * on a Cassandra target (it should be {@code mal}), and a new host with {@code mal} or
 * {@code cassandra} on a classic target, at the new host's {@code components} value.</li>
 * </ul>
 *
 * <p>An in-place classic store on a Cassandra target would also leave a classic store behind, so it
 * breaks MS004 as well; it is reported once, as MS003, because that message names the fix
 * (coexistence with rehostuser). Coexistence store hosts leave nothing behind: they are
 * decommissioned once their mailboxes are rehosted. Whether a replacement's components match its
 * host's is MS009's concern.
 */
public final class StoreKindRules implements Rule {

    @Override
    public List<String> codes() {
        return List.of("MS003", "MS004");
    }

    @Override
    public List<Problem> check(Deployment model) {
        List<Problem> out = new ArrayList<>();
        boolean cassandra = model.target().store() == StoreKind.CASSANDRA;
        if (cassandra) {
            for (Host host : model.hosts()) {
                // MS003, "Using the In-Place Upgrade on Messaging Server": no in-place classic -> Cassandra.
                if (host.isStore() && host.isInPlace()) {
                    out.add(Problem.error("MS003", host.spans().at("strategy"),
                            "host '" + host.name() + "' is a classic message store and target.store is cassandra:"
                                    + " a classic store cannot be upgraded in place to the Cassandra store; use"
                                    + " strategy: coexistence with a replacement mal host, users move with rehostuser"
                                    + " (chapter: Using the In-Place Upgrade on Messaging Server)"));
                }
            }
        }
        for (NewHost host : model.newHosts()) {
            // MS004, "About Upgrading to Messaging Server 8.1.0": one kind of store per deployment.
            if (cassandra && host.has(Component.STORE)) {
                out.add(Problem.error("MS004", host.spans().at("components"),
                        "new host '" + host.name() + "' would run a classic message store ('store') but target.store"
                                + " is cassandra, and classic and Cassandra stores cannot both exist in one deployment;"
                                + " give it 'mal' instead of 'store'"
                                + " (chapter: About Upgrading to Messaging Server 8.1.0)"));
            } else if (!cassandra && (host.has(Component.MAL) || host.has(Component.CASSANDRA))) {
                out.add(Problem.error("MS004", host.spans().at("components"),
                        "new host '" + host.name() + "' has Cassandra message store components (mal, cassandra) but"
                                + " target.store is classic, and classic and Cassandra stores cannot both exist in one"
                                + " deployment; use 'store' on a classic target, or set target.store: cassandra"
                                + " (chapter: About Upgrading to Messaging Server 8.1.0)"));
            }
        }
        return out;
    }
}
