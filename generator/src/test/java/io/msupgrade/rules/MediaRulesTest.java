package io.msupgrade.rules;

import static io.msupgrade.rules.TestModels.assertClean;
import static io.msupgrade.rules.TestModels.assertError;
import static io.msupgrade.rules.TestModels.assertNone;
import static io.msupgrade.rules.TestModels.assertWarning;
import static io.msupgrade.rules.TestModels.model;
import static io.msupgrade.rules.TestModels.topValue;
import static io.msupgrade.rules.TestModels.valueOf;
import static io.msupgrade.rules.TestModels.withCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.msupgrade.model.Problem;
import io.msupgrade.model.ReadResult;
import io.msupgrade.model.Severity;

/** MS017, MS018. */
class MediaRulesTest {

    @Test
    void ms017DssetupIsAlwaysNeeded() {
        var m = model().media("dssetup", null);
        Problem p = assertError(m.validate(), "MS017", topValue(m.yaml(), "media"));
        assertTrue(p.message().contains("comm_dssetup.pl"), p.message());
    }

    @Test
    void ms017LinuxMediaForLinuxHosts() {
        var m = model().media("linux", null);
        Problem p = assertError(m.validate(), "MS017", topValue(m.yaml(), "media"));
        assertTrue(p.message().contains("media.linux") && p.message().contains("mta1"), p.message());
    }

    @Test
    void ms017LinuxMediaForNewLinuxHostsToo() {
        var m = model()
                .host("store1", "components: [store]", "os: solaris-11.3", "arch: sparc", "strategy: coexistence",
                        "replacement: store1-new")
                .newHost("store1-new", "components: [store]")
                .media("linux", null);
        Problem p = assertError(m.validate(), "MS017", topValue(m.yaml(), "media"));
        assertTrue(p.message().contains("store1-new"), p.message());
    }

    @Test
    void ms017SolarisMediaForSolarisHostsInPlace() {
        var m = model().host("relay1", "os: solaris-10", "arch: sparc").media("solaris", null);
        assertError(m.validate(), "MS017", topValue(m.yaml(), "media"));
    }

    @Test
    void ms017WithoutAnyMediaPointsAtTheTopOfTheModel() {
        ReadResult r = model().noMedia().validate();
        assertEquals(2, withCode(r, "MS017").size(), TestModels.describe(r)); // dssetup and linux
        assertTrue(withCode(r, "MS017").stream().allMatch(p -> p.location().toString().equals("t.yaml:1:1")
                && p.severity() == Severity.ERROR));
    }

    @Test
    void ms017NotForMediaNoHostNeeds() {
        // a Solaris store replaced by coexistence installs nothing on Solaris
        var m = model()
                .host("store1", "components: [store]", "os: solaris-11.3", "arch: sparc", "strategy: coexistence",
                        "replacement: store1-new")
                .newHost("store1-new", "components: [store]")
                .media("solaris", null).media("solaris_ips", null);
        assertClean(m.validate());
    }

    @Test
    void ms018NoPreviousEntryForTheInstalledVersion() {
        var m = model().host("mta1", "version: 8.0.1.3.0").host("mta2", "version: 8.0.1.3.0");
        ReadResult r = m.validate();
        Problem p = assertWarning(r, "MS018", valueOf(m.yaml(), "mta1", "version"));
        assertTrue(p.message().contains("'mta1', 'mta2'"), "one warning names every host: " + p.message());
        assertTrue(r.model().isPresent(), "a warning does not stop generation");
    }

    @Test
    void ms018PreviousEntryWithoutTheHostsPlatform() {
        var m = model().host("mta1").host("relay1", "os: solaris-11.4", "arch: sparc")
                .previous("8.0.2.3.0", "{ linux: /m/8.0.2/linux }");
        Problem p = assertWarning(m.validate(), "MS018", valueOf(m.yaml(), "relay1", "version"));
        assertTrue(p.message().contains("no solaris_ips media"), p.message());
    }

    @Test
    void ms018NotForCoexistenceHostsNorWhenPresent() {
        assertClean(model().host("mta1").validate());
        var m = model()
                .host("store1", "components: [store]", "version: 8.0.1.3.0", "strategy: coexistence",
                        "replacement: store1-new")
                .newHost("store1-new", "components: [store]");
        assertNone(m.validate(), "MS018");
        assertClean(m.validate());
    }
}
