---
# {{ deployment }}: optional move to Unified Configuration with configtoxml
# after the upgrade (chapter "Upgrading Messaging Server Overview", step 8),
# when the model sets target.unified_config (msupgrade_unified_config);
# otherwise every host is skipped. Hosts follow their wave's serial; the nodes
# of an HA resource are converted together (one node converts the shared
# configuration).
- name: Confirm the configuration change
  ansible.builtin.import_playbook: confirm.yml
{% for wave in waves %}
{% for ha in wave.ha_groups %}

- name: Unified Configuration, wave {{ wave.number }} ({{ wave.tier }}), the nodes of HA group {{ ha }}
  hosts: "{{ wave.group }}:&{{ ha }}"
  serial: "100%"
  any_errors_fatal: true
  max_fail_percentage: 0
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tags:
    - unified_config
    - {{ wave.group }}
    - tier_{{ wave.tier }}
  roles:
    - role: {{ role_ns }}unified_config
{% endfor %}

- name: Unified Configuration, wave {{ wave.number }} ({{ wave.tier }}), hosts outside a cluster
  hosts: "{{ wave.group }}{% for ha in wave.ha_groups %}:!{{ ha }}{% endfor %}"
  serial: "{{ wave.serial }}"
  max_fail_percentage: 0
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tags:
    - unified_config
    - {{ wave.group }}
    - tier_{{ wave.tier }}
  roles:
    - role: {{ role_ns }}unified_config
{% endfor %}

- name: Unified Configuration on the coexistence new hosts
  hosts: coexistence_new
  serial: 1
  max_fail_percentage: 0
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tags:
    - unified_config
    - coexistence_new
  roles:
    # Cassandra hosts run no Messaging Server (nothing to convert there)
    - role: {{ role_ns }}unified_config
      when: msupgrade_components | difference(['cassandra']) | length > 0
