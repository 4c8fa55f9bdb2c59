package io.msupgrade.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.msupgrade.model.ConfigLayout;
import io.msupgrade.testing.Samples;

/** The stage model: one run order, built from the model's sequence, that site.yml and the rehearsal follow. */
class RunOrderTest {

    private static Path sample(String name) {
        return Samples.all().stream().filter(p -> p.toString().contains(name)).findFirst().orElseThrow();
    }

    private static List<String> ids(List<Stage> stages) {
        return stages.stream().map(Stage::id).toList();
    }

    @Test
    void aPairInWaveOneIsMigratedBeforeTheLaterInPlaceWaves() {
        RunOrder order = Samples.plan(sample("coexistence-sparc-to-linux")).runOrder();
        assertEquals(List.of("preflight", "confirm", "backup", "dssetup", "migrate-wave-1", "upgrade-wave-2",
                "upgrade-wave-3", "unified-config", "decommission"), ids(order.stages()));
        assertEquals(ids(order.stages()).subList(0, 8), ids(order.site()), "decommission runs on its own");
        Stage migrate = order.stage("migrate-wave-1");
        assertEquals("migrate", migrate.playbook());
        assertEquals("coexistence_wave_1", migrate.hosts());
        assertEquals("wave_2", order.stage("upgrade-wave-2").hosts());
        assertNull(order.stage("backup").hosts());
    }

    @Test
    void siteYmlImportsTheStagesInTheRunOrder() {
        Path s = sample("coexistence-sparc-to-linux");
        String site = new String(Samples.tree(s).files().get("ansible/playbooks/site.yml"), StandardCharsets.UTF_8);
        int migrate = site.indexOf("msupgrade_stage_hosts: coexistence_wave_1");
        int wave2 = site.indexOf("msupgrade_stage_hosts: wave_2");
        assertEquals(true, migrate > 0 && wave2 > migrate, site);
        String hosts = new String(Samples.tree(s).files().get("ansible/inventory/hosts.yml"), StandardCharsets.UTF_8);
        assertEquals(true, hosts.contains("coexistence_wave_1:"), hosts);
    }

    @Test
    void theLegacyHostsAreConvertedWhenTheModelAsksForUnifiedConfiguration() {
        Plan plan = Samples.plan(sample("linux-frontends-inplace"));
        assertEquals(List.of("mta1", "mta2", "mmp1"), plan.convertedToUnified());
        assertEquals(ConfigLayout.UNIFIED, plan.host("web1").orElseThrow().configLayout());
        // unified_config: false, nothing said: no layout, nothing converted
        Plan coex = Samples.plan(sample("coexistence-sparc-to-linux"));
        assertEquals(List.of(), coex.convertedToUnified());
        assertNull(coex.host("mx1").orElseThrow().configLayout());
    }
}
