package io.msupgrade.render.ansible;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.msupgrade.model.Deployment;
import io.msupgrade.plan.Plan;
import io.msupgrade.render.GeneratedTree;
import io.msupgrade.render.TemplateTree;
import io.msupgrade.render.Templates;
import io.msupgrade.render.YamlData;

/**
 * Writes {@code ansible/}: the static roles and configuration copied verbatim, the playbooks
 * rendered from their {@code .tpl} templates with the plan, and the inventory written as data.
 */
public final class AnsibleTreeRenderer {

    static final String TEMPLATE_ROOT = "templates/ansible";
    static final String TEMPLATE_SUFFIX = ".tpl";

    private final Templates templates;

    public AnsibleTreeRenderer(Templates templates) {
        this.templates = templates;
    }

    public void render(Deployment model, Plan plan, GeneratedTree tree) {
        renderTemplates(plan, tree);
        renderData(model, plan, tree);
    }

    /** The playbooks, rendered from their {@code .tpl} templates with the plan. */
    public void renderTemplates(Plan plan, GeneratedTree tree) {
        Map<String, Object> context = PlaybookContext.of(plan);
        TemplateTree.load(TEMPLATE_ROOT).forEach((path, bytes) -> {
            if (path.endsWith(TEMPLATE_SUFFIX)) {
                String target = path.substring(0, path.length() - TEMPLATE_SUFFIX.length());
                String source = new String(bytes, StandardCharsets.UTF_8);
                tree.add("ansible/" + target, templates.render(path, source, context));
            }
        });
    }

    /** Everything but the playbooks: the static files, copied verbatim, and the inventory, written as data. */
    public void renderData(Deployment model, Plan plan, GeneratedTree tree) {
        TemplateTree.load(TEMPLATE_ROOT).forEach((path, bytes) -> {
            if (!path.endsWith(TEMPLATE_SUFFIX)) {
                tree.add("ansible/" + path, bytes);
            }
        });
        InventoryData inventory = new InventoryData(model, plan);
        tree.add("ansible/inventory/hosts.yml", YamlData.dump(inventory.hosts()));
        tree.add("ansible/inventory/group_vars/all.yml", YamlData.dump(inventory.all()));
        inventory.hostVars().forEach((host, vars) ->
                tree.add("ansible/inventory/host_vars/" + host + ".yml", YamlData.dump(vars)));
    }
}
