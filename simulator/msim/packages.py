"""Package systems: RPM, SVR4 (pkginfo, pkgadd, pkgrm) and IPS (pkg)."""

import fnmatch
import json
import os
import re

from .base import parse_options, read_json, SimError, usage_error, vkey


# ---------------------------------------------------------------------------------------------
# package systems

def require_stopped_for_packages(ctx, what):
    run = ctx.sim.running(ctx.h)
    if run:
        raise SimError('%s: Messaging Server services are running (%s); stop them first '
                       '(pre-remove script failed)' % (what, ', '.join(run)))


def rpm_file(path):
    try:
        with open(path) as f:
            d = json.loads(f.readline())
        if d.get('msim') != 'rpm':
            raise ValueError
        return d
    except (OSError, ValueError):
        raise SimError('error: open of %s failed: not an rpm package' % path)


def install_record(ctx, system, rec, fault):
    rec = dict(rec)
    rec['state'] = 'installed'
    rec['installed_at'] = ctx.sim.now
    if fault and fault.get('mode') == 'partial':
        rec['state'] = 'partial'
    ctx.h['packages'].setdefault(system, {})[rec['name']] = rec


def install_in_order(ctx, system, recs, failed, interrupted, freshen=False):
    """Installs RECS one package after another (rpm, SVR4 pkgadd; IPS changes its image at once):
    records them, lays the install root out anew and names them in the journal line
    (info.installed, NAME-VERSION). An injected fault fails it before any change (FAILED, then the
    fault's id), or, `--mode partial`, after the first package, recorded as partial (INTERRUPTED).
    FRESHEN (rpm -F) leaves a package alone that is not installed already."""
    db = ctx.h['packages'].setdefault(system, {})
    fault = ctx.fault
    if fault and fault.get('mode') != 'partial':
        raise SimError('%s (injected fault %s)' % (failed, fault['id']))
    for k, r in enumerate(recs):
        if freshen and r['name'] not in db:
            continue
        if fault and k > 0:
            break
        install_record(ctx, system, r, fault)
    ctx.sim.materialize(ctx.h)
    ctx.info['installed'] = ['%s-%s' % (r['name'], r['version']) for r in recs]
    if fault:
        raise SimError('%s (injected fault %s)' % (interrupted, fault['id']))


