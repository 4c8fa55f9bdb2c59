package io.msupgrade.rules;

import static io.msupgrade.rules.TestModels.assertError;
import static io.msupgrade.rules.TestModels.assertNone;
import static io.msupgrade.rules.TestModels.model;
import static io.msupgrade.rules.TestModels.textAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.msupgrade.model.MigrationTool;
import io.msupgrade.model.Problem;
import io.msupgrade.model.ReadResult;
import io.msupgrade.plan.Planner;

/** MS021 and migration.tool's defaults. */
class MigrationRulesTest {

    private static TestModels.Builder cassandraPair(String tool) {
        var m = model().cassandra()
                .host("store1", "components: [store]", "strategy: coexistence", "replacement: mal1")
                .newHost("mal1", "components: [mal]", "affinity_group: g1")
                .newHost("cass1", "components: [cassandra]");
        return tool == null ? m : m.tail("migration:\n  tool: " + tool);
    }

    @Test
    void ms025ImsbackupCannotFillACassandraStore() {
        var m = cassandraPair("imsbackup");
        Problem p = assertError(m.validate(), "MS021", textAt(m.yaml(), "imsbackup"));
        assertTrue(p.message().contains("rehostuser"), p.message());
    }

    @Test
    void rehostuserOnACassandraTargetIsFine() {
        assertNone(cassandraPair("rehostuser").validate(), "MS021");
        assertNone(cassandraPair(null).validate(), "MS021");
    }

    @Test
    void rehostuserBetweenClassicStoresIsAllowed() {
        var m = model().host("store1", "components: [store]", "strategy: coexistence", "replacement: store1-new")
                .newHost("store1-new", "components: [store]").tail("migration:\n  tool: rehostuser");
        ReadResult r = m.validate();
        assertNone(r, "MS021");
        assertEquals(MigrationTool.REHOSTUSER, new Planner().plan(r.model().orElseThrow()).migration().tool());
    }

    @Test
    void theToolDefaultsToTheTargetStores() {
        ReadResult classic = model().host("store1", "components: [store]", "strategy: coexistence",
                "replacement: store1-new").newHost("store1-new", "components: [store]").validate();
        assertEquals(MigrationTool.IMSBACKUP, new Planner().plan(classic.model().orElseThrow()).migration().tool());
        assertEquals(MigrationTool.REHOSTUSER,
                new Planner().plan(cassandraPair(null).validate().model().orElseThrow()).migration().tool());
    }

    @Test
    void anUnknownToolIsAModelError() {
        var m = cassandraPair("moveuser");
        assertError(m.validate(), "MS012", textAt(m.yaml(), "moveuser"));
    }
}
