---
# Coexistence upgrade of {{ deployment }}: chapter "Specific Steps for
# Upgrading Messaging Server Using the Coexistence Model". Installs 8.1.0 on
# the new hosts, runs their initial configuration and clones the legacy
# configuration into a review folder on the controller, then STOPS: the new
# hosts serve and mailboxes move only once the operator has reviewed them and
# reruns with -e msupgrade_config_reviewed=yes. Then the mailboxes move a few
# at a time (pilot users first). The legacy hosts keep running and are only
# read; decommission.yml stops them once they are empty.
# Rerun at will: finished steps are skipped (markers on the new hosts).
# site.yml runs it once per wave that has pairs, limited to that wave's pairs
# (msupgrade_stage_hosts: coexistence_wave_N); on its own it runs every pair.
{% if has_coexistence %}
#
# Pairs (legacy -> new, store kind):
{% for p in pairs %}
#   {{ p.legacy }} -> {{ p.new }} ({{ p.kind }})
{% endfor %}

# Chapter "Upgrading Messaging Server Overview", step 2: the latest
# comm_dssetup.pl runs against the Directory Server before any host is
# upgraded, the new hosts of a coexistence pair as the in-place ones.
- name: Check the latest comm_dssetup.pl ran against the Directory Server
  hosts: "coexistence_new:&{% raw %}{{ msupgrade_stage_hosts | default('all') }}{% endraw %}"
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tasks:
    - name: Check the dssetup marker names the target media's comm_dssetup.pl
      ansible.builtin.include_role:
        name: {{ role_ns }}msupgrade_common
        tasks_from: dssetup_gate
      vars:
        msupgrade_dssetup_gate_stage: the coexistence migration
      when:
        - coexistence_require_dssetup | default(true) | bool
        - not ansible_check_mode

- name: Install and configure Messaging Server 8.1.0 on the new hosts, clone the configuration for review
  hosts: "coexistence_new:&{% raw %}{{ msupgrade_stage_hosts | default('all') }}{% endraw %}"
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  roles:
    - role: {{ role_ns }}coexistence_install
      tags: [coexistence_install, coexistence_clone]

# Chapter, coexistence step 3 is manual ("You must do so manually"): nothing
# on a new host starts, and no user moves, until the operator has reviewed its
# configuration. Then the reviewed files reach the new hosts' ConfigRoot.
- name: "Review gate: the new hosts' configuration is reviewed before they serve"
  hosts: "coexistence_new:&{% raw %}{{ msupgrade_stage_hosts | default('all') }}{% endraw %}"
  gather_facts: false
  any_errors_fatal: true
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tags: [migrate, config_review]
  tasks:
    - name: Stop here until run with -e msupgrade_config_reviewed=yes
      ansible.builtin.include_role:
        name: {{ role_ns }}coexistence_install
        tasks_from: review_gate

    - name: Copy the reviewed configuration to the new host
      ansible.builtin.include_role:
        name: {{ role_ns }}coexistence_install
        tasks_from: apply
      when:
        - msupgrade_replaces is defined
        - msupgrade_components | difference(['cassandra', 'mal']) | length == msupgrade_components | length

- name: Move the mailboxes to the new hosts, pilot users first
  hosts: "coexistence_new:&{% raw %}{{ msupgrade_stage_hosts | default('all') }}{% endraw %}"
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  roles:
    - role: {{ role_ns }}migrate_mailboxes
      tags: [migrate]
{% else %}

- name: Report that {{ deployment }} has no coexistence pairs
  hosts: all
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tasks:
    - name: Say there is nothing to migrate
      ansible.builtin.debug:
        msg: "{{ deployment }} upgrades every host in place: no mailboxes to move."
      run_once: true
{% endif %}
