{#
  report.md over the scenarios of one rehearsal, each with its own report-<scenario>.md. The view
  is run/rehearsal/RehearsalReport.summaryView.
#}
# Rehearsal of {{ deployment }}: {{ scenarios|map(attribute="id")|join(", ") }} — {{ verdict }}

| scenario | verdict | invariants held | playbook runs | real s | report |
|---|---|---|---:|---:|---|
{% for s in scenarios %}
| {{ s.id }} | {{ s.verdict }} | {{ s.held }} of {{ s.invariants }} | {{ s.runs }} | {{ s.real_seconds }} | [{{ s.report }}]({{ s.report }}) |
{% endfor %}
{% if shared_runs %}

The rollback scenario's first runs (preflight, backup, dssetup, upgrade) are the upgrade scenario's: they ran once, and the back-out went on from a copy of the simulated estate taken after them.
{% endif %}

Each scenario's journal: `journal-<scenario>.jsonl`.
