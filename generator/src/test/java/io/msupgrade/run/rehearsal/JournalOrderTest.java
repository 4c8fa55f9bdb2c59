package io.msupgrade.run.rehearsal;

import static io.msupgrade.run.rehearsal.Journals.entries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The chapter-order checker on hand-written journals: the right order passes, each wrong one fails. */
class JournalOrderTest {

    private static final ChapterOrder.Layout LAYOUT = new ChapterOrder.Layout(Set.of("st1", "ha1", "ha2"),
            Set.of("st1"), Set.of("new1"), Map.of("msg_res", List.of("ha1", "ha2")));

    private final List<Map<String, Object>> journal = new ArrayList<>();

    private JournalOrderTest line(String host, String... argv) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("host", host);
        l.put("argv", List.of(argv));
        l.put("rc", 0);
        journal.add(l);
        return this;
    }

    /** A chapter-true upgrade then ZFS back-out of st1, an HA swap, a move to new1. */
    private JournalOrderTest good() {
        line("st1", "imsbackup", "-v", "-f", "/b/full", "/");
        line("ha1", "imsbackup", "-v", "-f", "/b/full", "/");
        line("ldap1", "comm_dssetup.pl", "-i", "yes");
        line("st1", "stop-msg");
        line("st1", "zfs", "snapshot", "rpool/export/comms-data@20260601232600");
        line("st1", "stored", "-r");
        line("st1", "rpm", "-e", "sun-messaging-server");
        line("st1", "rpm", "-i", "/m/sun-messaging-server-8.1.0.rpm");
        line("st1", "start-msg");
        line("ha1", "scswitch", "-n", "-j", "msg_res");
        line("ha1", "rpm", "-e", "sun-messaging-server");
        line("ha2", "rpm", "-e", "sun-messaging-server");
        line("ha1", "rpm", "-i", "/m/x.rpm");
        line("ha2", "rpm", "-i", "/m/x.rpm");
        line("ha1", "scswitch", "-e", "-j", "msg_res");
        line("new1", "rpm", "-i", "/m/x.rpm");
        line("new1", "configure", "--noldap", "--state", "/s/configure.state");
        line("new1", "start-msg");
        line("new1", "imsrestore", "-E", "-f", "/b/batch1");
        // back-out of st1 by the snapshot (steps 3 to 12)
        line("st1", "stop-msg");
        line("st1", "start-msg", "store");
        line("st1", "imsbackup", "-x", "-v", "-f", "/b/incr", "-d", "20260601:232600", "/");
        line("st1", "stop-msg");
        line("st1", "rpm", "-e", "sun-messaging-server");
        line("st1", "rpm", "-i", "/m/sun-messaging-server-8.0.2.rpm");
        line("st1", "zfs", "rollback", "rpool/export/comms-data@20260601232600");
        line("st1", "start-msg", "store");
        line("st1", "imsrestore", "-E", "-f", "/b/incr");
        return line("st1", "start-msg");
    }

    private List<String> violations() {
        return ChapterOrder.violations(entries(journal), LAYOUT);
    }

    private void move(int from, int to) {
        journal.add(to, journal.remove(from));
    }

    private int find(String host, String... argv) {
        for (int i = 0; i < journal.size(); i++) {
            if (journal.get(i).get("host").equals(host) && journal.get(i).get("argv").equals(List.of(argv))) {
                return i;
            }
        }
        throw new AssertionError("no line " + host + " " + List.of(argv));
    }

    @Test
    void theChapterOrderPasses() {
        good();
        assertEquals(List.of(), violations());
    }

    @Test
    void removalBeforeTheBackupFails() {
        good();
        move(0, find("st1", "rpm", "-e", "sun-messaging-server"));
        assertTrue(violations().stream().anyMatch(v -> v.contains("no full imsbackup of st1")), violations()::toString);
    }

    @Test
    void aFailedBackupDoesNotCount() {
        good();
        journal.get(0).put("rc", 1);
        assertTrue(violations().stream().anyMatch(v -> v.contains("no full imsbackup of st1")), violations()::toString);
    }

    @Test
    void snapshotWhileRunningFails() {
        good();
        journal.remove(find("st1", "stop-msg"));
        assertTrue(violations().stream().anyMatch(v -> v.contains("zfs snapshot on st1 while its services ran")),
                violations()::toString);
    }

    @Test
    void snapshotAfterTheRemovalFails() {
        good();
        int snap = find("st1", "zfs", "snapshot", "rpool/export/comms-data@20260601232600");
        move(snap, find("st1", "rpm", "-i", "/m/sun-messaging-server-8.1.0.rpm"));
        assertTrue(violations().stream().anyMatch(v -> v.contains("no zfs snapshot on st1 before")), violations()::toString);
    }

    @Test
    void swapWhileTheResourceIsEnabledFails() {
        good();
        int disable = find("ha1", "scswitch", "-n", "-j", "msg_res");
        move(disable, find("ha2", "rpm", "-e", "sun-messaging-server"));
        assertTrue(violations().stream().anyMatch(v -> v.contains("enabled while ha1")), violations()::toString);
    }

    @Test
    void enablingBeforeTheLastNodeIsSwappedFails() {
        good();
        int enable = find("ha1", "scswitch", "-e", "-j", "msg_res");
        move(enable, find("ha2", "rpm", "-i", "/m/x.rpm"));
        assertTrue(violations().stream().anyMatch(v -> v.contains("enabled while ha2")), violations()::toString);
    }

    @Test
    void neverEnabledAgainFails() {
        good();
        journal.remove(find("ha1", "scswitch", "-e", "-j", "msg_res"));
        assertTrue(violations().stream().anyMatch(v -> v.contains("not enabled again")), violations()::toString);
    }

    @Test
    void dssetupAfterAHostChangedFails() {
        good();
        move(find("ldap1", "comm_dssetup.pl", "-i", "yes"), find("st1", "rpm", "-e", "sun-messaging-server"));
        assertTrue(violations().stream().anyMatch(v -> v.contains("comm_dssetup.pl did not run before")),
                violations()::toString);
    }

    @Test
    void restoreOntoANewHostBeforeItsInstallFails() {
        good();
        move(find("new1", "imsrestore", "-E", "-f", "/b/batch1"), find("new1", "rpm", "-i", "/m/x.rpm"));
        assertTrue(violations().stream().anyMatch(v -> v.contains("new host new1")), violations()::toString);
    }

    @Test
    void aNewHostServingBeforeItsInitialConfigurationFails() {
        good();
        move(find("new1", "configure", "--noldap", "--state", "/s/configure.state"),
                find("new1", "imsrestore", "-E", "-f", "/b/batch1") + 1);
        assertTrue(violations().stream().anyMatch(v -> v.contains("new host new1") && v.contains("initial configuration")
                && v.contains("start-msg")), violations()::toString);
    }

    @Test
    void aNewHostConfiguredBeforeItsInstallFails() {
        good();
        move(find("new1", "configure", "--noldap", "--state", "/s/configure.state"), find("new1", "rpm", "-i", "/m/x.rpm"));
        assertTrue(violations().stream().anyMatch(v -> v.contains("initial configuration")), violations()::toString);
    }

    @Test
    void zfsRollbackBeforeTheReinstallFails() {
        good();
        // the back-out's rollback, just before the back-out's reinstall of the previous version
        int rollback = find("st1", "zfs", "rollback", "rpool/export/comms-data@20260601232600");
        move(rollback, find("st1", "rpm", "-i", "/m/sun-messaging-server-8.0.2.rpm"));
        assertTrue(violations().stream().anyMatch(v -> v.contains("zfs rollback on st1 before the previous version")),
                violations()::toString);
    }

    @Test
    void aZfsBackoutWithoutRollbackFails() {
        good();
        journal.remove(find("st1", "zfs", "rollback", "rpool/export/comms-data@20260601232600"));
        assertEquals(List.of(), violations(), "an upgrade's journal has no rollback to miss");
        List<String> v = ChapterOrder.violations(entries(journal), LAYOUT, true);
        assertTrue(v.stream().anyMatch(x -> x.contains("back-out of st1 without zfs rollback")), v::toString);
    }

    @Test
    void theBackoutOfTheChapterPassesAsABackout() {
        good();
        assertEquals(List.of(), ChapterOrder.violations(entries(journal), LAYOUT, true));
    }

    @Test
    void removalWhileServicesRunFails() {
        good();
        // the back-out's stop-msg before its removal of 8.1.0: the line after the incremental backup
        int incremental = find("st1", "imsbackup", "-x", "-v", "-f", "/b/incr", "-d", "20260601:232600", "/");
        assertEquals(List.of("stop-msg"), journal.get(incremental + 1).get("argv"));
        journal.remove(incremental + 1);
        assertTrue(violations().stream().anyMatch(v -> v.contains("packages removed on st1 while its services ran")),
                violations()::toString);
    }

    @Test
    void removalOnAnHaNodeWithTheResourceEnabledAndNoStopFails() {
        good();
        journal.remove(find("ha1", "scswitch", "-n", "-j", "msg_res"));
        assertTrue(violations().stream().anyMatch(v -> v.contains("packages removed on ha1 while its services ran")),
                violations()::toString);
    }

    /** The upgrade's lines of {@link #good()}: the waves' stages, without the back-out. */
    private List<Map<String, Object>> waves() {
        good();
        return journal.subList(0, find("new1", "imsrestore", "-E", "-f", "/b/batch1") + 1);
    }

    @Test
    void wavesInThePlansOrderPass() {
        assertEquals(List.of(), ChapterOrder.waveOrder(entries(waves()), Map.of("st1", 1, "ha1", 2, "ha2", 2, "new1", 3)));
    }

    @Test
    void aWaveChangedAfterALaterOneBeganFails() {
        // new1's pair in wave 1 (stores first) moved after the wave 2 HA swap: what the old site.yml did
        List<String> v = ChapterOrder.waveOrder(entries(waves()), Map.of("st1", 2, "ha1", 2, "ha2", 2, "new1", 1));
        assertTrue(v.stream().anyMatch(x -> x.contains("wave 1 changed new1 after wave 2 began")), v::toString);
    }

    @Test
    void backoutWithoutTheIncrementalBackupFails() {
        good();
        journal.remove(find("st1", "imsbackup", "-x", "-v", "-f", "/b/incr", "-d", "20260601:232600", "/"));
        assertTrue(violations().stream().anyMatch(v -> v.contains("no incremental imsbackup")), violations()::toString);
    }

    @Test
    void restoreBeforeTheRollbackFails() {
        good();
        int restore = find("st1", "imsrestore", "-E", "-f", "/b/incr");
        move(restore, find("st1", "zfs", "rollback", "rpool/export/comms-data@20260601232600"));
        assertTrue(violations().stream().anyMatch(v -> v.contains("imsrestore")), violations()::toString);
    }

    @Test
    void configtoxmlOnEveryLegacyHost() {
        good();
        line("st1", "configtoxml");
        line("ha2", "configtoxml");
        assertEquals(List.of(), ChapterOrder.notConverted(entries(journal), List.of("st1", "ha1", "ha2"), LAYOUT),
                "an HA resource's nodes share the configuration: one converts it");
        assertEquals(List.of("new1"), ChapterOrder.notConverted(entries(journal), List.of("st1", "new1"), LAYOUT));
        journal.get(journal.size() - 2).put("rc", 1);
        assertEquals(List.of("st1"), ChapterOrder.notConverted(entries(journal), List.of("st1"), LAYOUT),
                "a failed configtoxml converted nothing");
    }
}
