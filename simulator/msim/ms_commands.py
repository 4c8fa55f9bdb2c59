"""Messaging Server commands: configuration, services, the store's recovery and tools."""

import fnmatch
import os
import re
import shutil

from .base import parse_options, SERVICE_ORDER, read_json, SimError, store_format, usage_error, write_json
from .config import (UNIFIED_CACHE_OPTIONS, config_layout, msg_conf_option, mta_compiled_ttl, mta_config_ttl,
                     read_lines, unified_config_xml)
from .state import pool_node


# ---------------------------------------------------------------------------------------------
# Messaging Server commands

def require_ms(ctx):
    status, version = ctx.sim.ms_status(ctx.h)
    if status == 'absent':
        # the binary exists only while installed; reaching this means a stale wrapper
        raise SimError('%s: Messaging Server is not installed' % ctx.name, rc=127)
    return status, version


def require_configuration(ctx):
    """The host's configuration layout ('legacy' or 'unified'); without one (a new host before
    configure) the command fails: it has no ConfigRoot to read."""
    layout = config_layout(ctx.h)
    if layout is None:
        raise SimError('%s: no configuration in %s' % (ctx.name, ctx.h['config_root']))
    return layout


def access_store(ctx, h, create=False):
    """A binary of the installed version touches the store: converts an older format on first
    access, refuses a newer one.  Returns the Store (or None when absent and not created)."""
    sim = ctx.sim
    version = sim.installed_version(h)
    st = sim.store(h['data_root'])
    if not st.exists():
        if not create:
            return None
        st.create(store_format(version), version)
        ctx.info.setdefault('store_created', h['data_root'])
        return st
    have, want = st.meta['format'], store_format(version)
    if have > want:
        raise SimError('%s: the message store at %s has format %s, written by a newer release; '
                       'this release (%s) reads format %s: mailboxes report an invalid format'
                       % (ctx.name, st.dir, have, version, want))
    if have < want:
        if sim.cfg.get('require_recovery_before_conversion') and not st.meta.get('clean'):
            raise SimError('%s: the message store was not shut down and recovered cleanly '
                           '(run stored -r) before this release first accessed it; '
                           'conversion from format %s refused' % (ctx.name, have))
        conv = {"from": have, "to": want, "version": version, "host": h['name'],
                "time": sim.now}
        st.meta['format'] = want
        st.meta['conversions'].append(conv)
        st.touch_meta()
        ctx.info['store_converted'] = conv
    if st.meta.get('last_version') != version:
        st.meta['last_version'] = version
        st.touch_meta()
    return st


def cmd_configutil(ctx):
    """configutil -o OPTION [-v VALUE] (legacy configuration: msg.conf): prints the option's value
    (nothing when unset) or sets it."""
    require_ms(ctx)
    opts, rest = parse_options('configutil', ctx.args, 'o:v:')
    o = dict(opts)
    if rest or '-o' not in o:
        raise usage_error('configutil: the simulator accepts only: configutil -o OPTION [-v VALUE]')
    h = ctx.h
    if require_configuration(ctx) == 'unified':
        raise SimError('configutil: %s holds a Unified Configuration (config.xml): use msconfig'
                       % h['config_root'])
    path = os.path.join(h['config_root'], 'msg.conf')
    name = o['-o']
    if '-v' not in o:
        v = msg_conf_option(h, name)
        if v is not None:
            ctx.p(v)
        return 0
    lines = [l for l in read_lines(path)
             if not ('=' in l and l.split('=', 1)[0].strip() == name)]
    lines.append('%s = %s' % (name, o['-v']))
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    ctx.info['configutil'] = {name: o['-v']}
    return 0


