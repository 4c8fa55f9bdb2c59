package io.msupgrade.plan;

import java.util.List;

import io.msupgrade.model.Keyword;

/** The back-out procedure of the chapter ("Downgrading from Messaging Server 8.1.0") a host gets. */
public enum Backout implements Keyword {
    /** "Downgrading Using a ZFS Snapshot (Solaris Only)": classic store on a ZFS dataset. */
    ZFS_SNAPSHOT("zfs-snapshot", "ZFS snapshot (Solaris only)", List.of(
            "before the upgrade: stop services, zfs snapshot DATASET@TIMESTAMP of the store area only",
            "back-out: start-msg store, incremental imsbackup -x since the snapshot time",
            "stop services, remove 8.1.0, reinstall the previous version from media.previous",
            "zfs rollback DATASET@TIMESTAMP, start-msg store, imsrestore -E of the incremental backup",
            "start services")),
    /** "Downgrading from Messaging Server 8.1.0 Without Using a ZFS Snapshot": full imsbackup/imsrestore. */
    FULL_BACKUP("full-backup", "Full backup and restore", List.of(
            "before the upgrade: full imsbackup of the store",
            "back-out: start-msg store, full imsbackup of the store",
            "remove 8.1.0, reinstall the previous version from media.previous",
            "move data/store aside, start-msg store, imsrestore the backup",
            "start services")),
    /** "Downgrading MTA, MMP, or Webmail Hosts": remove and reinstall the previous version. */
    PACKAGE_REINSTALL("package-reinstall", "Package reinstall", List.of(
            "remove 8.1.0 (rpm -e / pkgrm / pkg uninstall)",
            "reinstall the previous version from media.previous",
            "start services")),
    /** Coexistence: the legacy system still runs, nothing to back out. */
    NONE("none", "None needed", List.of(
            "the legacy host keeps running the previous version; move users back and retire the new host"));

    private final String id;
    private final String title;
    private final List<String> steps;

    Backout(String id, String title, List<String> steps) {
        this.id = id;
        this.title = title;
        this.steps = steps;
    }

    @Override
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public List<String> steps() {
        return steps;
    }
}
