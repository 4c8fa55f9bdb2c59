"""Command execution: the identity commands, the dispatch table, the journal and the wrappers' entry point."""

import io
import json
import os
import re
import subprocess
import sys
import time

from .base import PASSTHROUGH, PATH_CHECKED, locked, now_iso, read_json, SimError, usage_error
from .state import Ctx, Sim
from .ms_commands import (cmd_configtoxml, cmd_configure, cmd_configutil, cmd_imsconnutil, cmd_imsimta,
                          cmd_mboxutil, cmd_msconfig, cmd_start_msg, cmd_stop_msg, cmd_stored)
from .ms_mailboxes import cmd_imsbackup, cmd_imsrestore, cmd_rehostuser
from .packages import cmd_pkg, cmd_pkgadd, cmd_pkginfo, cmd_pkgrm, cmd_rpm
from .zfs import cmd_zfs
from .ha import cmd_clresource, cmd_crsctl, cmd_scswitch
from .directory import cmd_comm_dssetup, cmd_ldapmodify, cmd_ldapsearch, cmd_perl


# ---------------------------------------------------------------------------------------------
# identity commands

def cmd_hostname(ctx):
    if ctx.args:
        raise usage_error('hostname: setting the host name is not simulated')
    ctx.p(ctx.h.get('fqdn') or ctx.hname)
    return 0


def cmd_uname(ctx):
    h = ctx.h
    sol = h['os_family'] == 'solaris'
    m = re.search(r'(\d+)(?:\.(\d+))?', h['os'])
    vals = {
        's': 'SunOS' if sol else 'Linux',
        'n': ctx.hname,
        'r': ('5.10' if m and m.group(1) == '10' else '5.11') if sol else '5.4.17-2136.el8uek.x86_64',
        'v': (h['os'].split('-', 1)[-1] if sol else '#2 SMP'),
        'm': ('sun4v' if h['arch'] == 'sparc' else 'i86pc') if sol else h['arch'],
        'p': ('sparc' if h['arch'] == 'sparc' else 'i386') if sol else h['arch'],
    }
    flags = ''
    for t in ctx.args:
        if not re.fullmatch(r'-[snrvmpa]+', t):
            raise usage_error('uname: unsupported option %s' % t)
        flags += t[1:]
    if not flags:
        flags = 's'
    if 'a' in flags:
        flags = 'snrvmp'
    ctx.p(' '.join(vals[c] for c in 'snrvmp' if c in flags))
    return 0


HANDLERS = {
    'imsimta': cmd_imsimta, 'start-msg': cmd_start_msg, 'stop-msg': cmd_stop_msg,
    'stored': cmd_stored, 'mboxutil': cmd_mboxutil, 'configtoxml': cmd_configtoxml,
    'configure': cmd_configure, 'msconfig': cmd_msconfig, 'configutil': cmd_configutil, 'imsconnutil': cmd_imsconnutil, 'imsbackup': cmd_imsbackup, 'imsrestore': cmd_imsrestore,
    'rehostuser': cmd_rehostuser, 'rpm': cmd_rpm, 'pkginfo': cmd_pkginfo, 'pkgadd': cmd_pkgadd,
    'pkgrm': cmd_pkgrm, 'pkg': cmd_pkg, 'zfs': cmd_zfs, 'scswitch': cmd_scswitch,
    'clresource': cmd_clresource, 'crsctl': cmd_crsctl, 'comm_dssetup.pl': cmd_comm_dssetup,
    'perl': cmd_perl, 'ldapmodify': cmd_ldapmodify, 'ldapsearch': cmd_ldapsearch,
    'hostname': cmd_hostname, 'uname': cmd_uname,
}


# ---------------------------------------------------------------------------------------------
# journal and command execution

def fault_aware(name, args):
    """Commands whose handler interprets an injected fault itself (partial installs, truncated
    archives, HA start failures...).  Every other command simply fails."""
    first = args[0] if args else ''
    if name == 'rpm':
        return any(a.startswith('-') and not a.startswith('--') and ('i' in a or 'U' in a or 'e' in a or 'F' in a)
                   and 'q' not in a for a in args)
    if name == 'pkg':
        return first in ('install', 'update', 'uninstall')
    if name == 'zfs':
        return first in ('snapshot', 'rollback')
    if name in ('crsctl', 'clresource'):
        return first in ('start', 'stop', 'enable', 'disable')
    return name in ('pkgadd', 'pkgrm', 'imsbackup', 'imsrestore', 'scswitch',
                    'comm_dssetup.pl', 'ldapmodify')


