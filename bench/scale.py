#!/usr/bin/env python3
"""The rehearsal at scale: the upgrade of genmodel.py estates of growing size, rehearsed with the
real ansible-playbook, and what the controller spends on each host and task.

  scale.py --java "JAVA -jar msupgrade.jar ..." --work DIR --sizes "20 100 200"
           [--results RESULTS.md --raw scale-raw.json] [--meta KEY=VALUE ...]

Per size: `msupgrade rehearse MODEL --scenario upgrade` (no time scale: simulated commands take no
time, so the run is Ansible's own cost), timed whole by GNU time (CPU of the whole process tree,
every forked worker included), while a sampler reads /proc every half second for the controller's
memory: the peak RSS of the ansible-playbook parent process, and the peak proportional set size
(PSS: shared pages split between the processes that share them) of all ansible-playbook processes,
workers included. The host and task pairs come from the rehearsal's tasks.jsonl (one line per
task per host, docs/rehearsal.md). The cost is linear when the CPU per pair at the largest size is
within LINEAR_TOLERANCE of the smallest's, and the pairs per host stay the same.

Each size is one rehearsal, and the largest take an hour or more on 2 cores, so a run need not
measure them all: with --raw, the rows of this run replace those of the same sizes in the raw file
(each as soon as it is measured) and the others are kept; the table and the verdicts are then over
every row, each with the date and the machine's load it was measured at.
"""
import argparse
import datetime
import glob
import json
import os
import shlex
import subprocess
import sys
import threading

import sections

HEADER = "## Rehearsal at scale"
LINEAR_TOLERANCE = 1.5


