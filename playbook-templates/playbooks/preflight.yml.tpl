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
        name: dssetup
        tasks_from: check
{% for tier in tiers %}

- name: Preflight of the {{ tier }} tier
  hosts: "inplace:coexistence_legacy:&tier_{{ tier }}"
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tags:
    - preflight
    - tier_{{ tier }}
  roles:
    - role: preflight
{% endfor %}
