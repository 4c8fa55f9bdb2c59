package io.msupgrade.render.ansible;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.msupgrade.model.Deployment;
import io.msupgrade.model.Host;
import io.msupgrade.model.Keyword;
import io.msupgrade.model.Media;
import io.msupgrade.model.NewHost;
import io.msupgrade.model.Tier;
import io.msupgrade.plan.HaGroup;
import io.msupgrade.plan.HostPlan;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Wave;

/**
 * The inventory as data: groups by tier and wave, group variables from the model, host variables
 * from the model and the plan. The variable names are the contract in docs/contract-variables.md.
 * Maps are ordered, so the YAML written from them is the same for the same model.
 */
public final class InventoryData {

    private final Deployment model;
    private final Plan plan;

    public InventoryData(Deployment model, Plan plan) {
        this.model = model;
        this.plan = plan;
    }

    /** {@code inventory/hosts.yml}: every host under {@code all.children.<group>.hosts}. */
    public Map<String, Object> hosts() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (Tier t : model.tierOrder()) {
            groups.put("tier_" + t.id(), new ArrayList<>());
        }
        for (Wave w : plan.waves()) {
            groups.put(w.group(), new ArrayList<>(w.hosts()));
        }
        // the hosts of each wave's coexistence step (site.yml limits migrate.yml to them in turn)
        for (Wave w : plan.waves()) {
            if (!w.pairs().isEmpty() || !w.newHosts().isEmpty()) {
                List<String> members = new ArrayList<>();
                w.pairs().forEach(p -> members.add(p.legacy()));
                members.addAll(w.newHosts());
                groups.put(io.msupgrade.plan.RunOrder.pairGroup(w), members);
            }
        }
        for (String g : List.of("inplace", "coexistence_legacy", "coexistence_new", "zfs_store", "os_linux",
                "os_solaris")) {
            groups.put(g, new ArrayList<>());
        }
        for (HaGroup ha : plan.haGroups()) {
            groups.put(ha.group(), new ArrayList<>(ha.nodes()));
        }
        // comm_dssetup.pl configures the Directory Server's own instance, so it runs on that host.
        groups.put("directory", new ArrayList<>(List.of(directoryHost())));
        for (HostPlan hp : plan.hosts()) {
            groups.get("tier_" + hp.tier().id()).add(hp.name());
            groups.get(hp.newHost() ? "coexistence_new" : hp.strategy() == io.msupgrade.model.Strategy.IN_PLACE
                    ? "inplace" : "coexistence_legacy").add(hp.name());
        }
        for (Host h : model.hosts()) {
            groups.get(h.os().isSolaris() ? "os_solaris" : "os_linux").add(h.name());
            if (h.isInPlace() && h.isStore() && h.zfs() != null) {
                groups.get("zfs_store").add(h.name());
            }
        }
        for (NewHost h : model.newHosts()) {
            groups.get(h.os().isSolaris() ? "os_solaris" : "os_linux").add(h.name());
        }
        Map<String, Object> children = new LinkedHashMap<>();
        groups.forEach((name, members) -> {
            Map<String, Object> hostMap = new LinkedHashMap<>();
            for (String m : members) {
                hostMap.put(m, new LinkedHashMap<>());
            }
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("hosts", hostMap);
            children.put(name, group);
        });
        return Map.of("all", Map.of("children", children));
    }

    /** The inventory name of the Directory Server: a host of the model when it is one, else its address. */
    String directoryHost() {
        return directoryHost(model);
    }

    /** The inventory name of the Directory Server host of {@code model} (group {@code directory}). */
    public static String directoryHost(Deployment model) {
        String dir = model.directory().host();
        return model.host(dir).map(io.msupgrade.model.Host::name).orElse(dir);
    }

    /** {@code inventory/group_vars/all.yml}: what every host needs to know about the upgrade. */
    public Map<String, Object> all() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("msupgrade_deployment", model.name());
        v.put("msupgrade_target_version", model.target().version().text());
        v.put("msupgrade_target_store", model.target().store().id());
        v.put("msupgrade_unified_config", model.target().unifiedConfig());
        v.put("msupgrade_media", media(model.media()));
        Map<String, Object> previous = new LinkedHashMap<>();
        model.media().previous().forEach((version, pm) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            putIfSet(m, "linux", pm.linux());
            putIfSet(m, "solaris", pm.solaris());
            putIfSet(m, "solaris_ips", pm.solarisIps());
            previous.put(version, m);
        });
        v.put("msupgrade_previous_media", previous);
        Map<String, Object> directory = new LinkedHashMap<>();
        directory.put("host", model.directory().host());
        directory.put("port", model.directory().port());
        directory.put("bind_dn", model.directory().bindDn());
        if (model.directory().userBase() != null) {
            directory.put("user_base", model.directory().userBase());
        }
        v.put("msupgrade_directory", directory);
        v.put("msupgrade_directory_password_var", model.directory().passwordVar());
        v.put("msupgrade_backup_dir", model.backup().dir());
        Map<String, Object> migration = new LinkedHashMap<>();
        migration.put("batch_size", plan.migration().batchSize());
        migration.put("parallel_batches", plan.migration().parallelBatches());
        migration.put("pilot_users", plan.migration().pilotUsers());
        if (model.migration().reviewDir() != null) {
            migration.put("review_dir", model.migration().reviewDir());
        }
        migration.put("tool", plan.migration().tool().id());
        if (plan.migration().controllerStagingDir() != null) {
            migration.put("controller_staging_dir", plan.migration().controllerStagingDir());
        }
        v.put("msupgrade_migration", migration);
        Map<String, Object> serial = new LinkedHashMap<>();
        for (Tier t : Tier.values()) {
            serial.put(t.id(), model.rollout().serialOf(t));
        }
        v.put("msupgrade_serial", serial);
        return v;
    }

    private static Map<String, Object> media(Media media) {
        Map<String, Object> m = new LinkedHashMap<>();
        putIfSet(m, "linux", media.linux());
        putIfSet(m, "solaris", media.solaris());
        putIfSet(m, "solaris_ips", media.solarisIps());
        putIfSet(m, "dssetup", media.dssetup());
        putIfSet(m, "clusterware_agent", media.clusterwareAgent());
        return m;
    }

    /** {@code inventory/host_vars/HOST.yml} for every host, by host name. */
    public Map<String, Map<String, Object>> hostVars() {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        Map<String, HostPlan> plans = new java.util.HashMap<>();
        for (HostPlan hp : plan.hosts()) {
            plans.put(hp.name(), hp);
        }
        for (Host h : model.hosts()) {
            HostPlan hp = plans.get(h.name());
            Map<String, Object> v = common(hp, h.address(), h.os().id(), h.os().family().id(), h.arch().id());
            v.put("msupgrade_installed_version", h.version().text());
            v.put("msupgrade_bits", h.bits());
            if (h.ha() != null) {
                Map<String, Object> ha = new LinkedHashMap<>();
                ha.put("cluster", h.ha().cluster().id());
                ha.put("resource", h.ha().resource());
                if (!h.ha().agent().isEmpty()) {
                    ha.put("agent", h.ha().agent());
                }
                v.put("msupgrade_ha", ha);
                v.put("msupgrade_ha_group", hp.haGroup());
            }
            if (h.zfs() != null) {
                v.put("msupgrade_zfs_store_dataset", h.zfs().storeDataset());
            }
            if (hp.pairedWith() != null) {
                v.put("msupgrade_replacement", hp.pairedWith());
            }
            if (hp.configLayout() != null) {
                v.put("msupgrade_config_layout", hp.configLayout().id());
            }
            out.put(h.name(), v);
        }
        for (NewHost h : model.newHosts()) {
            HostPlan hp = plans.get(h.name());
            Map<String, Object> v = common(hp, h.address(), h.os().id(), h.os().family().id(), h.arch().id());
            if (hp.pairedWith() != null) {
                v.put("msupgrade_replaces", hp.pairedWith());
            }
            if (h.affinityGroup() != null) {
                v.put("msupgrade_affinity_group", h.affinityGroup());
            }
            v.put("msupgrade_provider", h.provision().provider().id());
            out.put(h.name(), v);
        }
        String dir = directoryHost();
        if (!out.containsKey(dir)) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("ansible_host", model.directory().host());
            v.put("msupgrade_role", "directory");
            out.put(dir, v);
        }
        return out;
    }

    private static Map<String, Object> common(HostPlan hp, String address, String os, String family, String arch) {
        Map<String, Object> v = new LinkedHashMap<>();
        if (address != null) {
            v.put("ansible_host", address);
        }
        v.put("msupgrade_components", hp.components().stream().map(Keyword::id).toList());
        v.put("msupgrade_tier", hp.tier().id());
        if (hp.wave() > 0) {
            v.put("msupgrade_wave", hp.wave());
        }
        v.put("msupgrade_os", os);
        v.put("msupgrade_os_family", family);
        v.put("msupgrade_arch", arch);
        v.put("msupgrade_strategy", hp.strategy().id());
        v.put("msupgrade_procedure", hp.procedure().id());
        v.put("msupgrade_packaging", hp.packaging().id());
        v.put("msupgrade_backout", hp.backout().id());
        v.put("msupgrade_bin_subdir", hp.binSubdir());
        return v;
    }

    private static void putIfSet(Map<String, Object> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
