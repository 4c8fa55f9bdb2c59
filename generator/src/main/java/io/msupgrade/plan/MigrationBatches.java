package io.msupgrade.plan;

import java.util.List;

/**
 * How mailboxes move: pilot users first (moved and verified), then {@code batchSize} at a time,
 * {@code parallelBatches} in flight per source host. The users themselves are found on the legacy
 * host at run time (mboxutil -l); the plan fixes the order.
 */
public record MigrationBatches(List<String> pilotUsers, int batchSize, int parallelBatches) {

    public MigrationBatches {
        pilotUsers = List.copyOf(pilotUsers);
    }
}
