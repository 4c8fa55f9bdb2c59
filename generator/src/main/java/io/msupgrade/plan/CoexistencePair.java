package io.msupgrade.plan;

import io.msupgrade.model.StoreKind;
import io.msupgrade.model.Tier;

/**
 * A legacy host and the new host that replaces it. Stores move their mailboxes: imsbackup/imsrestore
 * to a classic store, rehostuser to a Cassandra store.
 */
public record CoexistencePair(String legacy, String replacement, Tier tier, StoreKind kind, boolean movesMailboxes) {
}