def cmd_rpm(ctx):
    a = list(ctx.args)
    mode, mods, qf, files, flags = None, set(), None, [], set()
    i = 0
    while i < len(a):
        t = a[i]
        if t in ('--qf', '--queryformat'):
            i += 1
            qf = a[i]
        elif t.startswith('--qf=') or t.startswith('--queryformat='):
            qf = t.split('=', 1)[1]
        elif t in ('--nodeps', '--noscripts', '--oldpackage', '--replacepkgs', '--force',
                   '--quiet', '--test', '--hash', '--verbose', '--install', '--erase',
                   '--upgrade', '--query', '--all', '--package'):
            long_modes = {'--install': 'i', '--erase': 'e', '--upgrade': 'U', '--query': 'q'}
            if t in long_modes:
                mode = long_modes[t]
            elif t == '--all':
                mods.add('a')
            elif t == '--package':
                mods.add('p')
            else:
                flags.add(t)
        elif t.startswith('--'):
            raise usage_error('rpm: unsupported option %s' % t)
        elif t.startswith('-') and len(t) > 1:
            for ch in t[1:]:
                if ch in 'ilp' and mode == 'q':
                    mods.add(ch)
                elif ch in 'qeiUF':
                    if mode and mode != ch:
                        raise usage_error('rpm: only one major mode may be specified')
                    mode = ch
                elif ch in 'vhaipl' or (ch == 'i' and mode == 'q'):
                    mods.add(ch)
                else:
                    raise usage_error('rpm: unsupported option -%s' % ch)
        else:
            files.append(t)
        i += 1
    if mode is None:
        raise usage_error('rpm: no mode given (-q, -e, -i, -U)')
    h = ctx.h
    db = h['packages'].setdefault('rpm', {})
    ctx.dkey = 'rpm -%s' % mode
    if mode == 'q':
        def fmt(r):
            if qf is not None:
                s = qf.replace('\\n', '\n').replace('\\t', '\t')
                for k in ('NAME', 'VERSION', 'RELEASE', 'ARCH'):
                    s = s.replace('%%{%s}' % k, r[k.lower()]).replace('%%{%s}' % k.lower(), r[k.lower()])
                return s
            if 'i' in mods:
                return ('Name        : %(name)s\nVersion     : %(version)s\nRelease     : %(release)s\n'
                        'Architecture: %(arch)s\nSummary     : %(summary)s\n' % dict(r, summary=r.get('summary', '')))
            return '%(name)s-%(version)s-%(release)s.%(arch)s\n' % r
        if 'p' in mods:
            for f in files:
                ctx.out.write(fmt(rpm_file(f)))
            return 0
        if 'a' in mods:
            for name in sorted(db):
                if not files or any(fnmatch.fnmatchcase(name, p) for p in files):
                    ctx.out.write(fmt(db[name]))
            return 0
        if not files:
            raise usage_error('rpm: no arguments given for query')
        missing = 0
        for name in files:
            r = db.get(name)
            if r is None:
                ctx.p('package %s is not installed' % name)
                missing += 1
            else:
                ctx.out.write(fmt(r))
        return 1 if missing else 0
    if mode == 'e':
        if not files:
            raise usage_error('rpm: no packages given for erase')
        for name in files:
            if name not in db:
                raise SimError('error: package %s is not installed' % name)
        if ctx.fault:
            raise SimError('error: %s: erase failed (injected fault %s)' % (files[0], ctx.fault['id']))
        if '--noscripts' not in flags:
            require_stopped_for_packages(ctx, 'error: %%preun(%s) scriptlet failed' % files[0])
        for name in files:
            del db[name]
        ctx.sim.materialize(h)
        ctx.info['erased'] = files
        return 0
    if mode in 'iUF':
        if not files:
            raise usage_error('rpm: no packages given for install')
        if h['os_family'] != 'linux':
            raise SimError('rpm: this is a %s host' % h['os'])
        recs = [rpm_file(f) for f in files]
        for r in recs:
            if r['arch'] not in ('noarch', h['arch']):
                raise SimError('error: Failed dependencies:\n\tpackage %s-%s is intended for a '
                               '%s architecture' % (r['name'], r['version'], r['arch']))
            cur = db.get(r['name'])
            if cur is None:
                if mode == 'F':
                    continue
                continue
            if mode == 'i':
                if cur['version'] == r['version'] and ('--replacepkgs' in flags or '--force' in flags):
                    continue
                if cur['version'] == r['version']:
                    raise SimError('\tpackage %s-%s-%s.%s is already installed'
                                   % (cur['name'], cur['version'], cur['release'], cur['arch']))
                raise SimError('\tfile %s/lib/libmsg.so from install of %s-%s-%s.%s conflicts '
                               'with file from package %s-%s-%s.%s'
                               % (h['install_root'], r['name'], r['version'], r['release'], r['arch'],
                                  cur['name'], cur['version'], cur['release'], cur['arch']))
            if vkey(cur['version']) == vkey(r['version']):
                raise SimError('\tpackage %s-%s is already installed' % (r['name'], r['version']))
            if vkey(cur['version']) > vkey(r['version']) and '--oldpackage' not in flags:
                raise SimError('\tpackage %s-%s (which is newer than %s-%s) is already installed'
                               % (cur['name'], cur['version'], r['name'], r['version']))
        others = [s for s in ('svr4', 'ips') if any(n in h['packages'].get(s, {}) for n in
                  self_ms_names(ctx.sim))]
        if others:
            raise SimError('error: %s already holds Messaging Server installed by %s'
                           % (h['install_root'], others[0]))
        upgrading = [r for r in recs if r['name'] in db]
        if upgrading and '--noscripts' not in flags:
            require_stopped_for_packages(ctx, 'error: %%preun(%s) scriptlet failed' % upgrading[0]['name'])
        install_in_order(ctx, 'rpm', recs, 'error: unpacking of archive failed',
                         'error: %s: install interrupted, package left half-installed' % recs[0]['name'],
                         freshen=mode == 'F')
        if 'v' in mods:
            for r in recs:
                ctx.p('%s-%s-%s.%s' % (r['name'], r['version'], r['release'], r['arch']))
        return 0
    raise usage_error('rpm: unsupported mode')


