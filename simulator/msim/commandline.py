"""The command line (`python3 -m msim ...`) and the modelled-time barrier."""

import io
import json
import os
import sys

from .base import DEFAULT_DURATIONS, locked, SimError
from .state import check_timing, host_state_path, Sim, state_json, write_state
from .zfs import zfs_meta
from .execution import execute
from .sandbox import clone, setup
from .checks import check


# ---------------------------------------------------------------------------------------------
# CLI

def cli(argv):
    import argparse
    ap = argparse.ArgumentParser(prog='msim', description='simulated Messaging Server hosts')
    sub = ap.add_subparsers(dest='cmd', required=True)
    p = sub.add_parser('setup')
    p.add_argument('--spec', required=True)
    p.add_argument('--root', required=True)
    p.add_argument('--runtime', help='the folder of what the simulator writes while it runs (outside ROOT; '
                                     'default: one under /tmp/msim-UID)')
    for name in ('deliver', 'touch-flags'):
        p = sub.add_parser(name)
        p.add_argument('--root', required=True)
        p.add_argument('--count', type=int, default=1)
        if name == 'deliver':
            p.add_argument('--user')
    p = sub.add_parser('check')
    p.add_argument('--root', required=True)
    p.add_argument('--expect', choices=['upgrade', 'rollback'], required=True)
    p.add_argument('--target-version')
    p = sub.add_parser('fault')
    p.add_argument('--root', required=True)
    p.add_argument('--host', required=True, help="host name or '*'")
    p.add_argument('--command', required=True)
    p.add_argument('--match')
    p.add_argument('--once', action='store_true')
    p.add_argument('--after', type=int, default=0, help='let N matching calls pass first')
    p.add_argument('--mode', choices=['fail', 'partial'], default='fail')
    p.add_argument('--rc', type=int)
    p = sub.add_parser('clear-faults')
    p.add_argument('--root', required=True)
    p = sub.add_parser('durations')
    p.add_argument('--root')
    p.add_argument('--set', help='JSON file of overrides (written into the root)')
    p.add_argument('--time-scale', type=float)
    p = sub.add_parser('status')
    p.add_argument('--root', required=True)
    p.add_argument('--host')
    p = sub.add_parser('barrier')
    p.add_argument('--root', required=True)
    p = sub.add_parser('clone', help='copy the simulation ROOT, in its current state, to TO')
    p.add_argument('--root', required=True)
    p.add_argument('--to', required=True)
    p = sub.add_parser('exec', help='run a simulated command as HOST (tests, debugging)')
    p.add_argument('--root', required=True)
    p.add_argument('--host', required=True)
    p.add_argument('argv', nargs=argparse.REMAINDER)
    ns = ap.parse_args(argv)

    def dump(x):
        print(json.dumps(x, indent=2, sort_keys=True))
    if ns.cmd == 'setup':
        with open(ns.spec) as f:
            spec = json.load(f)
        os.makedirs(ns.root, exist_ok=True)
        with locked(ns.root):
            dump(setup(spec, ns.root, ns.runtime))
        return 0
    if ns.cmd == 'clone':
        os.makedirs(ns.to, exist_ok=True)
        with locked(ns.root), locked(ns.to):
            dump(clone(ns.root, ns.to))
        return 0
    if ns.cmd in ('deliver', 'touch-flags'):
        with locked(ns.root):
            sim = Sim(ns.root)
            if ns.cmd == 'deliver':
                res = sim.deliver(uid=ns.user, count=ns.count)
            else:
                res = sim.touch_flags(count=ns.count)
            sim.save()
        dump(res)
        return 0
    if ns.cmd == 'check':
        with locked(ns.root):
            rep = check(ns.root, ns.expect, ns.target_version)
        dump(rep)
        return 0 if rep['ok'] else 1
    if ns.cmd == 'fault':
        with locked(ns.root):
            sim = Sim(ns.root)
            n = sim.cfg.get('fault_seq', 0) + 1
            sim.cfg['fault_seq'] = n
            f = {"id": 'F%d' % n, "host": ns.host, "command": ns.command, "match": ns.match,
                 "once": ns.once, "after": ns.after, "mode": ns.mode}
            if ns.rc:
                f['rc'] = ns.rc
            sim.faults.append(f)
            sim.save()
        dump(f)
        return 0
    if ns.cmd == 'clear-faults':
        with locked(ns.root):
            sim = Sim(ns.root)
            sim.faults = []
            sim.save()
        return 0
    if ns.cmd == 'durations':
        table = dict(DEFAULT_DURATIONS)
        scale = 0.0
        if ns.root:
            with locked(ns.root):
                sim = Sim(ns.root)
                if ns.set:
                    with open(ns.set) as f:
                        sim.cfg['durations'] = dict(sim.cfg.get('durations') or {}, **json.load(f))
                if ns.time_scale is not None:
                    sim.cfg['time_scale'] = ns.time_scale
                check_timing(sim.cfg.get('durations'), sim.cfg.get('time_scale'))
                sim.save()
                table.update(sim.cfg.get('durations') or {})
                scale = sim.cfg.get('time_scale', 0)
        dump({"durations": table, "time_scale": scale,
              "note": "modelled seconds; {base, per_message} entries scale with the messages touched"})
        return 0
    if ns.cmd == 'status':
        with locked(ns.root):
            sim = Sim(ns.root)
            out = {}
            for name, h in sim.hosts.items():
                if ns.host and name != ns.host:
                    continue
                status, v = sim.ms_status(h)
                st = sim.store(h['data_root'])
                out[name] = {"version": v, "install": status, "running": sim.running(h),
                             "store": st.meta if st.exists() else None,
                             "users": st.users(), "queued": len(st.queued()),
                             "clock": h['clock'], "snapshots": [s['name'] for s in zfs_meta(h)] if h.get('zfs_dataset') else None}
            dump({"hosts": out, "cluster": sim.cluster, "schema_version": sim.directory.get('schema_version'),
                  "faults": sim.faults, "messages": len(sim.ledger['messages'])})
        return 0
    if ns.cmd == 'barrier':
        Barrier().set(ns.root)
        return 0
    if ns.cmd == 'exec':
        args = ns.argv[1:] if ns.argv[:1] == ['--'] else ns.argv
        rc, out, err, bout, _s = execute(ns.root, ns.host, os.path.basename(args[0]), args[1:],
                                         io.BytesIO(sys.stdin.buffer.read()) if not sys.stdin.isatty() and args[0] in ('imsrestore', 'ldapmodify') else None)
        if bout is not None:
            sys.stdout.buffer.write(bout)
        sys.stdout.write(out)
        sys.stderr.write(err)
        return rc
    return 2


