{#
  PLAN.md, what `generate` writes beside the trees and `plan --format markdown` prints.
  The view is render/plan/PlanView.markdown: phrases, table rows of padded cells (header, rule,
  rows), the Mermaid diagram from MermaidDiagram with its labels escaped.
#}
# Upgrade plan: {{ deployment }}

- **Target:** {{ target }}
- **Tier order:** {{ tiers }}
- **Hosts:** {{ existing_hosts }} existing, {{ new_hosts }} new; {{ waves|length }} {{ "wave" if waves|length == 1 else "waves" }} after the directory step

## Order

```mermaid
flowchart TD
    dir["Step 0: directory<br/>comm_dssetup.pl against {{ diagram.directory }}"]
{% for w in diagram.waves %}
    subgraph {{ w.group }}["Wave {{ w.number }}: {{ w.tier }}, serial {{ w.serial }}"]
{% for g in w.ha_groups %}
        subgraph {{ g.group }}["HA {{ g.cluster }}: {{ g.resource }}"]
{% for n in g.nodes %}
            {{ n.id }}["{{ n.label }}"]
{% endfor %}
        end
{% endfor %}
{% for n in w.nodes %}
        {{ n.id }}["{{ n.label }}"]
{% endfor %}
    end
{% endfor %}
{% if diagram.done %}
    done["{{ diagram.done }}"]
{% endif %}
{% for e in diagram.edges %}
    {{ e.from }} --> {{ e.to }}
{% endfor %}
```

## Run order

What `site.yml` runs, in this order (decommission apart). Each step is a playbook of its own; the steps of a wave are limited to the wave's hosts.

{% for st in run_order %}
{{ loop.index }}. **{{ st.title }}**{{ st.hosts }}: `{{ st.command }}`{{ "" if st.in_site else " (on its own, not in site.yml)" }}
{% for c in st.caveats %}
   - {{ c }}
{% endfor %}
{% endfor %}

## Steps

### Step 0: directory

{{ directory_step }}.
{% for w in waves %}

### Wave {{ w.number }}: {{ w.tier }}

Inventory group `{{ w.group }}`, serial `{{ w.serial }}`.
{% if w.hosts %}

{% for row in w.hosts %}
| {{ row|join(" | ") }} |
{% endfor %}
{% endif %}
{% if w.ha_groups %}

{% for g in w.ha_groups %}
{% if g.clusterware %}
- HA group `{{ g.group }}` ({{ g.cluster }} resource `{{ g.resource }}`): {{ g.nodes }} upgraded together, the resource stopped once and started once; the Messaging Server Clusterware agent (ha.agent, media.clusterware_agent) upgraded on every node after the software, before the start
{% else %}
- HA group `{{ g.group }}` ({{ g.cluster }} resource `{{ g.resource }}`): {{ g.nodes }} upgraded together, the resource stopped once and started once
{% endif %}
{% endfor %}
{% endif %}
{% if w.new_hosts %}

New hosts built first: {{ w.new_hosts }}.
{% endif %}
{% if w.pairs %}

{% for row in w.pairs %}
| {{ row|join(" | ") }} |
{% endfor %}
{% endif %}
{% endfor %}
{% if final_steps %}

### After the last wave

{% for s in final_steps %}
- {{ s }}
{% endfor %}
{% endif %}
{% if migration %}

## Mailbox migration

{{ migration }}.
{% endif %}

## Hosts

{% for row in hosts %}
| {{ row|join(" | ") }} |
{% endfor %}

## Procedures
{% for p in procedures %}

### `{{ p.id }}`: {{ p.title }}

{% for s in p.steps %}
{{ loop.index }}. {{ s }}
{% endfor %}
{% endfor %}

## Back-out
{% for b in backouts %}

### `{{ b.id }}`: {{ b.title }}

{% for s in b.steps %}
{{ loop.index }}. {{ s }}
{% endfor %}
{% endfor %}
{% if notes %}

## Notes

{% for n in notes %}
- {{ n }}
{% endfor %}
{% endif %}
