package io.msupgrade.model;

import java.util.List;

/**
 * Coexistence mailbox moves: "migrate a small number of friendly users" first, then the rest "a few
 * at a time" (chapter: Specific Steps for Upgrading Messaging Server Using the Coexistence Model).
 */
public record Migration(int batchSize, int parallelBatches, List<String> pilotUsers, Spans spans) {

    public static final int DEFAULT_BATCH_SIZE = 25;
    public static final int DEFAULT_PARALLEL_BATCHES = 1;

    public Migration {
        pilotUsers = List.copyOf(pilotUsers);
    }
}
