---
# Back out the in-place upgrade of {{ deployment }} (chapter "Downgrading from
# Messaging Server 8.1.0"): "an avenue of last resort". Human-gated:
#   ansible-playbook playbooks/rollback.yml -e msupgrade_backout_confirm=yes
# Waves run in the reverse order of the upgrade; a failure stops the run.
# Coexistence hosts need nothing: their legacy system still runs.

- name: Check every in-place host can be backed out before any host changes
  hosts: inplace
  gather_facts: false
  any_errors_fatal: true
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tags: [backout]
  tasks:
    - name: Check the back-out
      ansible.builtin.include_role:
        name: {{ role_ns }}backout
        tasks_from: check.yml

- name: Say the coexistence hosts need no back-out
  hosts: coexistence_legacy:coexistence_new
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tags: [backout]
  tasks:
    - name: Say there is nothing to back out
      ansible.builtin.debug:
        msg: >-
          Nothing to back out on {% raw %}{{ inventory_hostname }}{% endraw %}. "If you upgrade using a
          coexistence migration strategy, you do not need to downgrade or back out [...] because
          you always have the system with the previous version of Messaging Server still running."
{% for wave in waves | reverse %}

- name: Back out wave {{ wave.number }} ({{ wave.tier }})
  hosts: "{{ wave.group }}{% for g in wave.ha_groups %}:!{{ g }}{% endfor %}"
  serial: "{{ wave.serial }}"
  gather_facts: false
  any_errors_fatal: true
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  roles:
    - role: {{ role_ns }}backout
      tags: [backout]
{% for g in wave.ha_groups %}

- name: Back out HA group {{ g }} of wave {{ wave.number }}, one node at a time
  hosts: "{{ g }}:&{{ wave.group }}"
  serial: 1
  gather_facts: false
  any_errors_fatal: true
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  roles:
    - role: {{ role_ns }}backout
      tags: [backout]
{% endfor %}
{% endfor %}