def journal(root, rec):
    line = json.dumps(rec, sort_keys=False, separators=(',', ':')) + '\n'
    fd = os.open(os.path.join(root, 'journal.jsonl'), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


def excerpt(s, n=600):
    return s if len(s) <= n else s[:n] + '...[%d more]' % (len(s) - n)


def execute(root, host, name, args, stdin=None):
    """Run one simulated command.  Returns (rc, stdout_text, stderr_text, stdout_bytes, slept).

    Real time: `real_start` is when the command got the simulator's lock (wall clock, epoch
    seconds), `real_end` when it returned.  With `time_scale` > 0 the command then sleeps
    duration x time_scale real seconds *outside* the lock (other hosts run meanwhile) and its
    journal line is written after the sleep, so `real_end` is measured, not computed.  With
    time_scale 0 (the default) nothing sleeps and the line is written under the lock as always.
    """
    root = os.path.abspath(root)
    with locked(root):
        real_start = time.time()
        sim = Sim(root)
        if host is None or host not in sim.hosts:
            journal(root, {"host": host, "argv": [name] + list(args), "rc": 127, "time": now_iso(),
                           "unknown": True, "error": "no simulated host (MSUPGRADE_SIM_HOST unset?)"})
            raise SimError('msim: %s: no simulated host %r (MSUPGRADE_SIM_HOST unset?)' % (name, host), rc=127)
        ctx = Ctx(sim, host, name, args, stdin if stdin is not None else io.BytesIO(b''))
        seq = sim.cfg.get('seq', 0) + 1
        sim.cfg['seq'] = seq
        activity = sim.auto_activity()
        if name != 'rehostuser':       # rehostuser takes its faults per user
            ctx.fault = sim.take_fault(host, name, args)
        handler = HANDLERS.get(name)
        rc = 0
        unsupported = False
        try:
            if handler is None:
                raise SimError('msim: %s: not a simulated command' % name, rc=127, unsupported=True)
            if ctx.fault and not fault_aware(name, args):
                raise SimError('%s: failed (injected fault %s)' % (name, ctx.fault['id']))
            rc = handler(ctx)
        except SimError as e:
            rc = e.rc
            unsupported = e.unsupported
            ctx.e(str(e))
        except OSError as e:                      # e.g. an unwritable backup file
            rc = 1
            ctx.e('%s: %s' % (name, e))
        except Exception as e:                    # a simulator bug: fail loudly, keep going
            import traceback
            rc = 70
            ctx.info['internal_error'] = traceback.format_exc()[-1500:]
            ctx.e('msim: internal error in %s: %r' % (name, e))
        if ctx.fault and rc and ctx.fault.get('rc'):
            rc = ctx.fault['rc']
        sim.flush_queues()
        # modelled time
        key = ctx.dkey or name
        d = sim.duration(key, name, ctx.work)
        hosts_involved = {host} | ctx.other_hosts
        t0 = max([sim.cfg.get('barrier', 0.0)] + [sim.hosts[x]['clock'] for x in hosts_involved])
        t1 = t0 + d
        for x in hosts_involved:
            sim.hosts[x]['clock'] = t1
        sim.save()
        rec = {"seq": seq, "host": host, "argv": [name] + list(args), "rc": rc,
               "time": now_iso(), "t_start": round(t0, 3), "t_end": round(t1, 3),
               "duration": round(d, 3), "version": sim.installed_version(sim.hosts[host]),
               "running": sim.running(sim.hosts[host])}
        if unsupported:
            rec['unknown'] = True
        if ctx.fault:
            rec['fault'] = ctx.fault['id']
        if ctx.flags:
            rec['flags'] = ctx.flags
        if ctx.other_hosts:
            rec['affected'] = sorted(ctx.other_hosts)
        if ctx.info:
            rec['info'] = ctx.info
        if activity or sim.events:
            rec['mail'] = dict(activity, **({'events': sim.events} if sim.events else {}))
        if rc:
            rec['stderr'] = excerpt(ctx.err.getvalue())
        if ctx.svc_events:
            # which services of which host went down or came up: the only record of downtime (msupgrade's
            # ServiceOutages reads it, in both clocks)
            changes = {}
            for hn, svc, what in ctx.svc_events:
                changes.setdefault(what, {}).setdefault(hn, []).append(svc)
            rec['services'] = changes
        rec['real_start'] = round(real_start, 6)
        sleep = d * float(sim.cfg.get('time_scale') or 0)
        if sleep <= 0:
            rec['real_end'] = round(time.time(), 6)
            journal(root, rec)
    if sleep > 0:
        # the modelled work, in real time: the lock is free, other hosts' commands run meanwhile
        time.sleep(sleep)
        rec['sleep'] = round(sleep, 6)
        rec['real_end'] = round(time.time(), 6)
        journal(root, rec)
    return rc, ctx.out.getvalue(), ctx.err.getvalue(), ctx.bout, max(sleep, 0.0)


def passthrough(root, host, name, args):
    root = os.path.abspath(root)
    cfg = read_json(os.path.join(root, 'sim.json'))
    real = cfg['passthrough'].get(name)
    allowed = [root, '/tmp', '/dev/null', '/dev/stdin', '/dev/stdout', '/dev/stderr', '/proc/self',
               os.path.expanduser('~/.ansible')]
    bad = None
    if name in PATH_CHECKED:
        for arg in args:
            cands = [arg]
            if arg.startswith('-') and '=' in arg:
                cands.append(arg.split('=', 1)[1])
            for c in cands:
                if c.startswith('/'):
                    p = os.path.normpath(c)
                    if not any(p == a or p.startswith(a.rstrip('/') + '/') for a in allowed):
                        bad = c
    t = now_iso()
    if True:
        if real is None:
            rc = 127
            sys.stderr.write('msim: %s: not available\n' % name)
        elif bad:
            rc = 126
            sys.stderr.write('msim: %s: path %s is outside the rehearsal sandbox; the roles must take '
                             'every path from the inventory\n' % (name, bad))
        else:
            sys.stdout.flush()
            rc = subprocess.call([real] + args)
        rec = {"host": host, "argv": [name] + args, "rc": rc, "time": t, "passthrough": True}
        if bad:
            rec['outside_sandbox'] = bad
        journal(root, rec)
    return rc


def wrapper_main(root, host, name):
    """Entry point of the wrapper scripts in the sandbox."""
    args = sys.argv[1:]
    env_host = os.environ.get('MSUPGRADE_SIM_HOST')
    if not host:  # a wrapper of the directory host's tools: the host from the environment
        host = env_host
    elif env_host and env_host != host:
        # Run with another host's environment (an Ansible task delegated to this host that
        # inherits the play host's `environment:`): its PATH, HOME and TMPDIR name another
        # machine's directories. A real host would run the wrong tools or none; here it fails.
        sys.stderr.write('msim: %s belongs to simulated host %s but runs with the environment of %s '
                         '(MSUPGRADE_SIM_HOST=%s): a delegated task needs the delegated host\'s environment\n'
                         % (name, host, env_host, env_host))
        sys.exit(126)
    if name in PASSTHROUGH:
        sys.exit(passthrough(root, host, name, args))
    stdin = sys.stdin.buffer if name in ('imsrestore', 'ldapmodify', 'imsimta') and not sys.stdin.isatty() else None
    if stdin is not None and name == 'imsimta' and args != ['qm']:
        stdin = None
    if stdin is not None and name == 'imsrestore' and '-' not in args:
        stdin = None
    if stdin is not None and name == 'ldapmodify' and '-f' in args:
        stdin = None
    try:
        rc, out, err, bout, _slept = execute(root, host, name, args,
                                            io.BytesIO(stdin.read()) if stdin is not None else None)
    except SimError as e:
        sys.stderr.write(str(e) + '\n')
        sys.exit(e.rc)
    if bout is not None:
        sys.stdout.buffer.write(bout)
    sys.stdout.write(out)
    sys.stderr.write(err)
    sys.stdout.flush()
    sys.exit(rc)
