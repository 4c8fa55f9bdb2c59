---
# {{ deployment }}: in-place upgrade to Messaging Server 8.1.0, one play per
# wave in plan order (tiers: {{ tiers | join(", ") }}). Chapter "Upgrading
# Messaging Server Overview": "Like all upgrades, you proceed on a
# host-by-host basis". The nodes of an HA resource are upgraded together in
# their own play (chapter "Messaging Server 8.1.0 Upgrade in an HA
# Environment"); every other host of the wave follows the wave's serial, and a
# failed host stops the wave (max_fail_percentage: 0) with a message saying
# the state it is left in and what to run next. Each host resumes from its
# completion markers on a rerun. site.yml runs one wave at a time
# (msupgrade_stage_hosts: wave_N, between the coexistence steps of the waves);
# run on its own, this playbook upgrades every wave in order.
- name: Confirm the upgrade
  ansible.builtin.import_playbook: confirm.yml
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
{% endfor %}

- name: Wave {{ wave.number }} ({{ wave.tier }}), hosts outside a cluster
  hosts: "{{ wave.group }}{% for ha in wave.ha_groups %}:!{{ ha }}{% endfor %}:&{% raw %}{{ msupgrade_stage_hosts | default('all') }}{% endraw %}"
  serial: "{{ wave.serial }}"
  max_fail_percentage: 0
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tags:
    - upgrade
    - {{ wave.group }}
    - tier_{{ wave.tier }}
  roles:
    - role: {{ role_ns }}inplace_upgrade
{% endfor %}
