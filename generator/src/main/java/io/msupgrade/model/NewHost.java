package io.msupgrade.model;

import java.util.List;

/** A host to build for coexistence; Terraform provisions it unless its provider is {@code none}. */
public record NewHost(
        String name,
        String address,
        List<Component> components,
        Os os,
        Arch arch,
        String affinityGroup,
        Provision provision,
        Spans spans) {

    public NewHost {
        components = List.copyOf(components);
    }

    public boolean has(Component component) {
        return components.contains(component);
    }

    /** Size and builder of a new host. */
    public record Provision(Provider provider, int cpus, int memoryGb, int storeDiskGb, Spans spans) {

        public static final int DEFAULT_CPUS = 4;
        public static final int DEFAULT_MEMORY_GB = 32;
        public static final int DEFAULT_STORE_DISK_GB = 512;
    }
}
