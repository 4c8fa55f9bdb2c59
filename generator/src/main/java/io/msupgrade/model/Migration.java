package io.msupgrade.model;

import java.util.List;

/**
 * {@code tool} is null when the model names none (MigrationTool.defaultFor the target store);
 * {@code controllerStagingDir} null for the roles' default (outside the generated tree).
 *
 * Coexistence mailbox moves: "migrate a small number of friendly users" first, then the rest "a few
 * at a time" (chapter: Specific Steps for Upgrading Messaging Server Using the Coexistence Model).
 *
 * @param reviewDir where, on the controller, the legacy configuration cloned for each new host is
 *                  put for the operator's review (coexistence step 3); null: the roles' default,
 *                  {@code ~/msupgrade-backup/<deployment>/config-review} of the user running Ansible
 */
public record Migration(int batchSize, int parallelBatches, List<String> pilotUsers, String reviewDir,
        MigrationTool tool, String controllerStagingDir, Spans spans) {

    public static final int DEFAULT_BATCH_SIZE = 25;
    public static final int DEFAULT_PARALLEL_BATCHES = 1;

    public Migration {
        pilotUsers = List.copyOf(pilotUsers);
    }

    /** No review folder, no tool named (the target store's default), the default controller staging directory. */
    public Migration(int batchSize, int parallelBatches, List<String> pilotUsers, Spans spans) {
        this(batchSize, parallelBatches, pilotUsers, null, null, null, spans);
    }
}
