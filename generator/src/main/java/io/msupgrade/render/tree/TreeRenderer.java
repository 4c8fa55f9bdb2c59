package io.msupgrade.render.tree;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.msupgrade.model.Deployment;
import io.msupgrade.plan.Plan;
import io.msupgrade.render.GeneratedTree;
import io.msupgrade.render.ModelSummary;
import io.msupgrade.render.Templates;
import io.msupgrade.render.plan.PlanFormat;
import io.msupgrade.render.ansible.AnsibleTreeRenderer;
import io.msupgrade.render.terraform.TerraformTreeRenderer;

/**
 * Everything {@code generate} writes, built in memory from the model and its plan: the Ansible
 * tree, the Terraform tree and PLAN.md. Rendering never re-reads the model file.
 */
public final class TreeRenderer {

    private final Templates templates = new Templates();

    /**
     * The templates (Jinjava: its start-up and the playbooks' loops over waves and HA groups) render
     * on a second thread while this one writes PLAN.md and the data files; the tree is sorted by
     * path, so the bytes do not depend on which finishes first. A failure on either side fails the
     * whole render, and nothing has been written yet.
     */
    public GeneratedTree render(Deployment model, Plan plan) {
        AnsibleTreeRenderer ansible = new AnsibleTreeRenderer(templates);
        TerraformTreeRenderer terraform = new TerraformTreeRenderer(templates);
        CompletableFuture<GeneratedTree> rendered = CompletableFuture.supplyAsync(() -> {
            GeneratedTree t = new GeneratedTree();
            ansible.renderTemplates(model, plan, t);
            terraform.renderTemplates(model, t);
            return t;
        }, TreeRenderer::daemon);
        GeneratedTree tree = new GeneratedTree();
        tree.add("PLAN.md", PlanFormat.MARKDOWN.render(plan, templates));
        tree.add(ModelSummary.PATH, ModelSummary.of(model).toJson());
        ansible.renderData(model, plan, tree);
        terraform.renderData(model, plan, tree);
        try {
            tree.addAll(rendered.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // e.g. Templates.TemplateException, as if rendered on this thread
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
        return tree;
    }

    /** A thread that never keeps the JVM alive (a failed render exits without waiting for it). */
    private static void daemon(Runnable task) {
        Thread t = new Thread(task, "msupgrade-templates");
        t.setDaemon(true);
        t.start();
    }
}
