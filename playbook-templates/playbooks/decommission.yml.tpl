---
# Decommission the legacy hosts of {{ deployment }} (chapter "Coexistence
# Migration Strategy": "When all users are migrated to the new environment,
# you can decommission your legacy deployment"). Human-gated:
#   ansible-playbook playbooks/decommission.yml -e msupgrade_decommission_confirm=yes
# A legacy store is stopped only when every user listed by mboxutil -l there
# is in a finished migration batch on its new host.
{% if has_coexistence %}

- name: Stop the legacy hosts that no user lives on any more
  hosts: coexistence_legacy
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  roles:
    - role: {{ role_ns }}decommission
      tags: [decommission]
{% else %}

- name: Report that {{ deployment }} has no legacy hosts to decommission
  hosts: all
  gather_facts: false
  environment: "{% raw %}{{ msupgrade_env }}{% endraw %}"
  tasks:
    - name: Say there is nothing to decommission
      ansible.builtin.debug:
        msg: "{{ deployment }} has no coexistence pairs: nothing to decommission."
      run_once: true
{% endif %}
