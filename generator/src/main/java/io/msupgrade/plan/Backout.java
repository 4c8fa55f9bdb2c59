package io.msupgrade.plan;

import io.msupgrade.model.Keyword;

/** The back-out procedure of the chapter ("Downgrading from Messaging Server 8.1.0") a host gets. */
public enum Backout implements Keyword {
    /** "Downgrading Using a ZFS Snapshot (Solaris Only)": classic store on a ZFS dataset. */
    ZFS_SNAPSHOT("zfs-snapshot"),
    /** "Downgrading from Messaging Server 8.1.0 Without Using a ZFS Snapshot": full imsbackup/imsrestore. */
    FULL_BACKUP("full-backup"),
    /** "Downgrading MTA, MMP, or Webmail Hosts": remove and reinstall the previous version. */
    PACKAGE_REINSTALL("package-reinstall"),
    /** Coexistence: the legacy system still runs, nothing to back out. */
    NONE("none");

    private final String id;

    Backout(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
