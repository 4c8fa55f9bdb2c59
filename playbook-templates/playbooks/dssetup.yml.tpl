---
# {{ deployment }}: comm_dssetup.pl from the 8.1.0 media against the Directory
# Server, once, before any Messaging Server host changes (chapter "Upgrading
# Messaging Server Overview", step 2).
- name: Confirm the directory update
  ansible.builtin.import_playbook: confirm.yml

- name: Update the Directory Server schema and indexes
  hosts: directory
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tags:
    - dssetup
  roles:
    - role: {{ role_ns }}dssetup
