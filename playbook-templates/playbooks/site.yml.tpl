---
# {{ deployment }}: the whole upgrade to Messaging Server 8.1.0, stage by
# stage in the plan's run order (PLAN.md, "Run order"): preflight (read-only),
# confirmation, backup, directory (comm_dssetup.pl), then each wave in the
# model's sequence - its in-place hosts, then its coexistence pairs - and
# Unified Configuration last. Each stage is also a playbook of its own; a
# wave's stage limits it to the wave's hosts (msupgrade_stage_hosts), so wave
# N+1 starts only once wave N is done. Rerun at will: each stage resumes from
# its markers. Decommission runs on its own (decommission.yml), once the
# legacy hosts serve nobody.
{% for stage in stages %}

- name: "{{ stage.title }}"
  ansible.builtin.import_playbook: {{ stage.playbook }}.yml
{% if stage.hosts %}
  vars:
    msupgrade_stage_hosts: {{ stage.hosts }}
{% endif %}
{% endfor %}
