package io.msupgrade.plan;

import java.util.List;

import io.msupgrade.model.Cluster;

/**
 * The nodes of one HA resource: upgraded together, the resource disabled once before any node's
 * packages change and enabled once after all of them (chapter: "To Do an In-place Upgrade to
 * Messaging Server 8.1.0 in an HA Environment").
 *
 * @param group inventory group name, {@code ha_<resource>}
 */
public record HaGroup(String group, Cluster cluster, String resource, List<String> nodes, int wave) {

    public HaGroup {
        nodes = List.copyOf(nodes);
    }
}
