#!/usr/bin/env python3
"""Turns bench/run.sh's raw timings into the Markdown table, the target checks and RESULTS.md.

Input (--raw): tab-separated lines  size, command, run, wall s, user s, sys s, peak RSS KiB.
Per (size, command): median wall time, min-max wall, median CPU (user+sys) and system time, max
peak RSS.
"""
import argparse
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys

MIB = 1024  # KiB per MiB
TARGET_RATIO = 3.0        # 2,000 hosts in at most 3x the time of 20 hosts
TARGET_RSS_MIB = 512      # the largest model under 512 MiB peak memory
LINEAR_TOLERANCE = 1.5    # marginal CPU per host 2,000->LARGEST within 1.5x of 200->2,000
# The largest bench model: models are capped at 1 MiB (docs/model.md, "Values"), and with five-part
# versions (MS022) and Clusterware agents (MS019) the bench's compact style fits 9,000 hosts in it.
LARGEST = 9000


def load(path):
    rows = {}
    order = []
    with open(path) as f:
        for line in f:
            size, cmd, _run, wall, user, sys_, rss = line.rstrip("\n").split("\t")
            key = (size, cmd)
            if key not in rows:
                rows[key] = []
                order.append(key)
            rows[key].append((float(wall), float(user) + float(sys_), int(rss), float(sys_)))
    stats = {}
    for key in order:
        runs = rows[key]
        walls = [r[0] for r in runs]
        stats[key] = {
            "wall": statistics.median(walls),
            "min": min(walls),
            "max": max(walls),
            "cpu": statistics.median([r[1] for r in runs]),
            "sys": statistics.median([r[3] for r in runs]),
            "rss": max(r[2] for r in runs) / MIB,
            "n": len(runs),
        }
    return order, stats


def table(order, stats):
    out = ["| hosts | command | wall median (s) | wall min-max (s) | CPU median (s) | of it system (s) "
           "| peak RSS (MiB) |",
           "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
    for size, cmd in order:
        s = stats[(size, cmd)]
        out.append(f"| {size} | `{cmd}` | {s['wall']:.2f} | {s['min']:.2f}-{s['max']:.2f} | {s['cpu']:.2f} "
                   f"| {s['sys']:.2f} | {s['rss']:.0f} |")
    return "\n".join(out)


def checks(stats):
    """The issue's targets, each as (holds: bool|None, text)."""
    out = []
    cmds = ["validate", "plan --format json", "generate"]

    def get(size, cmd):
        return stats.get((str(size), cmd))

    # 1. 2,000 hosts in at most 3x the time of 20 hosts.
    parts, ok = [], True
    for c in cmds:
        a, b = get(20, c), get(2000, c)
        if a and b:
            r = b["wall"] / a["wall"]
            ok = ok and r <= TARGET_RATIO
            parts.append(f"`{c}` {r:.2f}x ({a['wall']:.2f} s -> {b['wall']:.2f} s; CPU {b['cpu'] / a['cpu']:.2f}x)")
    out.append((ok if parts else None,
                "2,000 hosts in at most 3x the time of 20 hosts: " + ("; ".join(parts) if parts else "n/a")))

    # 2. The largest model under 512 MiB peak memory.
    parts, ok = [], True
    for c in cmds:
        s = get(LARGEST, c)
        if s:
            ok = ok and s["rss"] < TARGET_RSS_MIB
            parts.append(f"`{c}` {s['rss']:.0f} MiB")
    out.append((ok if parts else None,
                f"{LARGEST:,} hosts (the largest model the 1 MiB cap admits) under 512 MiB peak RSS: " + ("; ".join(parts) if parts else "n/a")))

    # 3. Linear growth: the marginal cost per 1,000 hosts does not rise with the model's size.
    # On CPU time: on a shared machine one slow wall-clock median would decide it otherwise.
    parts, ok = [], True
    for c in cmds:
        a, b, d = get(200, c), get(2000, c), get(LARGEST, c)
        if a and b and d:
            m1 = (b["cpu"] - a["cpu"]) / 1.8
            m2 = (d["cpu"] - b["cpu"]) / ((LARGEST - 2000) / 1000)
            ok = ok and m2 <= LINEAR_TOLERANCE * max(m1, 0.01)
            parts.append(f"`{c}` {m1:.2f} s then {m2:.2f} s per 1,000 hosts")
    out.append((ok if parts else None,
                f"cost linear in hosts (marginal CPU time per 1,000 hosts, 200->2,000 then 2,000->{LARGEST:,}, "
                f"within {LINEAR_TOLERANCE}x): " + ("; ".join(parts) if parts else "n/a")))

    s = get("-", "--version")
    if s:
        out.append((None, f"start-up (`--version`, JVM and command line only): {s['wall']:.2f} s wall, "
                          f"{s['cpu']:.2f} s CPU, {s['rss']:.0f} MiB"))
    return out


def checks_text(stats):
    lines = []
    for holds, text in checks(stats):
        mark = "info" if holds is None else ("holds" if holds else "MISSED")
        lines.append(f"- **{mark}**: {text}")
    return "\n".join(lines)


def sh(*cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, check=False)
        return (r.stdout + r.stderr).strip()
    except OSError:
        return "?"


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"^model name\s*:\s*(.+)$", f.read(), re.M)
            cpu = m.group(1) if m else cpu
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            m = re.search(r"^MemTotal:\s*(\d+) kB", f.read(), re.M)
            mem = f"{int(m.group(1)) / 1024 / 1024:.1f} GiB" if m else mem
    except OSError:
        pass
    java = sh("java", "-version").splitlines()
    return [f"- CPU: {cpu}, {os.cpu_count()} logical CPUs (nproc)",
            f"- memory: {mem}",
            f"- OS: {platform.system()} {platform.release()} ({platform.machine()})",
            "- java: " + " / ".join(java)]


RESULTS = """# msupgrade benchmark results

Written by `bench/run.sh --write` (see bench/README.md for what is measured and how to read it).
Do not edit by hand; rerun instead.

## Generation

- date: {date}
- runs per measurement: {runs} (median shown; one untimed warm-up run before the first)
- load average (1/5/15 min) before: {load_before}; after: {load_after}
- command line timed: `{java_cmd} <command> MODEL`
  (COPY/: the bench's private copy of generator/target/msupgrade.jar and its AppCDS archive)

### Machine

{machine}

### Figures

{table}

### Targets

{checks}

## Maintenance window

Part 2 of the issue (how long the maintenance window of the generated playbooks is): not measured
yet. This section will hold the figures when that benchmark exists.
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", required=True)
    ap.add_argument("--runs", required=True)
    ap.add_argument("--load-before", default="?")
    ap.add_argument("--load-after", default="?")
    ap.add_argument("--java-cmd", default="java")
    ap.add_argument("--results")
    a = ap.parse_args()
    order, stats = load(a.raw)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    java_cmd = a.java_cmd.replace(root + "/", "")
    if not a.results:
        print()
        print(table(order, stats))
        print()
        print(checks_text(stats))
        print(f"\nload average before {a.load_before}, after {a.load_after}; {a.runs} runs each; "
              f"{java_cmd} <command> MODEL")
        return
    text = RESULTS.format(date=datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
                          runs=a.runs, load_before=a.load_before, load_after=a.load_after,
                          java_cmd=java_cmd, machine="\n".join(machine()), table=table(order, stats),
                          checks=checks_text(stats))
    with open(a.results, "w") as f:
        f.write(text)


if __name__ == "__main__":
    sys.exit(main())
