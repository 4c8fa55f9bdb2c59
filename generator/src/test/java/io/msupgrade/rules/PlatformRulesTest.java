package io.msupgrade.rules;

import static io.msupgrade.rules.TestModels.assertClean;
import static io.msupgrade.rules.TestModels.assertError;
import static io.msupgrade.rules.TestModels.assertNone;
import static io.msupgrade.rules.TestModels.model;
import static io.msupgrade.rules.TestModels.textAt;
import static io.msupgrade.rules.TestModels.topValue;
import static io.msupgrade.rules.TestModels.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.msupgrade.model.Problem;
import io.msupgrade.model.ReadResult;

/** MS005, MS007, MS008, MS010, MS013, MS020. */
class PlatformRulesTest {

    static final String OCI = """
            provisioning:
              oci:
                region: eu-frankfurt-1
                compartment_ocid: "ocid1.compartment.oc1..aaaa"
                subnet_ocid: "ocid1.subnet.oc1..bbbb"
                shape: VM.Standard.E4.Flex""";

    @Test
    void ms005InPlaceHostAskingForAnotherArchitecture() {
        var m = model()
                .host("relay1", "os: solaris-11.3", "arch: sparc", "replacement: relay1-new")
                .newHost("relay1-new");
        ReadResult r = m.validate();
        Problem p = assertError(r, "MS005", valueOf(m.yaml(), "relay1", "strategy"));
        assertTrue(p.message().contains("strategy: coexistence"), p.message());
        assertNone(r, "MS009"); // MS005 owns this replacement
    }

    @Test
    void ms005NotForACoexistencePairAcrossArchitectures() {
        var m = model()
                .host("store1", "components: [store]", "os: solaris-11.3", "arch: sparc", "strategy: coexistence",
                        "replacement: store1-new")
                .newHost("store1-new", "components: [store]");
        assertClean(m.validate());
    }

    @Test
    void ms007Solaris114InPlaceWithoutIps() {
        var m = model().host("relay1", "os: solaris-11.4", "arch: sparc").media("solaris_ips", null)
                .target("solaris_ips", "true");
        Problem p = assertError(m.validate(), "MS007", topValue(m.yaml(), "media"));
        assertTrue(p.message().contains("media.solaris_ips") && p.message().contains("relay1"), p.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"solaris-10", "solaris-11.3", "solaris-11.4"})
    void ms020SolarisNewHostIsRefusedByItsOsAlone(String os) {
        var m = model()
                .host("store1", "components: [store]", "os: solaris-11.3", "arch: sparc", "strategy: coexistence",
                        "replacement: store1-new")
                .newHost("store1-new", "components: [store]", "os: " + os, "arch: sparc")
                .media("solaris", null).media("solaris_ips", null);
        ReadResult r = m.validate();
        Problem p = assertError(r, "MS020", valueOf(m.yaml(), "store1-new", "os"));
        assertTrue(p.message().contains("rpm -i") && p.message().contains("oracle-linux-N"), p.message());
        // one message for the host: no media advice (MS007, MS017) for what will not be installed
        assertNone(r, "MS007");
        assertNone(r, "MS017");
    }

    @Test
    void ms007Solaris114WithoutTheOptInIsAnErrorAtEachHost() {
        // Chapter: pkginfo/pkgadd/pkgrm are not available on 11.4, "Please contact Oracle".
        var m = model().host("relay1", "os: solaris-11.4", "arch: sparc")
                .host("relay2", "os: solaris-11.4", "arch: sparc");
        ReadResult r = m.validate();
        var found = TestModels.withCode(r, "MS007");
        assertEquals(java.util.List.of(valueOf(m.yaml(), "relay1", "os"), valueOf(m.yaml(), "relay2", "os")),
                found.stream().map(x -> x.location().toString()).toList());
        assertTrue(found.stream().allMatch(x -> x.severity() == io.msupgrade.model.Severity.ERROR));
        Problem p = found.get(0);
        assertTrue(p.message().contains("contact Oracle") && p.message().contains("target.solaris_ips: true"),
                p.message());
        assertTrue(r.model().isEmpty());
    }

    @Test
    void ms007TheOptInWarnsThatTheIpsPathIsNotTheChapters() {
        var m = model().host("relay1", "os: solaris-11.4", "arch: sparc").target("solaris_ips", "true");
        ReadResult r = m.validate();
        Problem p = TestModels.assertWarning(r, "MS007", textAt(m.yaml(), "true"));
        assertTrue(p.message().contains("contact Oracle") && p.message().contains("relay1"), p.message());
        assertTrue(r.problems().stream().noneMatch(x -> x.severity() == io.msupgrade.model.Severity.ERROR),
                r.problems().toString());
    }

    @Test
    void ms007NotWithIpsMediaNorForOtherSolaris() {
        assertTrue(model().host("relay1", "os: solaris-11.4", "arch: sparc").target("solaris_ips", "true").validate()
                .problems().stream().noneMatch(x -> x.severity() == io.msupgrade.model.Severity.ERROR));
        assertClean(model().host("relay1", "os: solaris-11.3", "arch: sparc").media("solaris_ips", null).validate());
    }

