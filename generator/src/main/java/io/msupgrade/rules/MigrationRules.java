package io.msupgrade.rules;

import java.util.ArrayList;
import java.util.List;

import io.msupgrade.model.Deployment;
import io.msupgrade.model.MigrationTool;
import io.msupgrade.model.Problem;
import io.msupgrade.model.StoreKind;

/**
 * How mailboxes move: MS021.
 *
 * <ul>
 * <li>MS021 — chapter "Technical Features Supporting Messaging Server Upgrade" ("To migrate to
 * Cassandra message store, you must use the rehostuser command") and "Specific Steps for Upgrading
 * Messaging Server Using the Coexistence Model", step 4 ("For classic message store to Cassandra
 * message store, use the rehostuser command"): {@code migration.tool: imsbackup} on a Cassandra
 * target is impossible. Reported at the {@code tool} value. rehostuser on a classic target is
 * allowed: the System Administrator's Guide ("Migrating Mailboxes to a New System") offers it when
 * both mail hosts run Messaging Server 7 or later, which MS001 already demands of every host.</li>
 * </ul>
 */
public final class MigrationRules implements Rule {

    @Override
    public List<String> codes() {
        return List.of("MS021");
    }

    @Override
    public List<Problem> check(Deployment model) {
        List<Problem> out = new ArrayList<>();
        if (model.migration() != null && model.migration().tool() == MigrationTool.IMSBACKUP
                && model.target().store() == StoreKind.CASSANDRA) {
            out.add(Problem.error("MS021", model.migration().spans().at("tool"),
                    "migration.tool is imsbackup but target.store is cassandra: imsbackup/imsrestore move mailboxes"
                            + " between classic stores only; users move to the Cassandra store with rehostuser"
                            + " (write tool: rehostuser, or leave tool out)"
                            + " (chapter: Technical Features Supporting Messaging Server Upgrade)"));
        }
        return out;
    }
}
