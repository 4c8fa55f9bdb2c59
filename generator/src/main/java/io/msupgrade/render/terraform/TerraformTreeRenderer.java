package io.msupgrade.render.terraform;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.msupgrade.model.Component;
import io.msupgrade.model.Deployment;
import io.msupgrade.model.NewHost;
import io.msupgrade.model.Provider;
import io.msupgrade.model.Provisioning;
import io.msupgrade.model.Tier;
import io.msupgrade.plan.CoexistencePair;
import io.msupgrade.plan.HostPlan;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.Wave;
import io.msupgrade.render.GeneratedTree;
import io.msupgrade.render.TemplateTree;
import io.msupgrade.render.Templates;

/**
 * Writes {@code terraform/}: a root module that builds every new host whose provider is
 * {@code oci}, {@code aws} or {@code vsphere} with the static modules of
 * {@code terraform-templates/modules/}, and hands the built hosts to Ansible
 * ({@code ../ansible/inventory/new_hosts.yml}). Hosts with provider {@code none} exist already:
 * they belong to the Ansible inventory alone, and existing hosts never appear here.
 *
 * <p>Static HCL where it can be; the host list and the provider settings are data
 * ({@code *.auto.tfvars.json}, written by Jackson); only the files whose blocks depend on the set
 * of providers in use are {@code .tpl} templates. Without any host to build nothing is written.
 */
public final class TerraformTreeRenderer {

    /** Where the Terraform templates travel in the jar (from {@code terraform-templates/}). */
    public static final String TEMPLATE_ROOT = "templates/terraform";
    /** Where the tree goes in the generated output. */
    public static final String OUTPUT_ROOT = "terraform/";

    public static final String HOSTS_FILE = "hosts.auto.tfvars.json";
    public static final String PROVISIONING_FILE = "provisioning.auto.tfvars.json";

    /** Inventory groups of every Terraform-built host (docs/contract-variables.md). */
    public static final String GROUP_NEW = "coexistence_new";

    private static final String TEMPLATE_SUFFIX = ".tpl";
    private static final String MODULES = "modules/";

    private static final ObjectWriter JSON = new ObjectMapper().writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private final Templates templates;

    public TerraformTreeRenderer(Templates templates) {
        this.templates = templates;
    }

    public TerraformTreeRenderer() {
        this(new Templates());
    }

    /** Adds the files of {@code terraform/} to the tree; nothing when no new host is built by Terraform. */
    public void render(Deployment model, Plan plan, GeneratedTree tree) {
        renderTemplates(model, tree);
        renderData(model, plan, tree);
    }

    /** The root files rendered from their {@code .tpl} templates; nothing when no new host is built by Terraform. */
    public void renderTemplates(Deployment model, GeneratedTree tree) {
        List<NewHost> built = built(model);
        if (built.isEmpty()) {
            return;
        }
        List<String> providers = providers(built);
        Map<String, Object> context = Map.of("providers", providers);
        TemplateTree.load(TEMPLATE_ROOT, path -> wanted(path, providers)).forEach((path, bytes) -> {
            if (path.endsWith(TEMPLATE_SUFFIX)) {
                String name = path.substring(0, path.length() - TEMPLATE_SUFFIX.length());
                String text = templates.render(TEMPLATE_ROOT + "/" + path, new String(bytes, StandardCharsets.UTF_8),
                        context);
                tree.add(OUTPUT_ROOT + name, text);
            }
        });
    }

    /**
     * The static files (the modules of the providers in use), copied verbatim, and the host list
     * and provider settings, written as JSON; nothing when no new host is built by Terraform.
     */
    public void renderData(Deployment model, Plan plan, GeneratedTree tree) {
        List<NewHost> built = built(model);
        if (built.isEmpty()) {
            return;
        }
        List<String> providers = providers(built);
        TemplateTree.load(TEMPLATE_ROOT, path -> wanted(path, providers)).forEach((path, bytes) -> {
            if (!path.endsWith(TEMPLATE_SUFFIX)) {
                tree.add(OUTPUT_ROOT + path, bytes);
            }
        });
        tree.add(OUTPUT_ROOT + HOSTS_FILE, json(hostsData(model, plan, built)));
        tree.add(OUTPUT_ROOT + PROVISIONING_FILE, json(provisioningData(model, providers)));
    }

    /** The new hosts Terraform builds, by name: every provider but {@code none}. */
    static List<NewHost> built(Deployment model) {
        return model.newHosts().stream()
                .filter(h -> h.provision() != null && h.provision().provider() != Provider.NONE)
                .sorted(Comparator.comparing(NewHost::name))
                .toList();
    }