    @Test
    void ms008ZfsOnLinux() {
        var m = model().host("store1", "components: [store]", "zfs: { store_dataset: tank/store }");
        ReadResult r = m.validate();
        assertError(r, "MS008", valueOf(m.yaml(), "store1", "zfs"));
        assertNone(r, "MS012"); // not also "zfs makes no sense here"
    }

    @Test
    void ms008NotOnSolaris() {
        var m = model().host("store1", "components: [store]", "os: solaris-11.3", "arch: sparc",
                "zfs: { store_dataset: rpool/export/comms-data }");
        assertNone(m.validate(), "MS008");
        assertTrue(m.validate().model().isPresent(), "only a warning (MS016) remains");
    }

    @ParameterizedTest
    @ValueSource(strings = {"centos-7", "ubuntu-22.04", "sles-15", "rhel-10", "oracle-linux-5", "rocky-9"})
    void ms010UnsupportedLinux(String os) {
        var m = model().host("mta1", "os: " + os);
        Problem p = assertError(m.validate(), "MS010", valueOf(m.yaml(), "mta1", "os"));
        assertTrue(p.message().contains("Oracle Linux and Red Hat"), p.message());
    }

    @Test
    void ms010UnsupportedNewHostSolarisReleaseAndLinuxOnSparc() {
        var n = model()
                .host("mta1", "strategy: coexistence", "os: oracle-linux-7", "replacement: mta1-new")
                .newHost("mta1-new", "os: almalinux-9");
        assertError(n.validate(), "MS010", valueOf(n.yaml(), "mta1-new", "os"));
        var s = model().host("relay1", "os: solaris-11.1", "arch: sparc");
        assertError(s.validate(), "MS010", valueOf(s.yaml(), "relay1", "os"));
        var sparc = model().host("mta1", "arch: sparc");
        Problem p = assertError(sparc.validate(), "MS010", valueOf(sparc.yaml(), "mta1", "os"));
        assertTrue(p.message().contains("x86_64 only"), p.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"oracle-linux-6", "oracle-linux-9", "rhel-7", "rhel-9"})
    void ms010NotForOracleLinuxOrRhel(String os) {
        assertClean(model().host("mta1", "os: " + os).validate());
    }

    @Test
    void ms020NotAlsoMs013ForASolarisNewHostOnACloud() {
        var m = model()
                .host("store1", "components: [store]", "os: solaris-11.3", "arch: sparc", "strategy: coexistence",
                        "replacement: store1-new")
                .newHost("store1-new", "components: [store]", "os: solaris-11.3", "arch: sparc",
                        "provision: { provider: oci }")
                .tail(OCI);
        ReadResult r = m.validate();
        assertError(r, "MS020", valueOf(m.yaml(), "store1-new", "os"));
        assertNone(r, "MS013");
    }

    @Test
    void ms013OciBuildsOracleLinuxOnly() {
        var m = model()
                .host("mta1", "strategy: coexistence", "os: oracle-linux-7", "replacement: mta1-new")
                .newHost("mta1-new", "os: rhel-8", "provision: { provider: oci }")
                .tail(OCI);
        assertError(m.validate(), "MS013", valueOf(m.yaml(), "mta1-new", "provider"));
    }

    @Test
    void ms013ProviderWithoutItsProvisioningSettings() {
        var none = model()
                .host("mta1", "strategy: coexistence", "os: oracle-linux-7", "replacement: mta1-new")
                .newHost("mta1-new", "provision: { provider: aws }");
        Problem p = assertError(none.validate(), "MS013", valueOf(none.yaml(), "mta1-new", "provider"));
        assertTrue(p.message().contains("provisioning.aws"), p.message());
        var partial = model()
                .host("mta1", "strategy: coexistence", "os: oracle-linux-7", "replacement: mta1-new")
                .newHost("mta1-new", "provision: { provider: oci }")
                .tail(OCI.replace("    shape: VM.Standard.E4.Flex", ""));
        p = assertError(partial.validate(), "MS013", TestModels.textAt(partial.yaml(), "region:"));
        assertTrue(p.message().contains("lacks shape"), p.message());
    }

    @Test
    void ms013NotForLinuxOnACloudNorForProviderNone() {
        var cloud = model()
                .host("mta1", "strategy: coexistence", "os: oracle-linux-7", "replacement: mta1-new")
                .newHost("mta1-new", "provision: { provider: oci, cpus: 2 }")
                .tail(OCI);
        assertNone(cloud.validate(), "MS013");
        var racked = model()
                .host("store1", "components: [store]", "os: solaris-11.3", "arch: sparc", "strategy: coexistence",
                        "replacement: store1-new")
                .newHost("store1-new", "components: [store]", "provision: { provider: none }");
        assertClean(racked.validate());
    }
}
