{#
  The plan for a terminal, `plan --format text`. The view is render/plan/PlanView.text: phrases
  and table rows of padded cells (header first; a row ends with its last visible character).
#}
Upgrade plan for {{ deployment }}
  target:     {{ target }}
  tier order: {{ tiers }}

Step 0  directory
  {{ directory_step }}
{% for w in waves %}

Wave {{ w.number }}  {{ w.tier }}  (group {{ w.group }}, serial {{ w.serial }})
{% if w.hosts %}
  in place:
{% for row in w.hosts %}
    {{ row|join("  ") }}
{% endfor %}
{% endif %}
{% for g in w.ha_groups %}
  ha group {{ g.group }}: {{ g.cluster }} resource {{ g.resource }}, nodes {{ g.nodes }} upgraded together
{% endfor %}
{% if w.new_hosts %}
  new hosts built first: {{ w.new_hosts }}
{% endif %}
{% if w.pairs %}
  coexistence:
{% for p in w.pairs %}
    {{ p }}
{% endfor %}
{% endif %}
{% endfor %}
{% if final_steps %}

After the last wave
{% for s in final_steps %}
  {{ s }}
{% endfor %}
{% endif %}
{% if migration %}

Mailbox migration
  {{ migration }}
{% endif %}

Hosts
{% for row in hosts %}
  {{ row|join("  ") }}
{% endfor %}

Procedures
{% for p in procedures %}
  {{ p.id }}: {{ p.title }}
{% for s in p.steps %}
    {{ loop.index }}. {{ s }}
{% endfor %}
{% endfor %}

Back-out
{% for b in backouts %}
  {{ b.id }}: {{ b.title }}
{% for s in b.steps %}
    {{ loop.index }}. {{ s }}
{% endfor %}
{% endfor %}
{% if notes %}

Notes
{% for n in notes %}
  - {{ n }}
{% endfor %}
{% endif %}
