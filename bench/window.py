#!/usr/bin/env python3
"""The maintenance-window table of the benchmark, from a rehearsal's report.json.

  window.py REPORT.json [--results RESULTS.md] [--meta KEY=VALUE ...]

Reads the "window" object `msupgrade rehearse --time-scale X` writes (see docs/rehearsal.md, "The
maintenance window"), prints the table and the verdicts, and with --results rewrites only the
"## Maintenance window" section of RESULTS.md (bench/sections.py).
"""
import argparse
import json
import os
import statistics
import sys

import sections

HEADER = "## Maintenance window"
DOWNTIME_TARGET = 1.05  # per host: projected downtime over its own chapter floor
RUN_TARGET = 1.25


def fmt(x, nd=1):
    return "-" if x is None else f"{x:.{nd}f}"


def verdict(ok):
    return "**holds**" if ok else "**does not hold**"


def build(report, meta):
    w = report["window"]
    hosts = w["hosts"]
    ratios = [h["ratio"] for h in hosts if h.get("ratio") is not None]
    for h in hosts:
        h["floorOver"] = (h["projectedSeconds"] / h["chapterFloor"]
                          if h.get("projectedSeconds") is not None and h.get("chapterFloor") else None)
    over = [h for h in hosts if h["floorOver"] is not None and h["floorOver"] > DOWNTIME_TARGET]
    lines = []
    lines.append(f"- date: {meta.get('date', '?')}")
    lines.append(f"- model: `bench/genmodel.py {meta.get('hosts', '?')}` ({len(hosts)} in-place hosts with "
                 f"services, deployment {report['deployment']}); scenario upgrade, "
                 f"{'PASSED' if report['passed'] else 'FAILED'}")
    lines.append(f"- time scale: {w['timeScale']} real s per modelled s; durations: {meta.get('durations', 'defaults')}")
    lines.append(f"- playbook runs of the rehearsal (every stage, then the idempotence rerun): {fmt(report.get('real_seconds'))} s real; "
                 f"load average before: {meta.get('load_before', '?')}; after: {meta.get('load_after', '?')}")
    lines.append(f"- machine: {meta.get('machine', '?')}")
    lines.append("")
    lines.append("Seconds. *projected*: the real run with every simulated command's sleep stretched back to its "
                 "modelled duration; Ansible's own overhead stays as measured (real seconds). *modelled*: the "
                 "commands' durations alone. See bench/README.md, \"Maintenance window\".")
    lines.append("")
    lines.append("| figure | measured (projected) | reference | ratio | target | verdict |")
    lines.append("|---|---:|---:|---:|---|---|")
    worst = max(hosts, key=lambda h: h["floorOver"] or 0) if hosts else None
    if worst is not None and ratios:
        lines.append(f"| per-host downtime vs its own chapter floor (worst host {worst['host']}) | "
                     f"{fmt(worst['projectedSeconds'])} | {fmt(worst['chapterFloor'])} | {fmt(worst['floorOver'], 2)} | "
                     f"<= {DOWNTIME_TARGET}x | {verdict(not over)} |")
        lines.append(f"| per-host downtime vs its chapter floor, median over {len(ratios)} hosts | | | "
                     f"{fmt(statistics.median([h['floorOver'] for h in hosts if h['floorOver'] is not None]), 2)} | | |")
        worst_ref = max(hosts, key=lambda h: h["ratio"] or 0)
        lines.append(f"| per-host downtime vs package removal + install + start (worst host {worst_ref['host']}) | "
                     f"{fmt(worst_ref['projectedSeconds'])} | {fmt(worst_ref['reference'])} | {fmt(worst_ref['ratio'], 2)} | "
                     f"(info) | |")
    lines.append(f"| whole upgrade run vs the plan's lower bound | {fmt(w['projectedSeconds'])} | {fmt(w['lowerBound'])} | "
                 f"{fmt(w['runRatio'], 2)} | <= {RUN_TARGET}x | "
                 f"{verdict(w['runRatio'] is not None and w['runRatio'] <= RUN_TARGET)} |")
    lines.append(f"| whole upgrade run vs naive baseline (one host at a time, preflight + backup + upgrade inside "
                 f"the window) | {fmt(w['projectedSeconds'])} | {fmt(w['naiveRunSeconds'])} | {fmt(w['naiveRunRatio'], 2)} "
                 f"| (info) | |")
    lines.append(f"| median per-host downtime vs naive baseline's | | | {fmt(w['naiveDowntimeRatio'], 2)} | (info) | |")
    lines.append(f"| upgrade run, real seconds on this machine (of which no command working: Ansible overhead) | "
                 f"{fmt(w['realSeconds'])} ({fmt(w['overheadSeconds'])}) | | | (info) | |")
    lines.append("")
    lines.append("Per host (downtime: services stopped -> started again, projected; modelled clock: the "
                 "simulator's own model (in a play of the linear strategy every task waits for the slowest host), no overhead; floor: what the "
                 "chapter itself puts in the window, stop and `stored -r` and the ZFS snapshot included, over "
                 "removal + install + start; over floor: the downtime over the host's own chapter floor, the target; "
                 "waits for: other hosts whose commands ran inside this host's window in a play of the linear strategy, "
                 "which makes it wait for them):")
    lines.append("")
    lines.append("| host | downtime projected | modelled clock | time no command worked (real) | "
                 "removal + install + start | ratio | chapter floor | over floor | naive baseline | tasks in the window | waits for |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for h in hosts:
        waits = [c[len("(waits for "):-1] for c in h["commandsInWindow"] if c.startswith("(waits for ")]
        lines.append(f"| {h['host']}{' (HA: ' + '+'.join(h['group']) + ')' if len(h['group']) > 1 else ''} | "
                     f"{fmt(h['projectedSeconds'])} | {fmt(h['modelledSeconds'])} | {fmt(h['overheadSeconds'])} | "
                     f"{fmt(h['reference'])} | {fmt(h['ratio'], 2)} | {fmt(h['floorRatio'], 2)} | {fmt(h['floorOver'], 2)} | "
                     f"{fmt(h['naiveSeconds'])} | {len(h['tasksInWindow'])} | {', '.join(waits)} |")
    lines.append("")
    lines.append("Lower bound per wave (modelled; HA groups one after another, then the other hosts in batches "
                 "of `serial`):")
    lines.append("")
    lines.append("| wave | tier | serial | seconds |")
    lines.append("|---|---|---|---:|")
    for b in w["waves"]:
        lines.append(f"| {b['number']} | {b['tier']} | {b['serial']} | {fmt(b['seconds'])} |")
    lines.append("")
    lines.append("### Verdicts")
    lines.append("")
    if ratios:
        if over:
            waiting = [h for h in over if any(c.startswith("(waits for ") for c in h["commandsInWindow"])]
            why = []
            if waiting:
                why.append(f"{len(waiting)} of them ({', '.join(h['host'] for h in waiting[:6])}"
                           f"{', ...' if len(waiting) > 6 else ''}) waited inside their window for another host "
                           f"(a play of the linear strategy runs each task on every host of the batch)")
            rest = [h for h in over if h not in waiting]
            if rest:
                worst_rest = max(rest, key=lambda h: h["floorOver"])
                why.append(f"on {len(rest)} hosts the rest is Ansible's per-task overhead inside the window "
                           f"(worst {worst_rest['host']}: {fmt(worst_rest['overheadSeconds'])} s real over "
                           f"{len(worst_rest['tasksInWindow'])} tasks: "
                           f"{', '.join(worst_rest['tasksInWindow'][:12])})")
            lines.append(f"- per-host downtime at most {DOWNTIME_TARGET}x its own chapter floor: "
                         f"{verdict(False)} on {len(over)} of {len(ratios)} hosts (worst {worst['host']}, "
                         f"{fmt(worst['floorOver'], 2)}x): " + "; ".join(why) + ".")
        else:
            lines.append(f"- per-host downtime at most {DOWNTIME_TARGET}x its own chapter floor: {verdict(True)} "
                         f"(worst {worst['host']}, {fmt(worst['floorOver'], 2)}x).")
    if w["runRatio"] is not None:
        lines.append(f"- whole run at most {RUN_TARGET}x the lower bound: "
                     f"{verdict(w['runRatio'] <= RUN_TARGET)} ({fmt(w['runRatio'], 2)}x).")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("report", nargs="?")
    ap.add_argument("--results")
    ap.add_argument("--meta", action="append", default=[])
    a = ap.parse_args()
    if not a.report:
        ap.error("REPORT.json needed")
    report = json.load(open(a.report))
    if "window" not in report:
        print("bench: the rehearsal report has no maintenance window (did the upgrade run?)", file=sys.stderr)
        return 1
    meta = dict(m.split("=", 1) for m in a.meta)
    body = build(report, meta)
    print()
    print(body)
    if a.results:
        sections.write_section(a.results, HEADER, "window", "Maintenance window", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