class Barrier:
    """Sets the modelled-time barrier: no host's next command starts before the latest clock of
    any host (Ansible's linear strategy starts a task on every host once the previous task ended
    everywhere).

    The callback sets it at every task start, inside ansible-playbook's own process, so it must
    cost little: it reads sim.json and only the host files written since its last call (a state
    file is replaced whole, so a new inode or mtime means new content), and writes sim.json
    alone. Loading and saving the whole state here cost 17 ms per task."""

    def __init__(self):
        self._clocks = {}  # host file -> ((inode, mtime_ns, size), clock)

    def set(self, root):
        with locked(root):
            cfg_path = os.path.join(root, 'sim.json')
            with open(cfg_path) as f:
                cfg = json.load(f)
            latest = max([cfg.get('barrier', 0.0)] + [self._clock(root, name) for name in cfg['host_names']])
            if latest != cfg.get('barrier'):
                cfg['barrier'] = latest
                write_state(cfg_path, state_json(cfg))

    def _clock(self, root, name):
        path = host_state_path(root, name)
        st = os.stat(path)
        key = (st.st_ino, st.st_mtime_ns, st.st_size)
        known = self._clocks.get(path)
        if known is None or known[0] != key:
            with open(path) as f:
                known = (key, json.load(f)['clock'])
            self._clocks[path] = known
        return known[1]


def main():
    """`python3 -m msim ARGS` (msim/__main__.py)."""
    try:
        sys.exit(cli(sys.argv[1:]))
    except SimError as e:
        sys.stderr.write(str(e) + '\n')
        sys.exit(e.rc)