def cmd_imsconnutil(ctx):
    """imsconnutil -c|-a [-s service] [-u uid] [-f filename]; imsconnutil -k {-u uid | -f filename}
    (Administration Reference, imsconnutil): -c lists the users with a session on this store,
    -k disconnects them."""
    require_ms(ctx)
    opts, rest = parse_options('imsconnutil', ctx.args, 'cakes:u:f:')
    keys = [k for k, _v in opts]
    o = dict(opts)
    if rest or not ({'-c', '-a', '-k'} & set(keys)) or ('-k' in keys and not ({'-u', '-f'} & set(keys))):
        raise usage_error('imsconnutil: usage imsconnutil -c|-a [-s service] [-u uid] [-f filename] | '
                          'imsconnutil -k {-u uid | -f filename}')
    who = [v for k, v in opts if k == '-u'] + (read_userfile(o['-f']) if '-f' in o else [])
    sessions = ctx.h.setdefault('sessions', [])
    if '-k' in keys:
        gone = [u for u in who if u in sessions]
        ctx.h['sessions'] = [u for u in sessions if u not in who]
        ctx.info['disconnected'] = gone
        return 0
    ctx.p('UID     IMAP')
    for uid in sessions:
        if not who or uid in who:
            ctx.p('%s  connected' % uid)
    return 0


def cmd_imsimta(ctx):
    status, version = require_ms(ctx)
    a = ctx.args
    if a[:1] == ['version']:
        bits = ctx.h.get('bits') or 64
        ctx.p('Oracle Communications Messaging Server %s (%dbit)' % (version, bits))
        ctx.p('libimta.so %s (%dbit)' % (version, bits))
        return 0
    if a == ['process']:
        # the detached MTA processes (job controller, dispatcher) run while the mta service runs
        if ctx.h['services'].get('mta'):
            ctx.p('USER       PID S   VSZ   RSS  STIME     TIME COMMAND')
            ctx.p('mailsrv  %5d S 16768  8240 00:00:01 0:00 %s/lib/job_controller'
                  % (1000 + len(ctx.hname), ctx.h['install_root']))
            ctx.p('mailsrv  %5d S 16768  8240 00:00:01 0:00 %s/lib/dispatcher'
                  % (1001 + len(ctx.hname), ctx.h['install_root']))
        return 0
    if a == ['qm']:
        return imsimta_qm(ctx)
    if a[:1] in (['cnbuild'], ['refresh'], ['restart'], ['chbuild']):
        require_configuration(ctx)
        h = ctx.h
        if a[0] == 'cnbuild':
            # compiles the configuration, MTA options included ("options with values updated
            # after the most recent compilation are not live")
            ctx.dkey = 'imsimta cnbuild'
            h['mta_compiled'] = {'alias_entry_cache_timeout': mta_config_ttl(h)}
        if a[0] in ('restart', 'refresh') and h['services'].get('mta'):
            # the detached processes restart: they read the compiled configuration anew and
            # start with an empty alias entry cache
            ctx.dkey = 'imsimta restart'
            h.setdefault('live', {})['mta'] = mta_compiled_ttl(h)
            (h.get('caches') or {}).pop('mta', None)
        return 0
    raise usage_error('imsimta: unsupported subcommand %r' % ' '.join(a))


