package io.msupgrade.rules;

import static io.msupgrade.rules.TestModels.assertError;
import static io.msupgrade.rules.TestModels.assertNone;
import static io.msupgrade.rules.TestModels.model;
import static io.msupgrade.rules.TestModels.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.msupgrade.model.Problem;
import io.msupgrade.model.ReadResult;

/** MS011, MS019. */
class HaRulesTest {

    @Test
    void ms011HaWithoutResource() {
        var m = model().host("mta1", "ha: { cluster: clusterware }");
        Problem p = assertError(m.validate(), "MS011", valueOf(m.yaml(), "mta1", "ha"));
        assertTrue(p.message().contains("add resource"), p.message());
    }

    @Test
    void ms011ClusterwareOnSolaris() {
        var m = model().host("relay1", "os: solaris-11.3", "arch: sparc", "ha: { cluster: clusterware, resource: r1 }");
        Problem p = assertError(m.validate(), "MS011", valueOf(m.yaml(), "relay1", "cluster"));
        assertTrue(p.message().contains("solaris-cluster"), p.message());
    }

    @Test
    void ms011SolarisClusterOnLinux() {
        var m = model().host("mta1", "ha: { cluster: solaris-cluster, resource: msg-svr-rs }");
        assertError(m.validate(), "MS011", valueOf(m.yaml(), "mta1", "cluster"));
    }

    @Test
    void ms011NotForAMatchingCluster() {
        ReadResult solaris = model().host("relay1", "os: solaris-11.3", "arch: sparc",
                "ha: { cluster: solaris-cluster, resource: msg-svr-rs }").validate();
        assertNone(solaris, "MS011");
        TestModels.assertClean(solaris);
        TestModels.assertClean(model().host("mta1", "ha: { cluster: clusterware, resource: ora.msg.mta, agent: [ag] }")
                .host("mta2", "ha: { cluster: clusterware, resource: ora.msg.mta, agent: [ag] }").validate());
    }

    @Test
    void ms019ClusterwareNodeWithoutAgent() {
        var m = model().host("mta1", "ha: { cluster: clusterware, resource: ora.msg.mta }")
                .host("mta2", "ha: { cluster: clusterware, resource: ora.msg.mta, agent: [ag] }");
        ReadResult r = m.validate();
        Problem p = assertError(r, "MS019", valueOf(m.yaml(), "mta1", "ha"));
        assertTrue(p.message().contains("Messaging Oracle Clusterware Agent") && p.message().contains("agent:"),
                p.message());
        assertEquals(1, r.problems().stream().filter(x -> x.code().equals("MS019")).count(), r.problems().toString());
    }

    @Test
    void ms019ClusterwareWithoutAgentMedia() {
        var m = model().host("mta1", "ha: { cluster: clusterware, resource: ora.msg.mta, agent: [ag] }")
                .media("clusterware_agent", null);
        Problem p = assertError(m.validate(), "MS019", TestModels.topValue(m.yaml(), "media"));
        assertTrue(p.message().contains("media.clusterware_agent") && p.message().contains("mta1"), p.message());
    }

    @Test
    void ms019NodesOfOneResourceRunOneAgent() {
        var m = model().host("mta1", "ha: { cluster: clusterware, resource: ora.msg.mta, agent: [ag] }")
                .host("mta2", "ha: { cluster: clusterware, resource: ora.msg.mta, agent: [other] }");
        assertError(m.validate(), "MS019", valueOf(m.yaml(), "mta2", "agent"));
    }

    @Test
    void ms019NoAgentUnderSolarisCluster() {
        var m = model().host("relay1", "os: solaris-11.3", "arch: sparc",
                "ha: { cluster: solaris-cluster, resource: msg-svr-rs, agent: [ag] }");
        assertError(m.validate(), "MS019", valueOf(m.yaml(), "relay1", "agent"));
        // no agent media needed without an in-place Clusterware host
        assertNone(model().host("relay1", "os: solaris-11.3", "arch: sparc",
                "ha: { cluster: solaris-cluster, resource: msg-svr-rs }").media("clusterware_agent", null).validate(),
                "MS019");
    }
}