def ansible_processes():
    """{pid: ppid} of every ansible-playbook process (python3 /usr/bin/ansible-playbook ...)."""
    out = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
            if not any(a.endswith(b"ansible-playbook") for a in argv[:2]):
                continue
            with open(f"/proc/{pid}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            out[int(pid)] = ppid
        except (OSError, IndexError, ValueError):
            continue  # ended while being read
    return out


def memory_kib(pid, proc_file, field):
    """One "Field: N kB" line of /proc/PID/PROC_FILE, in KiB; 0 when the process has ended."""
    try:
        with open(f"/proc/{pid}/{proc_file}") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Sampler(threading.Thread):
    """Peak controller RSS and peak PSS of all ansible-playbook processes, every half second."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.parent_rss = 0
        self.all_pss = 0

    def run(self):
        while not self.stop.wait(0.5):
            procs = ansible_processes()
            parents = [p for p, pp in procs.items() if pp not in procs]
            self.parent_rss = max([self.parent_rss] + [memory_kib(p, "status", "VmRSS:") for p in parents])
            self.all_pss = max(self.all_pss, sum(memory_kib(p, "smaps_rollup", "Pss:") for p in procs))


def rehearse(java, model, out, timing):
    sampler = Sampler()
    sampler.start()
    r = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", timing] + java
                       + ["rehearse", model, "-o", out, "--scenario", "upgrade"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler.stop.set()
    sampler.join()
    wall, user, sys_, _ = open(timing).read().split()[-4:]
    return {"exit": r.returncode, "stderr": r.stderr[-2000:], "wall": float(wall), "cpu": float(user) + float(sys_),
            "parent_rss_mib": sampler.parent_rss / 1024, "all_pss_mib": sampler.all_pss / 1024}


def code_version():
    """The commit the measured code is at, "+" when the simulator's or msupgrade's sources differ
    from it (rows measured at different commits are not one series: the table says which)."""
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        head = subprocess.run(["git", "-C", here, "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", here, "status", "--porcelain", "--", "../generator",
                                "../simulator"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return head + ("+" if dirty else "")


def same_code(a, b):
    """Whether two rows measured the same simulator and msupgrade: a ratio across versions is not a
    growth (commits that changed only docs or results are the same code)."""
    if "?" in (a, b) or a.endswith("+") or b.endswith("+"):
        return f"measured at code {a} and {b}: not known to be the same code"
    here = os.path.dirname(os.path.abspath(__file__))
    r = subprocess.run(["git", "-C", here, "diff", "--quiet", a, b, "--", "../generator", "../simulator"],
                       capture_output=True)
    return (f"measured at code {a} and {b}: " + {0: "the same generator and simulator",
            1: "the generator or the simulator changed between them"}.get(r.returncode, "not known to be the same code"))


def measure(java, work, hosts):
    here = os.path.dirname(os.path.abspath(__file__))
    model = os.path.join(work, f"scale-{hosts}.yaml")
    with open(model, "w") as f:
        subprocess.run([sys.executable, os.path.join(here, "genmodel.py"), str(hosts)], stdout=f, check=True)
    out = os.path.join(work, f"scale-{hosts}")
    m = rehearse(java, model, out, os.path.join(work, f"scale-{hosts}.time"))
    report_file = os.path.join(out, "rehearsal", "report.json")
    report = json.load(open(report_file)) if os.path.exists(report_file) else {}
    pairs = 0
    for tasks in glob.glob(os.path.join(out, "rehearsal", "*", "tasks.jsonl")):
        with open(tasks) as f:
            pairs += sum(1 for line in f if line.strip())
    m.update(hosts=hosts, passed=report.get("passed"), playbook_real=report.get("real_seconds") or 0.0, pairs=pairs)
    return m


def table(rows):
    out = ["| hosts | host x task pairs | pairs per host | playbook runs, real (s) | real ms per pair "
           "| CPU, whole tree (s) | CPU ms per pair | controller peak RSS (MiB) | all ansible-playbook processes, peak PSS (MiB) "
           "| rehearsal | measured (UTC) | code | load average before / after |",
           "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |"]
    for r in rows:
        p = max(r["pairs"], 1)
        out.append(f"| {r['hosts']} | {r['pairs']} | {r['pairs'] / r['hosts']:.1f} | {r['playbook_real']:.1f} "
                   f"| {1000 * r['playbook_real'] / p:.0f} | {r['cpu']:.1f} | {1000 * r['cpu'] / p:.0f} "
                   f"| {r['parent_rss_mib']:.0f} | {r['all_pss_mib']:.0f} "
                   f"| {'PASSED' if r['passed'] else 'FAILED (exit %d)' % r['exit']} "
                   f"| {r.get('date', '?')} | {r.get('code', '?')} "
                   f"| {r.get('load_before', '?')} / {r.get('load_after', '?')} |")
    return "\n".join(out)


def merged(rows, raw):
    """The rows of the raw file with this run's in place of those of the same sizes, by size; the
    raw file rewritten with them."""
    kept = []
    if os.path.exists(raw):
        with open(raw) as f:
            kept = json.load(f)["rows"]
    measured = {r["hosts"] for r in rows}
    out = sorted([r for r in kept if r["hosts"] not in measured] + rows, key=lambda r: r["hosts"])
    with open(raw, "w") as f:
        json.dump({"rows": out}, f, indent=1)
        f.write("\n")
    return out


def verdicts(rows):
    if len(rows) < 2:
        return ["- **info**: one size only: nothing to compare."]
    a, b = rows[0], rows[-1]
    per_a, per_b = a["cpu"] / max(a["pairs"], 1), b["cpu"] / max(b["pairs"], 1)
    ratio = per_b / per_a if per_a else float("inf")
    ok = ratio <= LINEAR_TOLERANCE and all(r["passed"] for r in rows)
    # the parent's memory per host added (its own few dozen MiB of code and plugins are there at any size)
    grown = (b["parent_rss_mib"] - a["parent_rss_mib"]) / max(b["hosts"] - a["hosts"], 1)
    return [f"- **{'holds' if ok else 'does not hold'}**: cost linear in hosts: CPU per host x task pair "
            f"{1000 * per_a:.0f} ms at {a['hosts']} hosts, {1000 * per_b:.0f} ms at {b['hosts']} "
            f"({ratio:.2f}x, target at most {LINEAR_TOLERANCE}x), pairs per host {a['pairs'] / a['hosts']:.1f} "
            f"then {b['pairs'] / b['hosts']:.1f}; every rehearsal passed: "
            f"{'yes' if all(r['passed'] for r in rows) else 'no'}; {same_code(a.get('code', '?'), b.get('code', '?'))}",
            f"- **info**: controller memory: the ansible-playbook parent peaked at {a['parent_rss_mib']:.0f} MiB "
            f"({a['hosts']} hosts) and {b['parent_rss_mib']:.0f} MiB ({b['hosts']} hosts): "
            f"{grown:.2f} MiB per host added"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--java", required=True, help="the command line that runs msupgrade, one string")
    ap.add_argument("--work", required=True)
    ap.add_argument("--sizes", default="20 100 200")
    ap.add_argument("--results")
    ap.add_argument("--raw", help="the rows kept between runs (JSON); with --results")
    ap.add_argument("--meta", action="append", default=[])
    a = ap.parse_args()
    java = shlex.split(a.java)
    rows = []
    code = code_version()
    for n in [int(s) for s in a.sizes.split()]:
        print(f"bench: scale: rehearsing the upgrade of {n} hosts", file=sys.stderr)
        load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
        r = measure(java, a.work, n)
        print(f"bench: scale: {n} hosts: {r['pairs']} pairs, {r['playbook_real']:.1f} s of playbook runs, "
              f"exit {r['exit']}", file=sys.stderr)
        if r["exit"] not in (0, 4):
            print(r["stderr"], file=sys.stderr)
        del r["stderr"]
        r.update(date=f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M}", code=code,
                 load_before=load_before, load_after=" ".join(f"{x:.2f}" for x in os.getloadavg()))
        rows.append(r)
        if a.results and a.raw:
            merged([r], a.raw)  # kept at once: an hour-long run stopped at the next size loses only that one
    if a.results and a.raw:
        rows = merged(rows, a.raw)
    meta = dict(m.split("=", 1) for m in a.meta)
    body = "\n".join([
        "- each row one rehearsal, measured when its row says; a run replaces the rows of the sizes it "
        "measures and keeps the others (`bench/scale-raw.json`)",
        f"- model: `bench/genmodel.py N`, scenario upgrade, no time scale (simulated commands take no time: "
        f"every second here is Ansible's, the simulator's and msupgrade's own)",
        f"- machine: {meta.get('machine', '?')}",
        "", table(rows), "", "### Verdicts", ""] + verdicts(rows))
    print()
    print(body)
    if a.results:
        sections.write_section(a.results, HEADER, "scale", "Rehearsal at scale", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
