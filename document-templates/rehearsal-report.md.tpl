{#
  A rehearsal scenario's report.md (report-<scenario>.md when several ran). The view is
  run/rehearsal/RehearsalReport.view: figures formatted and table cells escaped there.
#}
# Rehearsal of {{ deployment }}: {{ scenario }} — {{ verdict }}

## Invariants

| invariant | held | detail |
|---|---|---|
{% for i in invariants %}
| {{ i.name }} | {{ i.held }} | {{ i.detail }} |
{% endfor %}

## Playbook runs

| run | playbook | exit | changes | failed hosts | real s | log |
|---|---|---|---|---|---:|---|
{% for r in runs %}
| {{ r.label }} | {{ r.playbook }} | {{ r.exit }} | {{ r.changes }} | {{ r.failed_hosts }} | {{ r.seconds }} | {{ r.log }} |
{% endfor %}
{% if runs %}

Playbook runs in all: {{ real_seconds }} s real.
{% endif %}
{% if window %}

## Maintenance window (the upgrade playbook)

{% if window.scaled %}
Time scale {{ window.time_scale }} real s per modelled s. *real*: measured on this machine; *projected*: the real run with each command's sleep stretched back to its modelled duration (Ansible's overhead stays in real seconds); *modelled*: command durations alone.

{% else %}
{# docs/rehearsal.md, "The maintenance window": at time scale 0 nothing is projected, no ratio means anything #}
At time scale 0 (the default) the simulated commands take no time, so there is no projected downtime and no ratio to the plan's lower bound. For them, rehearse again with a time scale and the modelled durations: `msupgrade rehearse MODEL -o DIR --scenario upgrade --time-scale 0.02` (docs/rehearsal.md, "The maintenance window").

{% endif %}
{% if window.note %}
Note: {{ window.note }}.

{% endif %}
| figure | seconds |
|---|---:|
| upgrade run, real | {{ window.real }} |
| of which no command was working (Ansible's overhead), real | {{ window.overhead }} |
{% if window.scaled %}
| upgrade run, projected | {{ window.projected }} |
{% endif %}
| the plan's lower bound (critical path through the waves, modelled) | {{ window.lower_bound }} |
{% if window.scaled %}
| projected / lower bound | {{ window.run_ratio }} |
| simulator's lockstep clock (modelled, no overhead) | {{ window.lockstep }} |
| naive baseline: one host at a time, preflight + backup + upgrade inside the window | {{ window.naive }} |
| projected / naive | {{ window.naive_ratio }} |

### Service downtime per host

| host | real | projected | modelled | overhead (real) | removal + install + start | ratio | chapter floor ratio | naive | commands in the window |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---|
{% for h in window.hosts %}
| {{ h.host }} | {{ h.real }} | {{ h.projected }} | {{ h.modelled }} | {{ h.overhead }} | {{ h.reference }} | {{ h.ratio }} | {{ h.floor_ratio }} | {{ h.naive }} | {{ h.commands }} |
{% endfor %}

### Lower bound per wave (modelled)

| wave | tier | serial | seconds | units in order |
|---|---|---|---:|---|
{% for b in window.waves %}
| {{ b.number }} | {{ b.tier }} | {{ b.serial }} | {{ b.seconds }} | {{ b.units }} |
{% endfor %}
{% else %}

### Service downtime per host

| host | real | overhead (real) | commands in the window |
|---|---:|---:|---|
{% for h in window.hosts %}
| {{ h.host }} | {{ h.real }} | {{ h.overhead }} | {{ h.commands }} |
{% endfor %}
{% endif %}
{% endif %}
{% if downtime %}

## Service downtime (simulator's lockstep clock, modelled seconds)

| host | longest service outage |
|---|---|
{% for d in downtime.hosts %}
| {{ d.host }} | {{ d.longest }} |
{% endfor %}

Whole run (modelled): {{ downtime.makespan }} s
{% endif %}

## Steps per host, in order
{% for h in host_steps %}

### {{ h.host }}

{% for c in h.commands %}
{{ loop.index }}. `{{ c }}`
{% endfor %}
{% endfor %}
