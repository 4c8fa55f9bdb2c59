package io.msupgrade.model;

/** Where imsbackup writes on store hosts. */
public record Backup(String dir, Spans spans) {

    public static final String DEFAULT_DIR = "/var/opt/msupgrade/backup";
}