def self_ms_names(sim):
    return set(sim.cfg['packages']['linux']) | set(sim.cfg['packages']['solaris']) | {sim.cfg['packages']['ips']}


# --- SVR4 ---------------------------------------------------------------------------------

def read_pkginfo(path):
    d = {}
    try:
        with open(path) as f:
            for line in f:
                if '=' in line:
                    k, v = line.rstrip('\n').split('=', 1)
                    d[k] = v
    except OSError:
        return None
    return d


def cmd_pkginfo(ctx):
    opts, rest = parse_options('pkginfo', ctx.args, 'lqxd:')
    o = dict(opts)
    db = ctx.h['packages'].setdefault('svr4', {})
    if '-d' in o:
        recs = {}
        for p in rest:
            info = read_pkginfo(os.path.join(o['-d'], p, 'pkginfo'))
            if info:
                recs[p] = {"name": p, "version": info.get('VERSION'), "arch": info.get('ARCH'),
                           "state": "spooled", "desc": info.get('NAME', '')}
    else:
        recs = db
    if not rest:
        rest = sorted(recs)
    missing = 0
    for p in rest:
        r = recs.get(p)
        if r is None:
            if '-q' not in o:
                ctx.e('ERROR: information for "%s" was not found' % p)
            missing += 1
            continue
        if '-q' in o:
            continue
        if '-l' in o:
            status = {'installed': 'completely installed', 'partial': 'partially installed',
                      'spooled': 'spooled'}[r.get('state', 'installed')]
            ctx.p('   PKGINST:  %s' % p)
            ctx.p('      NAME:  %s' % r.get('desc', 'Oracle Communications Messaging Server'))
            ctx.p('  CATEGORY:  application')
            ctx.p('      ARCH:  %s' % r.get('arch', ''))
            ctx.p('   VERSION:  %s' % r['version'])
            ctx.p('    STATUS:  %s' % status)
            ctx.p('')
        else:
            ctx.p('application %-12s %s' % (p, r.get('desc', 'Oracle Communications Messaging Server')))
    return 1 if missing else 0


def check_admin(path, cmd):
    if not path or not os.path.isfile(path):
        raise SimError('%s: ERROR: unable to open admin file <%s>' % (cmd, path))


def cmd_pkgrm(ctx):
    opts, rest = parse_options('pkgrm', ctx.args, 'na:')
    o = dict(opts)
    if '-n' not in o or not rest:
        raise usage_error('pkgrm: the roles must run pkgrm -n -a ADMIN PKG...')
    check_admin(o.get('-a'), 'pkgrm')
    db = ctx.h['packages'].setdefault('svr4', {})
    for p in rest:
        if p not in db:
            raise SimError('pkgrm: ERROR: no package associated with <%s>' % p)
    if ctx.fault:
        raise SimError('pkgrm: ERROR: removal of <%s> failed (injected fault %s)' % (rest[0], ctx.fault['id']))
    require_stopped_for_packages(ctx, 'pkgrm: ERROR: preremove script did not complete successfully;')
    for p in rest:
        del db[p]
    ctx.sim.materialize(ctx.h)
    ctx.info['erased'] = rest
    return 0


