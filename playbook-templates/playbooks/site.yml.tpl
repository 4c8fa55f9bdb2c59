---
# {{ deployment }}: the whole upgrade to Messaging Server 8.1.0 in order:
# preflight (read-only), confirmation, backup, directory (comm_dssetup.pl),
# in-place waves, coexistence migration, Unified Configuration. Each stage is
# also a playbook of its own; each resumes from its markers when rerun.
- name: Preflight
  ansible.builtin.import_playbook: preflight.yml

- name: Confirmation
  ansible.builtin.import_playbook: confirm.yml

- name: Backup
  ansible.builtin.import_playbook: backup.yml

- name: Directory Server
  ansible.builtin.import_playbook: dssetup.yml

- name: In-place upgrade
  ansible.builtin.import_playbook: upgrade.yml

- name: Coexistence migration
  ansible.builtin.import_playbook: migrate.yml

- name: Unified Configuration
  ansible.builtin.import_playbook: unified-config.yml