def imsimta_qm(ctx):
    """`imsimta qm` in interactive mode, its sub-commands on stdin, one a line. Only what the
    online mailbox move needs: `directory -held` (or `dir -held`) lists this MTA's held messages;
    `release [-channel=hold] -all -noconfirm` (or ids) releases messages of the most recent
    listing ("Run the dir sub command prior to running release"; release is "available only in
    interactive mode": Administration Reference, imsimta qm); `exit` / `quit`."""
    listing = None
    released = 0
    for raw in ctx.stdin.read().decode().splitlines():
        words = raw.split()
        if not words:
            continue
        sub, opts = words[0], words[1:]
        if sub in ('exit', 'quit'):
            break
        if sub in ('dir', 'directory'):
            if opts != ['-held']:
                raise usage_error('imsimta qm: only "directory -held" is simulated, not %r' % raw)
            listing = ctx.sim.held_on(ctx.hname)
            for i, rec in enumerate(listing, 1):
                ctx.p('%4d ZZ%s.HELD  hold  %s' % (i, rec['id'], rec['user']))
            ctx.p('Total of %d held message(s)' % len(listing))
            continue
        if sub == 'release':
            if listing is None:
                raise SimError('imsimta qm: release: no message listing; run "directory -held" first')
            ids = [o for o in opts if not o.startswith('-')]
            flags = [o for o in opts if o.startswith('-')]
            bad = [f for f in flags if f not in ('-all', '-noconfirm', '-confirm', '-log', '-nolog')
                   and not f.startswith('-channel=')]
            if bad or (ids and '-all' in flags) or not (ids or '-all' in flags):
                raise usage_error('imsimta qm: release [-channel=name [-all]] [-confirm | -noconfirm] '
                                  '[-log | -nolog] [id...]')
            if not ids and '-noconfirm' not in flags:
                raise SimError('imsimta qm: release: confirmation required (no terminal); use -noconfirm')
            chan = [f.split('=', 1)[1] for f in flags if f.startswith('-channel=')]
            if chan and chan != ['hold']:
                continue
            picked = listing if not ids else [listing[int(i) - 1] for i in ids if 0 < int(i) <= len(listing)]
            want = {r['id'] for r in picked}
            for dr, st in ctx.sim.queue_stores():
                for rec in st.queued():
                    if rec and rec['id'] in want and rec.get('held_on') == ctx.hname:
                        st.enqueue({k: v for k, v in rec.items() if k != 'held_on'})
                        released += 1
                        if ctx.sim.route_message(dict(rec, held_on=None), from_queue=st, mta=ctx.hname) == 'delivered':
                            ctx.sim.events.append({"delivered_from_queue": rec['id']})
            ctx.p('%d message(s) released' % len(want))
            listing = None
            continue
        raise usage_error('imsimta qm: sub-command %r is not simulated' % sub)
    ctx.info['qm_released'] = released
    return 0


def parse_services(ctx, args):
    valid = set(SERVICE_ORDER) | {'imap', 'pop', 'http', 'msg', 'ens', 'sched'}
    for a in args:
        if a not in valid:
            raise usage_error('%s: unknown service %r' % (ctx.name, a))
    enabled = ctx.sim.services_for(ctx.h)
    if not args:
        return enabled
    return [s for s in enabled if s in args]


def start_services(ctx, h, services, recover=False):
    """Start services on host h (start-msg, HA resource start).  Raises on failure."""
    sim = ctx.sim
    status, version = sim.ms_status(h)
    if status == 'absent':
        raise SimError('start-msg: Messaging Server is not installed on %s' % h['name'], rc=127)
    if status != 'complete':
        raise SimError('start-msg: the Messaging Server installation on %s is incomplete (%s): %s'
                       % (h['name'], status, ', '.join('%s %s %s(%s)' % (r['system'], r['name'], r['version'], r.get('state'))
                                                      for r in sim.ms_records(h))))
    if config_layout(h) is None:
        raise SimError('start-msg: Messaging Server on %s is not configured (no configuration in %s); '
                       'run configure' % (h['name'], h['config_root']))
    cfgv = read_json(os.path.join(h['config_root'], '.msim-config.json'), {})
    if 'store' in services and pool_node(sim, h) != h['name']:
        raise SimError('start-msg: the store of %s is on ZFS dataset %s, whose pool is imported on %s, not here'
                       % (h['name'], h['zfs_dataset'], pool_node(sim, h)))
    if 'store' in services:
        other = sim.store_running_on(h['data_root'])
        if other and other['name'] != h['name']:
            raise SimError('start-msg: the store at %s is already served by %s'
                           % (h['data_root'], other['name']))
        st = sim.store(h['data_root'])
        if recover and st.exists():
            st.meta['clean'] = True
            st.touch_meta()
        access_store(ctx, h, create=True)
    if cfgv.get('version') != version:
        cfgv['version'] = version
        write_json(os.path.join(h['config_root'], '.msim-config.json'), cfgv)
    for s in services:
        ctx.set_service(h, s, True)


def stop_services(ctx, h, services):
    for s in services:
        ctx.set_service(h, s, False)


def cmd_start_msg(ctx):
    require_ms(ctx)
    services = parse_services(ctx, ctx.args)
    if ctx.args == ['store']:
        ctx.dkey = 'start-msg store'
    if not services:
        ctx.p('start-msg: %s: not enabled on this host, nothing to start' % ' '.join(ctx.args))
        return 0
    start_services(ctx, ctx.h, services)
    for s in services:
        ctx.p('Connecting to watcher ... %s started' % s)
    return 0