def cmd_pkgadd(ctx):
    opts, rest = parse_options('pkgadd', ctx.args, 'na:d:G')
    o = dict(opts)
    if '-n' not in o or '-d' not in o or not rest:
        raise usage_error('pkgadd: the roles must run pkgadd -n -a ADMIN -d DIR PKG...')
    check_admin(o.get('-a'), 'pkgadd')
    h = ctx.h
    db = h['packages'].setdefault('svr4', {})
    recs = []
    for p in rest:
        info = read_pkginfo(os.path.join(o['-d'], p, 'pkginfo'))
        if info is None:
            raise SimError('pkgadd: ERROR: no package associated with <%s> in %s' % (p, o['-d']))
        archs = info.get('ARCH', '').split(',')
        want = 'sparc' if h['arch'] == 'sparc' else 'i386'
        if want not in archs:
            raise SimError('pkgadd: ERROR: package <%s> is for %s, not %s' % (p, info.get('ARCH'), want))
        if p in db and db[p].get('state') == 'partial':
            # Stricter than admin(4)'s partial=nocheck would be: a half-installed instance must be
            # removed (pkgrm) before it is added again, so a rerun that ignores it fails here.
            raise SimError('pkgadd: ERROR: package <%s> version <%s> is partially installed; '
                           'remove it with pkgrm and add it again' % (p, db[p]['version']))
        if p in db:
            raise SimError('pkgadd: ERROR: package <%s> version <%s> is already installed; '
                           'remove it with pkgrm first' % (p, db[p]['version']))
        recs.append({"name": p, "version": info['VERSION'], "arch": info.get('ARCH'),
                     "desc": info.get('NAME', '')})
    if any(n in h['packages'].get(s, {}) for s in ('rpm', 'ips') for n in self_ms_names(ctx.sim)):
        raise SimError('pkgadd: ERROR: %s already holds Messaging Server from another package system'
                       % h['install_root'])
    install_in_order(ctx, 'svr4', recs, 'pkgadd: ERROR: installation of <%s> failed' % rest[0],
                     'pkgadd: ERROR: installation of <%s> was interrupted; partially installed' % rest[0])
    ctx.p('Installation of <%s> was successful.' % '> <'.join(rest))
    return 0


# --- IPS ----------------------------------------------------------------------------------

def ips_catalog(sim):
    return read_json(os.path.join(sim.root, 'media', 'ips', 'catalog.json'), {})


def ips_fmri(pub, name, version):
    return 'pkg://%s/%s@%s,5.11-0.175.3:20230101T000000Z' % (pub, name, version)


def ips_parse(spec):
    m = re.fullmatch(r'(?:pkg:/(?:/([^/]+)/)?)?([^@]+?)(?:@([^,:]+)(?:[,:].*)?)?', spec)
    if not m:
        raise usage_error('pkg: bad package %r' % spec)
    return m.group(1), m.group(2).lstrip('/'), m.group(3)


def ips_available(ctx, name, pub=None):
    """Versions of name reachable through an enabled publisher whose origin is the media repo."""
    sim = ctx.sim
    cat = ips_catalog(sim)
    repo_uris = {cat.get('uri'), cat.get('path'), (cat.get('uri') or '') + '/'}
    for p in ctx.h.get('publishers', []):
        if not p.get('enabled', True) or p['name'] != cat.get('publisher'):
            continue
        if pub and pub != p['name']:
            continue
        if any(o in repo_uris or o.rstrip('/') in repo_uris for o in p.get('origin', [])):
            return sorted(cat['packages'].get(name, []), key=vkey)
    return []


