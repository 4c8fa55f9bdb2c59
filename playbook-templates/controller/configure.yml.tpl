---
# {{ deployment }}: this repository as an AWX / Automation Controller project.
# Creates (or brings up to date) the project, the inventory sourced from
# ansible/inventory/hosts.yml, one job template per playbook, and the upgrade,
# back-out{% if controller.decommission_nodes %} and decommission{% endif %} as workflows whose human gates are
# approval nodes. Run from the repository's root or from ansible/:
#   ansible-galaxy collection install -r ansible/controller/requirements.yml
#   CONTROLLER_HOST=https://controller.example CONTROLLER_OAUTH_TOKEN=... \
#     ansible-playbook ansible/controller/configure.yml \
#     -e msupgrade_controller_scm_url=git@git.example:mail/{{ deployment }}.git
# No secret is written here: the controller's credentials (machine, vault,
# source control) are created by the operator and named by variables.
- name: Configure {{ deployment }} on the controller
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    msupgrade_controller_organization: Default
    msupgrade_controller_name: {{ deployment }}
    msupgrade_controller_scm_branch: ""
    # Names of credentials the job templates use (machine, vault, ...).
    msupgrade_controller_credentials: []
  tasks:
    - name: Require the repository's URL
      ansible.builtin.assert:
        that:
          - msupgrade_controller_scm_url is defined
          - msupgrade_controller_scm_url | length > 0
        fail_msg: >-
          Set msupgrade_controller_scm_url (-e msupgrade_controller_scm_url=URL):
          the git repository that `msupgrade generate --git` writes.
        quiet: true

    - name: Create the project (this repository)
      awx.awx.project:
        name: "{% raw %}{{ msupgrade_controller_name }}{% endraw %}"
        organization: "{% raw %}{{ msupgrade_controller_organization }}{% endraw %}"
        scm_type: git
        scm_url: "{% raw %}{{ msupgrade_controller_scm_url }}{% endraw %}"
        scm_branch: "{% raw %}{{ msupgrade_controller_scm_branch }}{% endraw %}"
        credential: "{% raw %}{{ msupgrade_controller_scm_credential | default(omit) }}{% endraw %}"
        scm_update_on_launch: true
        default_environment: "{% raw %}{{ msupgrade_controller_execution_environment | default(omit) }}{% endraw %}"
        state: present

    - name: Create the inventory
      awx.awx.inventory:
        name: "{% raw %}{{ msupgrade_controller_name }}{% endraw %}"
        organization: "{% raw %}{{ msupgrade_controller_organization }}{% endraw %}"
        state: present

    - name: Source the inventory from the repository
      awx.awx.inventory_source:
        name: "{% raw %}{{ msupgrade_controller_name }}{% endraw %} repository"
        inventory: "{% raw %}{{ msupgrade_controller_name }}{% endraw %}"
        organization: "{% raw %}{{ msupgrade_controller_organization }}{% endraw %}"
        source: scm
        source_project: "{% raw %}{{ msupgrade_controller_name }}{% endraw %}"
        source_path: {{ controller.inventory_source_path }}
        overwrite: true
        overwrite_vars: true
        update_on_launch: true
        state: present

    - name: Create one job template per playbook
      awx.awx.job_template:
        name: "{% raw %}{{ item.name }}{% endraw %}"
        organization: "{% raw %}{{ msupgrade_controller_organization }}{% endraw %}"
        job_type: run
        project: "{% raw %}{{ msupgrade_controller_name }}{% endraw %}"
        inventory: "{% raw %}{{ msupgrade_controller_name }}{% endraw %}"
        playbook: "{% raw %}{{ item.playbook }}{% endraw %}"
        credentials: "{% raw %}{{ msupgrade_controller_credentials }}{% endraw %}"
        execution_environment: "{% raw %}{{ msupgrade_controller_execution_environment | default(omit) }}{% endraw %}"
        # The workflows pass the gates' variables (msupgrade_confirm=yes, ...) per node.
        ask_variables_on_launch: true
        ask_limit_on_launch: true
        state: present
      loop:
{% for jt in controller.job_templates %}
        - name: {{ jt.name }}
          playbook: {{ jt.playbook }}
{% endfor %}
      loop_control:
        label: "{% raw %}{{ item.name }}{% endraw %}"
{% for workflow in [["upgrade", "The whole upgrade, in site.yml's order", controller.upgrade_nodes], ["back-out", "Back-out of the upgrade (rollback.yml)", controller.backout_nodes], ["decommission", "Decommission of the legacy hosts", controller.decommission_nodes]] %}
{% if workflow[2] %}

    - name: Create the {{ workflow[0] }} workflow, its human gates as approvals
      awx.awx.workflow_job_template:
        name: "{% raw %}{{ msupgrade_controller_name }}{% endraw %} {{ workflow[0] }}"
        description: "{{ workflow[1] }}"
        organization: "{% raw %}{{ msupgrade_controller_organization }}{% endraw %}"
        inventory: "{% raw %}{{ msupgrade_controller_name }}{% endraw %}"
        state: present
        workflow_nodes:
{% for node in workflow[2] %}
          - identifier: {{ node.identifier }}
{% if node.approval %}
            unified_job_template:
              name: "{{ node.name }}"
              description: "{{ node.description }}"
              type: workflow_approval
              timeout: 0
{% else %}
            unified_job_template:
              name: {{ node.name }}
              type: job_template
              organization:
                name: "{% raw %}{{ msupgrade_controller_organization }}{% endraw %}"
{% if node.extra_data %}
            extra_data:
{% for k, v in node.extra_data.items() %}
              {{ k }}: "{{ v }}"
{% endfor %}
{% else %}
            extra_data: {}
{% endif %}
{% endif %}
            related:
{% if node.stops_at_gate %}
              # the run stops on purpose at its gate (it fails until the gate's variable is set):
              # the approval follows its failure; the job's output says what to check
              failure_nodes: [{% if node.next %}{identifier: {{ node.next }}}{% endif %}]
{% else %}
              success_nodes: [{% if node.next %}{identifier: {{ node.next }}}{% endif %}]
{% endif %}
{% endfor %}
{% endif %}
{% endfor %}