def cmd_stop_msg(ctx):
    require_ms(ctx)
    services = parse_services(ctx, ctx.args)
    if not ctx.args:
        services = SERVICE_ORDER
    stop_services(ctx, ctx.h, services)
    return 0


def cmd_stored(ctx):
    require_ms(ctx)
    if ctx.args not in (['-r'], ['-r', '-v'], ['-v', '-r']):
        raise usage_error('stored: unsupported arguments %r (only -r)' % ctx.args)
    ctx.dkey = 'stored -r'
    h = ctx.h
    if sim_store_running(ctx, h):
        raise SimError('stored: the store is running (stored pid found); stop it before recovery')
    st = ctx.sim.store(h['data_root'])
    if not st.exists():
        ctx.p('stored: no message store in %s, nothing to recover' % h['data_root'])
        return 0
    st.meta['clean'] = True          # recovery first, then (new release) the format conversion
    st.touch_meta()
    access_store(ctx, h, create=False)
    ctx.p('stored: recovery of %s complete' % st.dir)
    return 0


def sim_store_running(ctx, h):
    return ctx.sim.store_running_on(h['data_root']) is not None


def require_store_running(ctx):
    h = ctx.h
    if not h['services'].get('store'):
        raise SimError('%s: the store service is not running on %s (start-msg store first)'
                       % (ctx.name, h['name']))
    return access_store(ctx, h, create=True)


def cmd_mboxutil(ctx):
    require_ms(ctx)
    opts, rest = parse_options('mboxutil', ctx.args, 'lp:x')
    o = dict(opts)
    if '-l' not in o or rest:
        raise usage_error('mboxutil: only -l [-p PATTERN] is simulated')
    st = access_store(ctx, ctx.h, create=False)
    if st is None:
        return 0
    pat = o.get('-p')
    n = 0
    for uid in st.users():
        box = st.mailbox(uid)
        for folder in sorted(box['folders']):
            name = 'user/%s/%s' % (uid, folder)
            n += len(box['folders'][folder])
            if pat is None or fnmatch.fnmatchcase(name, pat):
                ctx.p(name)
    ctx.work = n
    return 0


def cmd_configtoxml(ctx):
    require_ms(ctx)
    if ctx.args not in ([], ['-v']):
        raise usage_error('configtoxml: unsupported arguments %r' % ctx.args)
    h = ctx.h
    if require_configuration(ctx) == 'unified':
        raise SimError('configtoxml: %s already holds a unified configuration (config.xml)'
                       % h['config_root'])
    cr = h['config_root']
    legacy = os.path.join(cr, 'legacy-config')
    os.makedirs(legacy, exist_ok=True)
    moved = []
    for f in sorted(os.listdir(cr)):
        if f in ('legacy-config', '.msim-config.json'):
            continue
        shutil.move(os.path.join(cr, f), os.path.join(legacy, f))
        moved.append(f)
    options = []
    if 'msg.conf' in moved:
        # the options carry over, under their Unified Configuration names
        with open(os.path.join(legacy, 'msg.conf')) as f:
            options = [tuple(x.strip() for x in line.split('=', 1)) for line in f
                       if '=' in line and not line.lstrip().startswith(('!', '#'))]
    with open(os.path.join(cr, 'config.xml'), 'w') as f:
        f.write(unified_config_xml(h['name'], options, 'unified configuration converted by configtoxml '
                                   'from: %s' % ' '.join(moved)))
    ctx.info['legacy_moved'] = moved
    ctx.p('configtoxml: legacy configuration saved in %s' % legacy)
    return 0


CONFIGURE_ARGV = '--noldap --state STATEFILE'


def read_statefile(path):
    """KEY=VALUE lines ('#' comments), as configure --saveState writes them."""
    try:
        with open(path) as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise SimError('configure: cannot read the state file %s: %s' % (path, e.strerror))
    state = {}
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        if '=' not in line:
            raise SimError('configure: %s line %d: not KEY=VALUE: %r' % (path, n, line))
        k, v = line.split('=', 1)
        state[k.strip()] = v.strip()
    return state


