package io.msupgrade.rules;

import static io.msupgrade.rules.TestModels.assertClean;
import static io.msupgrade.rules.TestModels.assertError;
import static io.msupgrade.rules.TestModels.assertNone;
import static io.msupgrade.rules.TestModels.model;
import static io.msupgrade.rules.TestModels.valueOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.msupgrade.model.Problem;
import io.msupgrade.model.ReadResult;

/** MS003, MS004. */
class StoreKindRulesTest {

    /** The Cassandra migration as the chapter wants it: front-ends in place, the store replaced by a mal host. */
    static TestModels.Builder cassandraMigration() {
        return model().cassandra()
                .host("mta1")
                .host("store1", "components: [store]", "strategy: coexistence", "replacement: mal1")
                .newHost("mal1", "components: [mal]", "affinity_group: sag1")
                .newHost("cass1", "components: [cassandra]");
    }

    @Test
    void aCassandraMigrationByCoexistenceIsClean() {
        assertClean(cassandraMigration().validate());
    }

    @Test
    void ms003ClassicStoreInPlaceToCassandra() {
        var m = model().cassandra().host("store1", "components: [store, mta]");
        ReadResult r = m.validate();
        Problem p = assertError(r, "MS003", valueOf(m.yaml(), "store1", "strategy"));
        assertTrue(p.message().contains("rehostuser"), p.message());
        // One message for the node: MS004 leaves the in-place store to MS003, and so do MS006/MS015/MS016.
        assertNone(r, "MS004");
        assertNone(r, "MS016");
    }

    @Test
    void ms003NotForAClassicTargetNorForFrontEnds() {
        assertNone(model().host("store1", "components: [store]").validate(), "MS003");
        assertNone(model().cassandra().host("mta1").validate(), "MS003");
    }

    @Test
    void ms004NewClassicStoreOnACassandraTarget() {
        var m = cassandraMigration().newHost("mal1", "components: [store]", "affinity_group: sag1");
        ReadResult r = m.validate();
        Problem p = assertError(r, "MS004", valueOf(m.yaml(), "mal1", "components"));
        assertTrue(p.message().contains("give it 'mal'"), p.message());
        assertNone(r, "MS009"); // the same mistake is not reported twice
    }

    @Test
    void ms004CassandraComponentsOnAClassicTarget() {
        var m = model()
                .host("store1", "components: [store]", "strategy: coexistence", "replacement: mal1")
                .newHost("mal1", "components: [mal]");
        ReadResult r = m.validate();
        assertError(r, "MS004", valueOf(m.yaml(), "mal1", "components"));
        assertNone(r, "MS009");
        var ring = model().newHost("cass1", "components: [cassandra]");
        assertError(ring.validate(), "MS004", valueOf(ring.yaml(), "cass1", "components"));
    }

    @Test
    void ms004NotForOneKindOfStore() {
        assertNone(cassandraMigration().validate(), "MS004");
        var classic = model()
                .host("store1", "components: [store]", "strategy: coexistence", "replacement: store1-new")
                .newHost("store1-new", "components: [store]");
        assertClean(classic.validate());
    }
}
