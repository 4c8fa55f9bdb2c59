---
# Back out the in-place upgrade of {{ deployment }} (chapter "Downgrading from
# Messaging Server 8.1.0"): "an avenue of last resort". Human-gated:
#   ansible-playbook playbooks/rollback.yml -e msupgrade_backout_confirm=yes
# Waves run in the reverse order of the upgrade; a failure stops the run.
{% if has_coexistence %}
# Coexistence pairs: the users already moved go back to their legacy stores.
{% endif %}

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
{% if has_coexistence %}

# Coexistence pairs: their legacy hosts never changed, but the users already
# moved are served by the new hosts. They go back first, while every MTA runs
# (imsbackup on the new host, imsrestore on the legacy host: the chapter's
# "moving mailboxes from new message store versions to old ones for back-out
# purposes"), gated by msupgrade_backout_confirm like the rest.
- name: Move the users already moved back to their legacy stores
  hosts: coexistence_new
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tags: [backout]
  tasks:
    - name: Move the users back to the legacy store
      ansible.builtin.include_role:
        name: {{ role_ns }}migrate_mailboxes
        tasks_from: back.yml
{% endif %}
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