def cmd_pkg(ctx):
    sub, a = ctx.subcommand()
    h = ctx.h
    db = h['packages'].setdefault('ips', {})
    sim = ctx.sim
    if sub == 'publisher':
        opts, rest = parse_options('pkg publisher', a, 'HF:P')
        o = dict(opts)
        pubs = [p for p in h.get('publishers', []) if not rest or p['name'] in rest]
        if o.get('-F') == 'tsv':
            if '-H' not in o:
                ctx.p('PUBLISHER\tSTICKY\tSYSPUB\tENABLED\tTYPE\tSTATUS\tURI\tPROXY')
            for p in pubs:
                rows = [('origin', u) for u in p.get('origin', [])] + [('mirror', u) for u in p.get('mirror', [])]
                if not rows:
                    rows = [('-', '-')]
                for typ, uri in rows:
                    ctx.p('\t'.join([p['name'], str(p.get('sticky', True)).lower(), 'false',
                                     str(p.get('enabled', True)).lower(), typ,
                                     'online' if typ != '-' else '-', uri, '-']))
            return 0
        if '-F' in o:
            raise usage_error('pkg publisher: unsupported format %s' % o['-F'])
        if '-H' not in o:
            ctx.p('PUBLISHER                   TYPE     STATUS P LOCATION')
        for p in pubs:
            for u in p.get('origin', []) or ['-']:
                ctx.p('%-27s %-8s %-6s F %s' % (p['name'], 'origin', 'online', u))
        return 0
    if sub == 'set-publisher':
        name = None
        changes = []
        i = 0
        while i < len(a):
            t = a[i]
            m = re.fullmatch(r'(--add-origin|--remove-origin|--add-mirror|--remove-mirror)=(.*)', t)
            if m:
                changes.append((m.group(1), m.group(2)))
            elif t in ('-g', '-G', '-m', '-M', '--add-origin', '--remove-origin', '--add-mirror', '--remove-mirror'):
                key = {'-g': '--add-origin', '-G': '--remove-origin', '-m': '--add-mirror',
                       '-M': '--remove-mirror'}.get(t, t)
                i += 1
                changes.append((key, a[i]))
            elif t in ('--sticky', '--non-sticky', '--enable', '--disable', '--no-refresh'):
                changes.append((t, None))
            elif t.startswith('-'):
                raise usage_error('pkg set-publisher: unsupported option %s' % t)
            elif name is None:
                name = t
            else:
                raise usage_error('pkg set-publisher: unexpected %s' % t)
            i += 1
        if name is None:
            raise usage_error('pkg set-publisher: no publisher')
        pubs = h.setdefault('publishers', [])
        p = next((x for x in pubs if x['name'] == name), None)
        if p is None:
            p = {"name": name, "origin": [], "mirror": [], "sticky": True, "enabled": True}
            pubs.append(p)
        for k, v in changes:
            if k in ('--add-origin', '--add-mirror'):
                lst = p.setdefault(k.split('-')[-1], [])
                if v not in lst:
                    lst.append(v)
            elif k in ('--remove-origin', '--remove-mirror'):
                lst = p.setdefault(k.split('-')[-1], [])
                p[k.split('-')[-1]] = [] if v == '*' else [x for x in lst if x != v]
            elif k == '--sticky':
                p['sticky'] = True
            elif k == '--non-sticky':
                p['sticky'] = False
            elif k == '--enable':
                p['enabled'] = True
            elif k == '--disable':
                p['enabled'] = False
        return 0
    if sub == 'unset-publisher':
        pubs = h.setdefault('publishers', [])
        for n in a:
            if not any(p['name'] == n for p in pubs):
                raise SimError('pkg unset-publisher: no such publisher: %s' % n)
        h['publishers'] = [p for p in pubs if p['name'] not in a]
        return 0
    # common option parsing for list/info/install/update/uninstall
    opts = set()
    names = []
    be_name = None
    dd = False
    for t in a:
        if dd or not t.startswith('-'):
            names.append(t)
        elif t == '--':
            dd = True
        elif t.startswith('--be-name='):
            be_name = t.split('=', 1)[1]
        elif t in ('-n', '-q', '-v', '-H', '-u', '-a', '-f', '-r', '--accept', '--no-refresh',
                   '--licenses', '-l', '--deny-new-be', '--require-new-be'):
            opts.add(t)
        elif re.fullmatch(r'-[nqvHuafr]+', t):
            opts.update('-' + c for c in t[1:])
        else:
            raise usage_error('pkg %s: unsupported option %s' % (sub, t))
    cat = ips_catalog(sim)
    pubname = cat.get('publisher', 'comms')
    if be_name:
        ctx.info['be_name'] = be_name
    if sub == 'list':
        rows = []
        if '-a' in opts or '-u' in opts:
            pass
        rc_missing = False
        targets = names or sorted(db)
        for n in targets:
            _pub, name, _ver = ips_parse(n)
            r = db.get(name)
            if r is not None and _ver and not (r['version'] == _ver or r['version'].startswith(_ver + '.')):
                r = None
            if '-a' in opts:
                for v in ips_available(ctx, name):
                    rows.append((name, v, 'i--' if r and r['version'] == v else '---'))
                continue
            if r is None:
                rc_missing = True
                continue
            if '-u' in opts:
                avail = ips_available(ctx, name)
                if not avail or vkey(avail[-1]) <= vkey(r['version']):
                    continue
            rows.append((name, r['version'], 'i--'))
        if not rows:
            ctx.e('pkg list: no packages matching %s %s' % (' '.join(names), 'have newer versions available' if '-u' in opts else 'installed'))
            return 1
        if '-H' not in opts:
            ctx.p('%-50s %-26s %s' % ('NAME (PUBLISHER)', 'VERSION', 'IFO'))
        for name, v, ifo in rows:
            ctx.p('%-50s %-26s %s' % ('%s (%s)' % (name, pubname) if name == sim.cfg['packages']['ips'] else name,
                                      v + '-0.175.3', ifo))
        return 1 if rc_missing and names and len(rows) < len(names) else 0
    if sub == 'info':
        missing = 0
        for n in names:
            _pub, name, _ver = ips_parse(n)
            r = db.get(name)
            if r is None and '-r' in opts:
                avail = ips_available(ctx, name)
                r = {"version": avail[-1], "state": "Not installed"} if avail else None
            if r is None:
                missing += 1
                continue
            ctx.p('          Name: %s' % name)
            ctx.p('       Summary: Oracle Communications Messaging Server')
            ctx.p('         State: %s' % ('Installed' if r.get('state') == 'installed' else r.get('state')))
            ctx.p('     Publisher: %s' % pubname)
            ctx.p('       Version: %s' % r['version'])
            ctx.p('        Branch: 0.175.3')
            ctx.p('          FMRI: %s' % ips_fmri(pubname, name, r['version']))
            ctx.p('')
        if missing:
            ctx.e('pkg: info: no packages matching the following patterns you specified are installed on the system.')
            return 1
        return 0
    dry = '-n' in opts
    if sub in ('install', 'update'):
        if not names and sub == 'update':
            names = sorted(db)
        plan = []
        for n in names:
            pub, name, ver = ips_parse(n)
            avail = ips_available(ctx, name, pub)
            if not avail:
                raise SimError('pkg %s: The following pattern(s) did not match any allowable packages. '
                               'Try using a different matching pattern, or refreshing publisher information:\n\t%s' % (sub, n))
            if ver:
                match = [v for v in avail if v == ver or v.startswith(ver + '.')]
                if not match:
                    raise SimError('pkg %s: no version of %s matches %s' % (sub, name, ver))
                want = match[-1]
            else:
                want = avail[-1]
            cur = db.get(name)
            if cur and cur['version'] == want and cur.get('state') == 'installed':
                continue
            # like IPS: installing an installed package updates it (to the newest, or the
            # version asked for); the image is changed in place, with services stopped
            plan.append((name, want, cur))
        if not plan:
            ctx.p('No updates necessary for this image.')
            return 4
        if any(n in h['packages'].get(s, {}) for s in ('rpm', 'svr4') for n in self_ms_names(sim)):
            raise SimError('pkg %s: %s already holds Messaging Server installed by SVR4 packages'
                           % (sub, h['install_root']))
        if dry:
            for name, want, cur in plan:
                ctx.p('%s %s -> %s' % (name, cur['version'] if cur else 'None', want))
            return 0
        if any(cur for _n, _w, cur in plan):
            require_stopped_for_packages(ctx, 'pkg %s: actuator failed:' % sub)
        if ctx.fault and ctx.fault.get('mode') != 'partial':
            raise SimError('pkg %s: transport/actuator error (injected fault %s)' % (sub, ctx.fault['id']))
        for name, want, _cur in plan:
            install_record(ctx, 'ips', {"name": name, "version": want, "publisher": pubname}, ctx.fault)
        sim.materialize(h)
        ctx.info['installed'] = ['%s@%s' % (n, w) for n, w, _c in plan]
        if ctx.fault:
            raise SimError('pkg %s: interrupted, image left partially installed (injected fault %s)'
                           % (sub, ctx.fault['id']))
        return 0
    if sub == 'uninstall':
        if not names:
            raise usage_error('pkg uninstall: no packages')
        todo = []
        for n in names:
            _pub, name, _ver = ips_parse(n)
            if name not in db:
                raise SimError('pkg uninstall: The following pattern(s) did not match any installed packages:\n\t%s' % n)
            todo.append(name)
        if dry:
            return 0
        if ctx.fault:
            raise SimError('pkg uninstall: failed (injected fault %s)' % ctx.fault['id'])
        require_stopped_for_packages(ctx, 'pkg uninstall: actuator failed:')
        for name in todo:
            del db[name]
        sim.materialize(h)
        ctx.info['erased'] = todo
        return 0
    raise usage_error('pkg: unsupported subcommand %s' % sub)
