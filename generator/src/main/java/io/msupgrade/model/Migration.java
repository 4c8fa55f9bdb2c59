package io.msupgrade.model;

import java.util.List;

/**
 * Coexistence mailbox moves: "migrate a small number of friendly users" first, then the rest "a few
 * at a time" (chapter: Specific Steps for Upgrading Messaging Server Using the Coexistence Model).
 *
 * @param reviewDir where, on the controller, the legacy configuration cloned for each new host is
 *                  put for the operator's review (coexistence step 3); null: the roles' default,
 *                  {@code ~/msupgrade-backup/<deployment>/config-review} of the user running Ansible
 */
public record Migration(int batchSize, int parallelBatches, List<String> pilotUsers, String reviewDir, Spans spans) {

    public static final int DEFAULT_BATCH_SIZE = 25;
    public static final int DEFAULT_PARALLEL_BATCHES = 1;

    public Migration {
        pilotUsers = List.copyOf(pilotUsers);
    }

    /** Without a review folder: the roles' default. */
    public Migration(int batchSize, int parallelBatches, List<String> pilotUsers, Spans spans) {
        this(batchSize, parallelBatches, pilotUsers, null, spans);
    }
}
