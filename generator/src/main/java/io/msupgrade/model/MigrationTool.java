package io.msupgrade.model;

/**
 * How mailboxes move to a coexistence new host (chapter, coexistence step 4): imsbackup/imsrestore
 * ("For classic message store to classic message store migration") or rehostuser ("For classic
 * message store to Cassandra message store"; the System Administrator's Guide also offers it between
 * classic stores of Messaging Server 7 and later).
 */
public enum MigrationTool implements Keyword {
    IMSBACKUP("imsbackup"),
    REHOSTUSER("rehostuser");

    private final String id;

    MigrationTool(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    /** The chapter's choice for a target store: imsbackup/imsrestore to classic, rehostuser to Cassandra. */
    public static MigrationTool defaultFor(StoreKind target) {
        return target == StoreKind.CASSANDRA ? REHOSTUSER : IMSBACKUP;
    }
}
