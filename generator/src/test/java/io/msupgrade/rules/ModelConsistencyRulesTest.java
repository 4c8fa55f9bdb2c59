package io.msupgrade.rules;

import static io.msupgrade.rules.TestModels.assertClean;
import static io.msupgrade.rules.TestModels.assertError;
import static io.msupgrade.rules.TestModels.assertNone;
import static io.msupgrade.rules.TestModels.entryOf;
import static io.msupgrade.rules.TestModels.model;
import static io.msupgrade.rules.TestModels.topValue;
import static io.msupgrade.rules.TestModels.valueOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.msupgrade.model.Problem;

/** MS012 checks over the whole model (ModelConsistencyRules). */
class ModelConsistencyRulesTest {

    @Test
    void sequenceLeavingOutAHostsTier() {
        var m = model().top("sequence: [store, mta]").host("mta1").host("web1", "components: [webmail]");
        Problem p = assertError(m.validate(), "MS012", topValue(m.yaml(), "sequence"));
        assertTrue(p.message().contains("tier 'webmail'") && p.message().contains("web1"), p.message());
    }

    @Test
    void sequenceListingEveryTierInUse() {
        assertClean(model().top("sequence: [mta, store]").host("mta1").validate());
        assertClean(model().top("sequence: [webmail, mmp, mta, store]").host("mta1").validate());
    }

    @Test
    void replacementNamingNoNewHost() {
        var m = StrategyRulesTest.storeCoexistence()
                .host("store1", "replacement: store1-nwe");
        Problem p = assertError(m.validate(), "MS012", valueOf(m.yaml(), "store1", "replacement"));
        assertTrue(p.message().contains("did you mean 'store1-new'?"), p.message());
        var today = StrategyRulesTest.storeCoexistence().host("mta1")
                .host("store1", "replacement: mta1");
        p = assertError(today.validate(), "MS012", valueOf(today.yaml(), "store1", "replacement"));
        assertTrue(p.message().contains("host of today"), p.message());
    }

    @Test
    void classicStoreMovedByCoexistenceWithoutUserBase() {
        var m = StrategyRulesTest.storeCoexistence();
        String yaml = m.yaml().replace("  user_base: ou=People,o=example.com\n", "");
        var r = new Validator().validate("t.yaml", yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Problem p = r.problems().stream().filter(x -> x.message().contains("user_base")).findFirst().orElseThrow();
        assertTrue(p.isError() && p.code().equals("MS012") && p.location().line() == lineOf(yaml, "  host: ldap1"),
                p.format());
    }

    private static int lineOf(String yaml, String text) {
        return yaml.substring(0, yaml.indexOf(text)).split("\n", -1).length;
    }

    @Test
    void replacementNamingANewHost() {
        assertClean(StrategyRulesTest.storeCoexistence().validate());
    }

    @Test
    void affinityGroupWhereItMakesNoSense() {
        var classic = StrategyRulesTest.storeCoexistence().newHost("store1-new", "affinity_group: sag1");
        Problem p = assertError(classic.validate(), "MS012", valueOf(classic.yaml(), "store1-new", "affinity_group"));
        assertTrue(p.message().contains("target.store is classic"), p.message());
        var frontEnd = StoreKindRulesTest.cassandraMigration()
                .host("mta1", "strategy: coexistence", "os: oracle-linux-7", "replacement: mta1-new")
                .newHost("mta1-new", "affinity_group: sag1");
        assertError(frontEnd.validate(), "MS012", valueOf(frontEnd.yaml(), "mta1-new", "affinity_group"));
    }

    @Test
    void malHostWithoutAffinityGroup() {
        var m = StoreKindRulesTest.cassandraMigration().newHost("mal1", "affinity_group: null");
        Problem p = assertError(m.validate(), "MS012", entryOf(m.yaml(), "mal1"));
        assertTrue(p.message().contains("add affinity_group"), p.message());
    }

    @Test
    void affinityGroupsOnMalAndCassandraHosts() {
        assertClean(StoreKindRulesTest.cassandraMigration().newHost("cass1", "affinity_group: sag1").validate());
    }

    @Test
    void zfsThatIsNeverUsed() {
        var relay = model().host("relay1", "os: solaris-11.3", "arch: sparc", "zfs: { store_dataset: rpool/x }");
        assertError(relay.validate(), "MS012", valueOf(relay.yaml(), "relay1", "zfs"));
        var coexistence = StrategyRulesTest.storeCoexistence()
                .host("store1", "os: solaris-11.3", "arch: sparc", "zfs: { store_dataset: rpool/x }");
        Problem p = assertError(coexistence.validate(), "MS012", valueOf(coexistence.yaml(), "store1", "zfs"));
        assertTrue(p.message().contains("coexistence"), p.message());
    }

    @Test
    void zfsOnAnInPlaceSolarisStore() {
        var m = model().host("store1", "components: [store]", "os: solaris-11.3", "arch: sparc",
                "zfs: { store_dataset: rpool/export/comms-data }");
        assertNone(m.validate(), "MS012");
    }

    @Test
    void oneHaResourceUnderTwoClusters() {
        var m = model()
                .host("relay1", "os: solaris-11.3", "arch: sparc", "ha: { cluster: solaris-cluster, resource: msg }")
                .host("mta1", "ha: { cluster: clusterware, resource: msg }");
        assertError(m.validate(), "MS012", valueOf(m.yaml(), "mta1", "cluster"));
        assertClean(model().host("mta1", "ha: { cluster: clusterware, resource: msg, agent: [ag] }")
                .host("mta2", "ha: { cluster: clusterware, resource: msg, agent: [ag] }").validate());
    }
}