def cmd_configure(ctx):
    """Initial configuration of a freshly installed host, silent: configure --noldap --state FILE.

    The Messaging Server configure command ("only meant to be run once") reads its answers from a
    state file (--state) and, with --noldap, leaves the directory alone (the coexistence
    directory already holds the deployment's entries).  It creates the ConfigRoot: until it ran,
    a new host has none and start-msg fails."""
    require_ms(ctx)
    h = ctx.h
    a = ctx.args
    if len(a) != 3 or a[0] != '--noldap' or a[1] != '--state':
        raise usage_error('configure: the simulator accepts only: configure %s (got %r)'
                          % (CONFIGURE_ARGV, a))
    state = read_statefile(a[2])
    missing = [k for k in ('XMLCONFIG', 'FQDN') if not state.get(k)]
    if missing:
        raise SimError('configure: the state file %s lacks %s' % (a[2], ', '.join(missing)))
    if state['XMLCONFIG'] not in ('0', '1'):
        raise SimError('configure: XMLCONFIG must be 0 or 1, not %r' % state['XMLCONFIG'])
    if config_layout(h) is not None:
        raise SimError('configure: %s is already configured' % h['config_root'])
    cr = h['config_root']
    os.makedirs(cr, exist_ok=True)
    layout = 'unified' if state['XMLCONFIG'] == '1' else 'legacy'
    if layout == 'unified':
        with open(os.path.join(cr, 'config.xml'), 'w') as f:
            f.write('<?xml version="1.0"?>\n<config host="%s" created-by="configure"/>\n' % state['FQDN'])
    else:
        for f, body in (('msg.conf', 'service.imap.enable = 1\n'), ('imta.cnf', '! channel table\n'),
                        ('option.dat', '! options\n'), ('mappings', '! mappings\n')):
            with open(os.path.join(cr, f), 'w') as fh:
                fh.write(body)
    write_json(os.path.join(cr, '.msim-config.json'),
               {"version": ctx.sim.installed_version(h), "layout": layout, "configured_by": "configure",
                "fqdn": state['FQDN']})
    ctx.info['configured'] = layout
    ctx.p('configure: initial %s configuration written to %s' % (layout, cr))
    return 0


def cmd_msconfig(ctx):
    """msconfig set proxy:GROUP.storehostlist 'HOST ...' (a store affinity group, Cassandra guide)."""
    require_ms(ctx)
    h = ctx.h
    a = ctx.args
    cache_opt = len(a) in (2, 3) and a[1] in UNIFIED_CACHE_OPTIONS
    if not ((len(a) == 3 and a[0] == 'set' and (re.match(r'^proxy:[^.\s]+\.storehostlist$', a[1]) or cache_opt))
            or (len(a) == 2 and a[0] == 'show' and cache_opt)):
        raise usage_error('msconfig: the simulator accepts only: msconfig set proxy:GROUP.storehostlist '
                          '"HOST [HOST...]", msconfig set|show OPTION for the caches of the online move '
                          '(%s) (got %r)' % (', '.join(sorted(UNIFIED_CACHE_OPTIONS)), a))
    if config_layout(h) != 'unified':
        raise SimError('msconfig: no Unified Configuration in %s (run configure first)' % h['config_root'])
    path = os.path.join(h['config_root'], '.msim-config.json')
    cfg = read_json(path, {})
    if a[0] == 'show':
        v = (cfg.get('msconfig') or {}).get(a[1])
        if v is not None:
            ctx.p('%s = %s' % (a[1], v))
        return 0
    cfg.setdefault('msconfig', {})[a[1]] = a[2]
    write_json(path, cfg)
    return 0


def affinity_groups(h):
    """{group: [hosts]} from the host's proxy:GROUP.storehostlist options."""
    cfg = read_json(os.path.join(h['config_root'], '.msim-config.json'), {}) if h['config_root'] else {}
    out = {}
    for k, v in (cfg.get('msconfig') or {}).items():
        m = re.match(r'^proxy:([^.]+)\.storehostlist$', k)
        if m:
            out[m.group(1)] = v.split()
    return out


def read_userfile(path):
    try:
        with open(path) as f:
            return [l.strip() for l in f if l.strip() and not l.startswith('#')]
    except OSError as e:
        raise SimError('cannot read user file %s: %s' % (path, e))
