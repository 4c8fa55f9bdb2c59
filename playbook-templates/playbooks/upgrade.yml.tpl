---
# {{ deployment }}: in-place upgrade to Messaging Server 8.1.0, wave by wave
# in plan order (tiers: {{ tiers | join(", ") }}). Chapter "Upgrading
# Messaging Server Overview": "Like all upgrades, you proceed on a
# host-by-host basis". The nodes of an HA resource are upgraded together in
# their own play (chapter "Messaging Server 8.1.0 Upgrade in an HA
# Environment"); every other host of the wave follows the wave's serial. A
# failed host stops the wave, with a message saying the state it is left in
# and what to run next: no later batch and no later wave starts. Each host
# resumes from its completion markers on a rerun. site.yml runs one wave at a
# time (msupgrade_stage_hosts: wave_N, between the coexistence steps of the
# waves); run on its own, this playbook upgrades every wave in order.
#
# Inside the window a host waits for nobody. Ansible's default (linear)
# strategy runs each task on every host of a batch before the next task, so a
# Linux host batched with a Solaris SVR4 one would stay stopped through the
# other's pkgrm and pkgadd. The hosts outside a cluster therefore run with
# `strategy: host_pinned`: each host of a batch goes through its own steps
# (stage, stop-msg, stored -r, snapshot, swap, start-msg, health check) as
# fast as it can, on a worker of its own; the batch ends when its last host
# does. Ansible does not apply max_fail_percentage or any_errors_fatal under
# host_pinned (the other hosts of the batch finish their own upgrade: none is
# left stopped halfway because another failed), so the stop is explicit: a
# batch's first task fails on every host of the batch when a host of an
# earlier batch failed (a batch where every host failed ends the whole run),
# and after the wave's hosts a one-task play fails the run when one of them
# failed. The nodes of an HA resource keep the linear strategy: the chapter
# moves them together (one disable, the swap on every node, one enable).
- name: Confirm the upgrade
  ansible.builtin.import_playbook: confirm.yml

# Chapter "Upgrading Messaging Server Overview", step 2: comm_dssetup.pl
# first. Checked once here, for every wave of this run, rather than in each
# play (the plays below turn the role's own check off).
- name: Check the latest comm_dssetup.pl ran before any host changes
  hosts: "inplace:&{% raw %}{{ msupgrade_stage_hosts | default('all') }}{% endraw %}"
  gather_facts: false
  any_errors_fatal: true
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tags:
    - always
  tasks:
    - name: Check the dssetup marker on the Directory Server host
      ansible.builtin.include_role:
        name: {{ role_ns }}msupgrade_common
        tasks_from: dssetup_gate
      vars:
        msupgrade_dssetup_gate_stage: the in-place upgrade
      when:
        - inplace_upgrade_require_dssetup | default(true) | bool
        - not ansible_check_mode
{% for wave in waves %}
{% for ha in wave.ha_groups %}

- name: Wave {{ wave.number }} ({{ wave.tier }}), the nodes of HA group {{ ha }}
  hosts: "{{ wave.group }}:&{{ ha }}:&{% raw %}{{ msupgrade_stage_hosts | default('all') }}{% endraw %}"
  serial: "100%"
  any_errors_fatal: true
  max_fail_percentage: 0
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tags:
    - upgrade
    - {{ wave.group }}
    - tier_{{ wave.tier }}
  roles:
    - role: {{ role_ns }}inplace_upgrade
      vars:
        inplace_upgrade_require_dssetup: false
{% endfor %}
{% if wave.outside | length > 0 %}

- name: Wave {{ wave.number }} ({{ wave.tier }}), hosts outside a cluster
  hosts: "{{ wave.group }}{% for ha in wave.ha_groups %}:!{{ ha }}{% endfor %}:&{% raw %}{{ msupgrade_stage_hosts | default('all') }}{% endraw %}"
  serial: "{{ wave.serial }}"
  strategy: host_pinned
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tags:
    - upgrade
    - {{ wave.group }}
    - tier_{{ wave.tier }}
  pre_tasks:
    # A play host missing from ansible_play_hosts failed (or was unreachable)
    # earlier in this run, or is a host of this batch that a rerun found
    # upgraded and that left the play already (end_host): its markers say so.
{% raw %}
    - name: Stop the wave if a host of an earlier batch failed
      ansible.builtin.assert:
        that:
          - upgrade_failed_hosts | length == 0
        fail_msg: >-
          {{ upgrade_failed_hosts | join(', ') }} failed in an earlier batch of
          this wave: {{ inventory_hostname }} is not touched (see that failure
          for what to run next).
        quiet: true
      vars:
        upgrade_failed_hosts: >-
          {{ ansible_play_hosts_all | difference(ansible_play_hosts) | map('extract', hostvars)
             | rejectattr('msupgrade_markers.upgrade', 'defined') | map(attribute='inventory_hostname') | list }}
{% endraw %}
  roles:
    - role: {{ role_ns }}inplace_upgrade
      vars:
        inplace_upgrade_require_dssetup: false

- name: Wave {{ wave.number }} ({{ wave.tier }}), stop here if a host outside a cluster failed
  hosts: "{{ wave.group }}{% for ha in wave.ha_groups %}:!{{ ha }}{% endfor %}:&{% raw %}{{ msupgrade_stage_hosts | default('all') }}{% endraw %}"
  gather_facts: false
  any_errors_fatal: true
  tags:
    - upgrade
    - {{ wave.group }}
    - tier_{{ wave.tier }}
  tasks:
    # A host that failed in the play above is missing from ansible_play_hosts.
    - name: Check every host of wave {{ wave.number }} outside a cluster is upgraded
      ansible.builtin.assert:
        that:
          - ansible_play_hosts_all | difference(ansible_play_hosts) | length == 0
        fail_msg: >-
          wave {{ wave.number }}: {% raw %}{{ ansible_play_hosts_all | difference(ansible_play_hosts) | join(', ') }}{% endraw %} failed,
          so no later wave starts (see that failure for what to run next).
        quiet: true
      run_once: true
{% endif %}
{% endfor %}
