---
# {{ deployment }}: optional move to Unified Configuration with configtoxml
# after the upgrade (chapter "Upgrading Messaging Server Overview", step 8),
# when the model sets target.unified_config (msupgrade_unified_config);
# otherwise every host is skipped. Hosts follow the serial of their tier.
- name: Confirm the configuration change
  ansible.builtin.import_playbook: confirm.yml
{% for wave in waves %}

- name: Unified Configuration, wave {{ wave.number }} ({{ wave.tier }})
  hosts: "{{ wave.group }}"
  serial: "{{ wave.serial }}"
  max_fail_percentage: 0
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tags:
    - unified_config
    - {{ wave.group }}
    - tier_{{ wave.tier }}
  roles:
    - role: unified_config
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
    - role: unified_config
