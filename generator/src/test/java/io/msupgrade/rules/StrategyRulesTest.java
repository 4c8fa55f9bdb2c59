package io.msupgrade.rules;

import static io.msupgrade.rules.TestModels.assertClean;
import static io.msupgrade.rules.TestModels.assertError;
import static io.msupgrade.rules.TestModels.assertNone;
import static io.msupgrade.rules.TestModels.assertWarning;
import static io.msupgrade.rules.TestModels.entryOf;
import static io.msupgrade.rules.TestModels.model;
import static io.msupgrade.rules.TestModels.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.msupgrade.model.Problem;
import io.msupgrade.model.ReadResult;

/** MS006, MS009, MS015, MS016. */
class StrategyRulesTest {

    static TestModels.Builder storeCoexistence() {
        return model()
                .host("store1", "components: [store]", "strategy: coexistence", "replacement: store1-new")
                .newHost("store1-new", "components: [store]");
    }

    @Test
    void ms006InPlaceStoreBelow801IsAWarningThatDoesNotStopGeneration() {
        var m = model().host("store1", "components: [store]", "version: 7.0.5.33.0")
                .previous("7.0.5.33.0", "{ linux: /m/7.0.5/linux }");
        ReadResult r = m.validate();
        Problem p = assertWarning(r, "MS006", valueOf(m.yaml(), "store1", "strategy"));
        assertTrue(p.message().contains("8.0.1"), p.message());
        assertTrue(r.model().isPresent(), "a warning does not stop generation");
        assertEquals(1, r.problems().size(), TestModels.describe(r)); // not MS016 on top
    }

    @Test
    void ms006NotFrom801NorForCoexistenceNorFrontEnds() {
        assertNone(model().host("store1", "components: [store]", "version: 8.0.1.3.0").previous("8.0.1.3.0", "{ linux: /m/l }")
                .validate(), "MS006");
        assertClean(storeCoexistence().host("store1", "components: [store]", "version: 7.0.5.33.0").validate());
        assertClean(model().host("mta1", "version: 7.0.5.33.0").previous("7.0.5.33.0", "{ linux: /m/l }").validate());
    }

    @Test
    void ms009CoexistenceWithoutReplacement() {
        var m = model().host("store1", "components: [store]", "strategy: coexistence");
        Problem p = assertError(m.validate(), "MS009", entryOf(m.yaml(), "store1"));
        assertTrue(p.message().contains("no 'replacement'"), p.message());
    }

    @Test
    void ms009InPlaceHostWithAReplacement() {
        var m = model().host("mta1", "replacement: mta1-new").newHost("mta1-new");
        Problem p = assertError(m.validate(), "MS009", valueOf(m.yaml(), "mta1", "replacement"));
        assertTrue(p.message().contains("remove 'replacement'"), p.message());
    }

    @Test
    void ms009ANewHostReplacesAtMostOneHost() {
        var m = storeCoexistence()
                .host("store2", "components: [store]", "strategy: coexistence", "replacement: store1-new");
        Problem p = assertError(m.validate(), "MS009", valueOf(m.yaml(), "store2", "replacement"));
        assertTrue(p.message().contains("already replaces host 'store1'"), p.message());
    }

    @Test
    void ms009ReplacementWithOtherComponents() {
        var m = storeCoexistence().newHost("store1-new", "components: [store, mta]");
        Problem p = assertError(m.validate(), "MS009", valueOf(m.yaml(), "store1-new", "components"));
        assertTrue(p.message().contains("write [store]"), p.message());
        var c = StoreKindRulesTest.cassandraMigration().newHost("mal1", "components: [cassandra]");
        p = assertError(c.validate(), "MS009", valueOf(c.yaml(), "mal1", "components"));
        assertTrue(p.message().contains("write [mal]"), p.message());
    }

    @Test
    void ms009NotForMatchingPairs() {
        assertClean(storeCoexistence().validate());
        assertClean(StoreKindRulesTest.cassandraMigration().validate());
        // a mal host may run Cassandra too
        assertClean(StoreKindRulesTest.cassandraMigration()
                .newHost("mal1", "components: [mal, cassandra]", "affinity_group: sag1").validate());
    }

    @Test
    void ms015ThirtyTwoBitStoreInPlace() {
        var m = model().host("store1", "components: [store]", "bits: 32");
        ReadResult r = m.validate();
        Problem p = assertError(r, "MS015", valueOf(m.yaml(), "store1", "strategy"));
        assertTrue(p.message().contains("imsbackup/imsrestore"), p.message());
        assertNone(r, "MS016");
    }

    @Test
    void ms015NotByCoexistenceNorFor64Bit() {
        assertClean(storeCoexistence().host("store1", "components: [store]", "bits: 32").validate());
        assertNone(model().host("store1", "components: [store]", "bits: 64").validate(), "MS015");
        assertClean(model().host("mta1", "bits: 32").validate());
    }

    @Test
    void ms016StoreInPlace() {
        var m = model().host("store1", "components: [store]");
        ReadResult r = m.validate();
        assertWarning(r, "MS016", valueOf(m.yaml(), "store1", "strategy"));
        assertTrue(r.model().isPresent());
    }

    @Test
    void ms016FrontEndByCoexistence() {
        var m = model().host("mmp1", "components: [mmp]", "strategy: coexistence", "replacement: mmp1-new")
                .newHost("mmp1-new", "components: [mmp]");
        Problem p = assertWarning(m.validate(), "MS016", valueOf(m.yaml(), "mmp1", "strategy"));
        assertTrue(p.message().contains("in-place is the documented fit"), p.message());
    }

    @Test
    void ms016NotForTheDocumentedFitNorForAPlatformMove() {
        assertClean(model().host("mta1").validate());
        assertClean(storeCoexistence().validate());
        // leaving SPARC, or an old OS: coexistence is the way for a front-end too
        assertClean(model().host("relay1", "os: solaris-11.3", "arch: sparc", "strategy: coexistence",
                "replacement: relay1-new").newHost("relay1-new").validate());
        assertClean(model().host("mta1", "os: rhel-6", "strategy: coexistence", "replacement: mta1-new")
                .newHost("mta1-new", "os: rhel-9").validate());
    }
}
