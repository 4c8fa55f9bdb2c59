package io.msupgrade.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whole deployment model ({@code model: msupgrade/v1}): the deployment as it is today, the
 * hosts to build beside it, and the upgrade to 8.1.0 wanted. Immutable; bound in one place,
 * {@link ModelReader}.
 *
 * @param sequence the tier order as written, or empty for the default of the target's store
 * @param ansible  how the generated tree gets its roles (vendored by default)
 */
public record Deployment(
        String model,
        String name,
        Target target,
        Media media,
        Directory directory,
        Backup backup,
        List<Tier> sequence,
        Migration migration,
        Rollout rollout,
        List<Host> hosts,
        List<NewHost> newHosts,
        Provisioning provisioning,
        AnsibleOptions ansible,
        Spans spans) {

    public static final String MODEL_V1 = "msupgrade/v1";

    public Deployment {
        sequence = List.copyOf(sequence);
        ansible = ansible != null ? ansible : new AnsibleOptions(AnsibleOptions.DEFAULT_ROLES, spans);
        // Indexed by name: host() and newHost() are called once per host (rules, renderers).
        hosts = NamedList.copyOf(hosts, Host::name);
        newHosts = NamedList.copyOf(newHosts, NewHost::name);
    }

    /**
     * A host's configuration layout today: as the model says, else {@code legacy} when
     * {@code target.unified_config} is true (configtoxml converts it after the upgrade), else null:
     * nothing converts it, so the upgrade does not depend on it.
     */
    public ConfigLayout configLayout(Host h) {
        if (h.configLayout() != null) {
            return h.configLayout();
        }
        return target.unifiedConfig() ? ConfigLayout.LEGACY : null;
    }

    /** Model v1, "Default tier order": the written order, else by target store. */
    public List<Tier> tierOrder() {
        if (!sequence.isEmpty()) {
            List<Tier> order = new ArrayList<>(sequence);
            for (Tier t : defaultOrder()) {
                if (!order.contains(t)) {
                    order.add(t);
                }
            }
            return List.copyOf(order);
        }
        return defaultOrder();
    }

    private List<Tier> defaultOrder() {
        return target.store() == StoreKind.CASSANDRA ? Tier.CASSANDRA_ORDER : Tier.CLASSIC_ORDER;
    }

    /** The upgrade tier of a set of components: the earliest of theirs in {@link #tierOrder()}. */
    public Tier tierOf(List<Component> components) {
        List<Tier> order = tierOrder();
        return components.stream()
                .map(Component::tier)
                .min((a, b) -> Integer.compare(order.indexOf(a), order.indexOf(b)))
                .orElse(Tier.STORE);
    }

    /** The first existing host of this name, in constant time. */
    public Optional<Host> host(String hostName) {
        return ((NamedList<Host>) hosts).named(hostName);
    }

    /** The first new host of this name, in constant time. */
    public Optional<NewHost> newHost(String hostName) {
        return ((NamedList<NewHost>) newHosts).named(hostName);
    }
}
