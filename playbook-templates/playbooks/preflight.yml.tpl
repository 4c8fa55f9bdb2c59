---
# {{ deployment }}: read-only checks before anything changes (ceph-ansible's
# rolling_update.yml checks first too). Safe to run at any time, also with
# --check; it reports changed=0.
#
# One play for the Directory Server host and every host the upgrade touches:
# the checks only read, so they run on all hosts at once (forks), and one run
# reports every host it can reach and every problem. (In a play of its own, an
# unreachable Directory Server host would leave that play without hosts and
# ansible-playbook would stop there, before any Messaging Server host was
# checked.) Check a part of the estate with --limit (tier_<tier>, wave_<n> or
# a host).
- name: Preflight of the Directory Server host and the hosts to upgrade (tiers {{ tiers | join(", ") }})
  hosts: "directory:inplace:coexistence_legacy"
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tags:
    - preflight
  # include_role, not import_role: a host gets one skipped task for the role
  # it does not run, not a skipped task for each of the role's tasks.
  tasks:
    - name: Check comm_dssetup.pl can run
      ansible.builtin.include_role:
        name: {{ role_ns }}dssetup
        tasks_from: check
        apply:
          tags:
            - dssetup
      when: inventory_hostname in groups['directory']
      tags:
        - dssetup

    - name: Check the host to upgrade
      ansible.builtin.include_role:
        name: {{ role_ns }}preflight
      when: >-
        inventory_hostname in groups['inplace']
        or inventory_hostname in groups['coexistence_legacy']
