---
# Coexistence upgrade of {{ deployment }}: chapter "Specific Steps for
# Upgrading Messaging Server Using the Coexistence Model". Installs 8.1.0 on
# the new hosts, clones the legacy configuration, then moves the mailboxes a
# few at a time (pilot users first). The legacy hosts keep running and are
# only read; decommission.yml stops them once they are empty.
# Rerun at will: finished batches are skipped (markers on the new hosts).
{% if has_coexistence %}
#
# Pairs (legacy -> new, store kind):
{% for p in pairs %}
#   {{ p.legacy }} -> {{ p.new }} ({{ p.kind }})
{% endfor %}

- name: Install Messaging Server 8.1.0 on the new hosts and clone the configuration
  hosts: coexistence_new
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  roles:
    - role: {{ role_ns }}coexistence_install
      tags: [coexistence_install, coexistence_clone]

- name: Move the mailboxes to the new hosts, pilot users first
  hosts: coexistence_new
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  roles:
    - role: {{ role_ns }}migrate_mailboxes
      tags: [migrate]
{% else %}

- name: Report that {{ deployment }} has no coexistence pairs
  hosts: all
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tasks:
    - name: Say there is nothing to migrate
      ansible.builtin.debug:
        msg: "{{ deployment }} upgrades every host in place: no mailboxes to move."
      run_once: true
{% endif %}
