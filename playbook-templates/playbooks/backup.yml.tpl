---
# {{ deployment }}: full imsbackup of every in-place classic store before its
# host changes (chapter "Before you Upgrade to Messaging Server 8.1.0"),
# recorded for the back-out playbooks. A recorded backup is not taken again.
- name: Confirm the backup
  ansible.builtin.import_playbook: confirm.yml
{% for tier in tiers %}

- name: Back up the stores of the {{ tier }} tier
  hosts: "inplace:&tier_{{ tier }}"
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tags:
    - backup
    - tier_{{ tier }}
  roles:
    - role: backup
{% endfor %}
