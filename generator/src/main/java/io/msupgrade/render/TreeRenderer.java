package io.msupgrade.render;

import io.msupgrade.model.Deployment;
import io.msupgrade.plan.Plan;
import io.msupgrade.plan.PlanFormat;
import io.msupgrade.render.ansible.AnsibleTreeRenderer;
import io.msupgrade.render.terraform.TerraformTreeRenderer;

/**
 * Everything {@code generate} writes, built in memory from the model and its plan: the Ansible
 * tree, the Terraform tree and PLAN.md. Rendering never re-reads the model file.
 */
public final class TreeRenderer {

    private final Templates templates = new Templates();

    public GeneratedTree render(Deployment model, Plan plan) {
        GeneratedTree tree = new GeneratedTree();
        tree.add("PLAN.md", PlanFormat.MARKDOWN.render(plan));
        tree.add(ModelSummary.PATH, ModelSummary.of(model).toJson());
        new AnsibleTreeRenderer(templates).render(model, plan, tree);
        new TerraformTreeRenderer(templates).render(model, plan, tree);
        return tree;
    }
}
