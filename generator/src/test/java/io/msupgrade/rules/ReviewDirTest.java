package io.msupgrade.rules;

import static io.msupgrade.rules.TestModels.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.msupgrade.model.Deployment;
import io.msupgrade.model.ReadResult;
import io.msupgrade.plan.Planner;
import io.msupgrade.render.ansible.InventoryData;

/** migration.review_dir: read, checked as an absolute path, and handed to the roles in group_vars. */
class ReviewDirTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> migration(Deployment d) {
        return (Map<String, Object>) new InventoryData(d, new Planner().plan(d)).all().get("msupgrade_migration");
    }

    @Test
    void reviewDirReachesTheInventory() {
        ReadResult r = model().top("migration:\n  review_dir: /srv/msupgrade/acme/config-review").validate();
        TestModels.assertClean(r);
        assertEquals("/srv/msupgrade/acme/config-review", migration(r.model().orElseThrow()).get("review_dir"));
    }

    @Test
    void withoutItTheRolesDefaultApplies() {
        ReadResult r = model().validate();
        assertFalse(migration(r.model().orElseThrow()).containsKey("review_dir"));
    }

    @Test
    void aRelativeReviewDirIsALocatedError() {
        var m = model().top("migration:\n  review_dir: config-review");
        ReadResult r = m.validate();
        assertTrue(r.problems().stream().anyMatch(p -> p.code().equals("MS012")
                && p.format().contains(TestModels.FILE + ":") && p.message().contains("absolute path")),
                TestModels.describe(r));
    }
}
