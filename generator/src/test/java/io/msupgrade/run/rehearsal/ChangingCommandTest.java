package io.msupgrade.run.rehearsal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * "Does this command change a host" has one answer for every check (the chapter's order, and "no
 * later wave starts" after a fault, which once used a list of its own that disagreed on
 * clresource, crsctl enable and pkg set-publisher).
 */
class ChangingCommandTest {

    @Test
    void readOnlyFormsChangeNothing() {
        for (List<String> argv : List.of(
                List.of("rpm", "-qa"), List.of("rpm", "-q", "sun-messaging-server"),
                List.of("pkg", "list", "messaging-server"), List.of("pkg", "info", "x"),
                List.of("pkg", "set-publisher", "-g", "file:///media", "comms"), List.of("pkg", "publisher"),
                List.of("zfs", "list", "-H", "pool/store"), List.of("zfs", "get", "mountpoint", "pool/store"),
                List.of("crsctl", "status", "resource", "ms"), List.of("crsctl", "stat", "res", "ms"),
                List.of("clresource", "list", "-v"), List.of("clresource", "status", "ms-rs"),
                List.of("imsimta", "version"), List.of("imsbackup", "-f", "/b/full", "/"), List.of("ldapsearch", "-b", "o=x"),
                // the online move restarts every MMP to read its cache TTLs, whatever the MMP's wave
                List.of("stop-msg", "mmp"))) {
            assertFalse(ChapterOrder.changes(argv), argv::toString);
        }
    }

    @Test
    void changingFormsChange() {
        for (List<String> argv : List.of(
                List.of("stop-msg"), List.of("stored", "-r"), List.of("configtoxml"),
                List.of("rpm", "-e", "sun-messaging-server"), List.of("rpm", "-ivh", "/m/ms.rpm"), List.of("rpm", "-Uvh", "/m/ms.rpm"),
                List.of("pkgrm", "-n", "SUNWmsgin"), List.of("pkgadd", "-d", "/m", "SUNWmsgin"),
                List.of("pkg", "update", "messaging-server"), List.of("pkg", "uninstall", "messaging-server"),
                List.of("zfs", "snapshot", "pool/store@msupgrade"), List.of("zfs", "rollback", "pool/store@msupgrade"),
                List.of("crsctl", "stop", "resource", "ms"), List.of("crsctl", "start", "resource", "ms"),
                List.of("crsctl", "disable", "resource", "ms"), List.of("clresource", "disable", "ms-rs"),
                List.of("scswitch", "-n", "-j", "ms-rs"), List.of("imsrestore", "-E", "-f", "b"), List.of("rehostuser", "-u", "u"))) {
            assertTrue(ChapterOrder.changes(argv), argv::toString);
        }
    }
}
