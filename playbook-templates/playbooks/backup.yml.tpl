---
# {{ deployment }}: full imsbackup of every in-place classic store before its
# host changes (chapter "Before you Upgrade to Messaging Server 8.1.0"),
# recorded for the back-out playbooks. A recorded backup is not taken again.
- name: Confirm the backup
  ansible.builtin.import_playbook: confirm.yml

# One play: each host backs up its own store, so the backups of all hosts run
# at once (forks). Back up a part of the estate with --limit.
- name: Back up the stores of the in-place hosts (tiers {{ tiers | join(", ") }})
  hosts: inplace
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tags:
    - backup
  roles:
    - role: {{ role_ns }}backup
