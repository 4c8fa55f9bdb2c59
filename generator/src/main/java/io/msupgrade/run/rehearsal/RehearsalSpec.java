package io.msupgrade.run.rehearsal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.msupgrade.model.Deployment;
import io.msupgrade.model.Host;
import io.msupgrade.model.Keyword;
import io.msupgrade.model.NewHost;
import io.msupgrade.plan.HostPlan;
import io.msupgrade.plan.Plan;

/**
 * The simulator's spec for one model: a simulated host for every host and new host, stores seeded
 * with mailboxes (the model's pilot users on the first store that moves), the directory, and the
 * package names the roles use. Deterministic: the same model seeds the same mail.
 */
public final class RehearsalSpec {

    /** Seeded per store: enough users for a pilot round and two batches of a small batch size. */
    static final int USERS_PER_STORE = 8;
    static final int MESSAGES_PER_USER = 6;
    static final String PASSWORD = "rehearsal-only-secret";

    private RehearsalSpec() {
    }

    public static Map<String, Object> of(Deployment model, Plan plan) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("deployment", model.name());
        spec.put("seed", 42);
        spec.put("target_version", model.target().version().text());
        List<String> versions = new ArrayList<>(model.media().previous().keySet());
        spec.put("media_versions", versions);
        Map<String, Object> directory = new LinkedHashMap<>();
        directory.put("host", model.directory().host());
        directory.put("port", model.directory().port());
        directory.put("bind_dn", model.directory().bindDn());
        directory.put("password", PASSWORD);
        String userBase = model.directory().userBase();
        if (userBase != null) {
            // users' entries are uid=<uid>,<user_base>: the simulated directory holds them there
            directory.put("user_base", userBase);
            directory.put("base_dn", baseDn(userBase));
        }
        spec.put("directory", directory);

        Map<String, HostPlan> plans = new LinkedHashMap<>();
        for (HostPlan hp : plan.hosts()) {
            plans.put(hp.name(), hp);
        }
        Set<String> pilots = new HashSet<>(plan.migration().pilotUsers());
        boolean pilotsPlaced = false;
        List<Map<String, Object>> hosts = new ArrayList<>();
        for (Host h : model.hosts()) {
            HostPlan hp = plans.get(h.name());
            Map<String, Object> s = host(h.name(), h.os().id(), h.arch().id(), hp);
            s.put("installed_version", h.version().text());
            if (h.bits() != 64) {
                s.put("bits", h.bits()); // imsimta version says it: "(32bit)"
            }
            if (h.ha() != null) {
                Map<String, Object> ha = new LinkedHashMap<>();
                ha.put("cluster", h.ha().cluster().id());
                ha.put("resource", h.ha().resource());
                if (h.zfs() != null) {
                    // The cluster imports the shared pool on one node: the rehearsal puts it on the
                    // group's last node, so a role that takes the inventory's first node for the
                    // store's data steps (snapshot, backup, back-out) fails here.
                    ha.put("pool_node", lastNode(model, h));
                }
                if (!h.ha().agent().isEmpty()) {
                    // the simulator seeds the old agent and refuses to start the resource with it
                    ha.put("agent", h.ha().agent());
                }
                s.put("ha", ha);
            }
            if (h.zfs() != null) {
                s.put("zfs_dataset", h.zfs().storeDataset());
            }
            if (h.replacement() != null) {
                s.put("replacement", h.replacement());
            }
            if (hp.configLayout() != null) {
                // the simulated estate follows the model: a legacy host has msg.conf, not config.xml
                s.put("config", hp.configLayout().id());
            }
            if (h.isStore() && !(h.ha() != null && isSecondNode(model, h))) {
                List<Map<String, Object>> users = new ArrayList<>();
                if (!pilotsPlaced && h.replacement() != null && !pilots.isEmpty()) {
                    for (String p : plan.migration().pilotUsers()) {
                        users.add(user(p));
                    }
                    pilotsPlaced = true;
                }
                for (int i = 1; i <= USERS_PER_STORE; i++) {
                    users.add(user(h.name() + "-u" + (i < 10 ? "0" : "") + i));
                }
                s.put("users", users);
            }
            hosts.add(s);
        }
        for (NewHost h : model.newHosts()) {
            Map<String, Object> s = host(h.name(), h.os().id(), h.arch().id(), plans.get(h.name()));
            s.put("installed_version", null);
            String replaces = plans.get(h.name()).pairedWith();
            if (replaces != null) {
                s.put("replaces", replaces);
            }
            hosts.add(s);
        }
        String dirHost = io.msupgrade.render.ansible.InventoryData.directoryHost(model);
        if (hosts.stream().noneMatch(h -> dirHost.equals(h.get("name")))) {
            // the Directory Server host of group `directory`, where comm_dssetup.pl runs
            Map<String, Object> ds = new LinkedHashMap<>();
            ds.put("name", dirHost);
            ds.put("role", "directory");
            ds.put("os", "oracle-linux-8");
            ds.put("os_family", "linux");
            ds.put("arch", "x86_64");
            ds.put("components", List.of());
            ds.put("installed_version", null);
            hosts.add(ds);
        }
        spec.put("hosts", hosts);
        return spec;
    }

    /** The suffix of a user base: {@code ou=People,o=acme} gives {@code o=acme}. */
    static String baseDn(String userBase) {
        String[] rdns = userBase.split(",");
        if (rdns.length > 1 && rdns[0].strip().toLowerCase(java.util.Locale.ROOT).startsWith("ou=")) {
            return String.join(",", java.util.Arrays.copyOfRange(rdns, 1, rdns.length)).strip();
        }
        return userBase.strip();
    }

    /** The last node, in model order, of h's HA resource. */
    private static String lastNode(Deployment model, Host h) {
        String last = h.name();
        for (Host other : model.hosts()) {
            if (other.ha() != null && h.ha().resource() != null && h.ha().resource().equals(other.ha().resource())) {
                last = other.name();
            }
        }
        return last;
    }

    /** The nodes of one HA resource share the store: only the first one is seeded. */
    private static boolean isSecondNode(Deployment model, Host h) {
        for (Host other : model.hosts()) {
            if (other.ha() != null && h.ha().resource() != null && h.ha().resource().equals(other.ha().resource())) {
                return other != h;
            }
        }
        return false;
    }

    private static Map<String, Object> host(String name, String os, String arch, HostPlan hp) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("os", os);
        s.put("arch", arch);
        s.put("components", hp.components().stream().map(Keyword::id).toList());
        s.put("package_system", hp.packaging().id());
        return s;
    }

    private static Map<String, Object> user(String uid) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("uid", uid);
        u.put("messages", MESSAGES_PER_USER);
        return u;
    }
}
