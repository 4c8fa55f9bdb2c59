---
# {{ deployment }}: read-only checks before anything changes (ceph-ansible's
# rolling_update.yml checks first too). Safe to run at any time, also with
# --check; it reports changed=0.
- name: Preflight of the Directory Server host
  hosts: directory
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tags:
    - preflight
    - dssetup
  tasks:
    - name: Check comm_dssetup.pl can run
      ansible.builtin.include_role:
        name: {{ role_ns }}dssetup
        tasks_from: check

# One play for every host the upgrade touches: the checks only read, so they
# run on all hosts at once (forks) and one run reports every host's problems.
# Check a part of the estate with --limit (tier_<tier>, wave_<n> or a host).
- name: Preflight of the hosts to upgrade (tiers {{ tiers | join(", ") }})
  hosts: "inplace:coexistence_legacy"
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tags:
    - preflight
  roles:
    - role: {{ role_ns }}preflight
