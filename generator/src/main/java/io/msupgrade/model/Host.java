package io.msupgrade.model;

import java.util.List;

/**
 * One host of the deployment as it is today.
 *
 * @param address     becomes {@code ansible_host}; may be null
 * @param zfs         the store area's ZFS dataset (Solaris only); may be null
 * @param ha          the cluster the host runs under; may be null
 * @param replacement for coexistence: the name of the new host that replaces it; may be null
 * @param configLayout its configuration today, as written ({@code config_layout}); null when left out
 *                    (see {@link Deployment#configLayout(Host)} for the default)
 */
public record Host(
        String name,
        String address,
        List<Component> components,
        Os os,
        Arch arch,
        Version version,
        int bits,
        Strategy strategy,
        Zfs zfs,
        Ha ha,
        String replacement,
        ConfigLayout configLayout,
        Spans spans) {

    public Host {
        components = List.copyOf(components);
    }

    public boolean has(Component component) {
        return components.contains(component);
    }

    public boolean isStore() {
        return has(Component.STORE);
    }

    public boolean isInPlace() {
        return strategy == Strategy.IN_PLACE;
    }

    /** The store area's ZFS dataset, snapshotted before the upgrade and rolled back on back-out. */
    public record Zfs(String storeDataset, Spans spans) {
    }

    /**
     * The cluster resource that governs the host's Messaging Server.
     *
     * @param agent the Messaging Server cluster agent's package names in {@code media.clusterware_agent},
     *              upgraded after Messaging Server (empty when the model names none)
     */
    public record Ha(Cluster cluster, String resource, List<String> agent, Spans spans) {
        public Ha {
            agent = List.copyOf(agent);
        }

        public Ha(Cluster cluster, String resource, Spans spans) {
            this(cluster, resource, List.of(), spans);
        }
    }
}