    /** The providers in use, always in the order oci, aws, vsphere. */
    static List<String> providers(List<NewHost> built) {
        List<String> ids = new ArrayList<>();
        for (Provider p : Provider.values()) {
            if (p != Provider.NONE && built.stream().anyMatch(h -> h.provision().provider() == p)) {
                ids.add(p.id());
            }
        }
        return List.copyOf(ids);
    }

    /** Root files always; a module only when a host uses its provider. */
    private static boolean wanted(String path, List<String> providers) {
        if (!path.startsWith(MODULES)) {
            return true;
        }
        return providers.stream().anyMatch(p -> path.startsWith(MODULES + "ms-host-" + p + "/"));
    }

    private static Map<String, Object> hostsData(Deployment model, Plan plan, List<NewHost> built) {
        Map<String, Object> hosts = new LinkedHashMap<>();
        Map<String, Integer> waves = waves(plan);
        for (NewHost h : built) {
            Tier tier = tierOf(h, model, plan);
            Map<String, Object> host = new LinkedHashMap<>();
            host.put("provider", h.provision().provider().id());
            putIfSet(host, "address", h.address());
            host.put("components", h.components().stream().map(Component::id).toList());
            host.put("os", h.os().id());
            host.put("os_family", h.os().distro());
            host.put("os_version", h.os().release().split("\\.")[0]);
            putIfSet(host, "affinity_group", h.affinityGroup());
            host.put("tier", tier.id());
            Integer wave = waves.get(h.name());
            if (wave != null) {
                host.put("wave", wave);
            }
            host.put("groups", List.of(GROUP_NEW, "tier_" + tier.id()));
            host.put("cpus", h.provision().cpus());
            host.put("memory_gb", h.provision().memoryGb());
            host.put("store_disk_gb", h.provision().storeDiskGb());
            hosts.put(h.name(), host);
        }
        return Map.of("hosts", hosts);
    }

    /**
     * A new host's upgrade tier: the plan's when it has the host, else the earliest tier of its
     * components in the model's sequence (model v1, "Default tier order") — the same rule.
     */
    static Tier tierOf(NewHost host, Deployment model, Plan plan) {
        return plan.host(host.name()).map(HostPlan::tier).orElseGet(() -> model.tierOf(host.components()));
    }

    /**
     * The plan's wave that builds each new host (or pairs it with its legacy host), by host name;
     * a host no wave names is absent. One pass over the waves: a lookup per host would scan every
     * wave's lists for every host, quadratic in hosts.
     */
    static Map<String, Integer> waves(Plan plan) {
        Map<String, Integer> waves = new java.util.HashMap<>();
        for (Wave wave : plan.waves()) { // the first wave that names a host wins
            for (String name : wave.newHosts()) {
                waves.putIfAbsent(name, wave.number());
            }
            for (CoexistencePair pair : wave.pairs()) {
                waves.putIfAbsent(pair.replacement(), wave.number());
            }
        }
        return waves;
    }

    private static Map<String, Object> provisioningData(Deployment model, List<String> providers) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deployment", model.name());
        Provisioning p = model.provisioning();
        if (providers.contains(Provider.OCI.id()) && p != null && p.oci() != null) {
            putIfSet(data, "oci_region", p.oci().region());
            putIfSet(data, "oci_compartment_ocid", p.oci().compartmentOcid());
            putIfSet(data, "oci_subnet_ocid", p.oci().subnetOcid());
            putIfSet(data, "oci_shape", p.oci().shape());
        }
        if (providers.contains(Provider.AWS.id()) && p != null && p.aws() != null) {
            putIfSet(data, "aws_region", p.aws().region());
            putIfSet(data, "aws_subnet_id", p.aws().subnetId());
            putIfSet(data, "aws_instance_type", p.aws().instanceType());
            putIfSet(data, "aws_ami_owner", p.aws().amiOwner());
        }
        if (providers.contains(Provider.VSPHERE.id()) && p != null && p.vsphere() != null) {
            putIfSet(data, "vsphere_datacenter", p.vsphere().datacenter());
            putIfSet(data, "vsphere_cluster", p.vsphere().cluster());
            putIfSet(data, "vsphere_datastore", p.vsphere().datastore());
            putIfSet(data, "vsphere_network", p.vsphere().network());
            putIfSet(data, "vsphere_template", p.vsphere().template());
        }
        return data;
    }

    private static void putIfSet(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }

    private static String json(Map<String, Object> data) {
        try {
            return JSON.writeValueAsString(data) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write Terraform variables as JSON", e);
        }
    }
}
