package io.msupgrade.plan;

import java.util.List;

import io.msupgrade.model.MigrationTool;

/**
 * How mailboxes move: pilot users first (moved and verified), then {@code batchSize} at a time,
 * {@code parallelBatches} in flight per source host. The users themselves are found on the legacy
 * host at run time (mboxutil -l); the plan fixes the order. {@code tool} is the model's
 * migration.tool, else the target store's default; {@code controllerStagingDir} null for the
 * roles' default.
 */
public record MigrationBatches(List<String> pilotUsers, int batchSize, int parallelBatches, MigrationTool tool,
        String controllerStagingDir) {

    public MigrationBatches {
        pilotUsers = List.copyOf(pilotUsers);
    }

    /** imsbackup/imsrestore (a classic target's default), the roles' default staging directory. */
    public MigrationBatches(List<String> pilotUsers, int batchSize, int parallelBatches) {
        this(pilotUsers, batchSize, parallelBatches, MigrationTool.IMSBACKUP, null);
    }
}
