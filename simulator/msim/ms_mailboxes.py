"""Messaging Server commands that move mailboxes: imsbackup, imsrestore, rehostuser."""

import io
import json
import re
import tarfile

from .base import parse_options, parse_since, SimError, usage_error, vkey
from .store import find_message
from .ms_commands import access_store, affinity_groups, read_userfile, require_ms, require_store_running


def cmd_imsbackup(ctx):
    require_ms(ctx)
    opts, rest = parse_options('imsbackup', ctx.args, 'xvf:d:u:', gnu=True)
    o = dict(opts)
    if '-f' not in o:
        raise usage_error('imsbackup: -f FILE is required')
    since = parse_since(o['-d']) if '-d' in o else None
    st = require_store_running(ctx)
    all_users = st.users()
    if '-u' in o:
        if rest:
            raise usage_error('imsbackup: give either -u USERFILE or store paths')
        users = read_userfile(o['-u'])
    else:
        if not rest:
            raise usage_error('imsbackup: no store path given (use /)')
        users = []
        for p in rest:
            if p in ('/', 'store:/'):
                users = all_users
                break
            m = re.fullmatch(r'(?:store:)?/?user/([^/]+)(/.*)?', p)
            if not m:
                raise usage_error('imsbackup: unsupported store path %r' % p)
            users.append(m.group(1))
    missing = [u for u in users if u not in all_users]
    if missing:
        raise SimError('imsbackup: no such mailbox user/%s' % missing[0])
    fault = ctx.fault
    entries = []
    nmsg = 0
    for uid in users:
        box = json.loads(json.dumps(st.mailbox(uid)))
        if since is not None:
            for folder in box['folders']:
                box['folders'][folder] = [m for m in box['folders'][folder]
                                          if m['arrived'] >= since or m.get('mtime', 0) >= since]
        nmsg += sum(len(v) for v in box['folders'].values())
        entries.append(box)
    ctx.work = nmsg
    manifest = {"msim": "imsbackup", "host": ctx.hname, "version": ctx.sim.installed_version(ctx.h),
                "format": st.meta['format'], "created": ctx.sim.now, "since": since,
                "users": users, "messages": nmsg, "full": since is None and users == all_users}
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w') as tar:
        def add(name, data):
            ti = tarfile.TarInfo(name)
            raw = json.dumps(data, sort_keys=True).encode()
            ti.size = len(raw)
            ti.mtime = int(ctx.sim.now)
            tar.addfile(ti, io.BytesIO(raw))
        add('manifest.json', manifest)
        for i, box in enumerate(entries):
            if fault and fault.get('mode') == 'partial' and i >= len(entries) // 2:
                break
            add('users/%s.json' % box['uid'], box)
    data = buf.getvalue()
    if fault and fault.get('mode') == 'partial':
        data = data[:max(512, len(data) * 2 // 3)]
    if o['-f'] == '-':
        ctx.bout = data
    else:
        with open(o['-f'], 'wb') as f:
            f.write(data)
    ctx.info['backup'] = {"users": len(users), "messages": nmsg, "since": o.get('-d')}
    if '-v' in o:
        ctx.e('imsbackup: %d mailboxes, %d messages' % (len(users), nmsg))
    if fault and fault.get('mode') == 'partial':
        raise SimError('imsbackup: write error (injected fault %s)' % fault['id'])
    return 0


def cmd_imsrestore(ctx):
    require_ms(ctx)
    opts, rest = parse_options('imsrestore', ctx.args, 'vEf:u:', gnu=True)
    o = dict(opts)
    if '-f' not in o or rest:
        raise usage_error('imsrestore: usage imsrestore [-v] [-E] [-u USERFILE] -f FILE')
    st = require_store_running(ctx)
    raw = ctx.stdin.read() if o['-f'] == '-' else None
    try:
        if raw is not None:
            tar = tarfile.open(fileobj=io.BytesIO(raw), mode='r')
        else:
            tar = tarfile.open(o['-f'], mode='r')
        with tar:
            manifest = json.load(tar.extractfile('manifest.json'))
            boxes = {}
            for ti in tar.getmembers():
                if ti.name.startswith('users/'):
                    box = json.load(tar.extractfile(ti))
                    boxes[box['uid']] = box
    except (OSError, tarfile.TarError, KeyError, ValueError, EOFError) as e:
        raise SimError('imsrestore: cannot read backup %s: %s' % (o['-f'], e))
    if set(manifest['users']) - set(boxes):
        raise SimError('imsrestore: backup %s is truncated (%d of %d mailboxes)'
                       % (o['-f'], len(boxes), len(manifest['users'])))
    only = set(read_userfile(o['-u'])) if '-u' in o else None
    merge = '-E' in o
    fault = ctx.fault
    n = 0
    restored = []
    for i, uid in enumerate(manifest['users']):
        if only is not None and uid not in only:
            continue
        if fault and fault.get('mode') == 'partial' and i >= len(manifest['users']) // 2:
            raise_after = True
            break
        box = st.mailbox(uid, create=True)
        for folder, msgs in boxes[uid]['folders'].items():
            box['folders'].setdefault(folder, [])
            for m in msgs:
                if merge:
                    _f, have = find_message(box, m['id'])
                    if have is not None:
                        if m.get('mtime', 0) >= have.get('mtime', 0):
                            have['flags'] = m['flags']
                            have['mtime'] = m.get('mtime', 0)
                        continue
                box['folders'][folder].append(dict(m))
                n += 1
        st.mark(uid)
        restored.append(uid)
    else:
        raise_after = False
    ctx.work = n
    ctx.info['restore'] = {"users": len(restored), "messages": n, "merge": merge,
                           "from_host": manifest.get('host'), "from_version": manifest.get('version')}
    if raise_after:
        raise SimError('imsrestore: aborted after %d mailboxes (injected fault %s)'
                       % (len(restored), fault['id']))
    return 0


def cmd_rehostuser(ctx):
    require_ms(ctx)
    opts, rest = parse_options('rehostuser', ctx.args, 'u:d:f:v', gnu=True)
    if rest:
        raise usage_error('rehostuser: unexpected arguments %r' % rest)
    users = [v for k, v in opts if k == '-u']
    dest = [v for k, v in opts if k == '-d']
    for k, v in opts:
        if k == '-f':
            users += read_userfile(v)
    if not users or len(dest) != 1:
        raise usage_error('rehostuser: usage rehostuser -u UID [-u UID...] | -f USERFILE -d HOST')
    sim = ctx.sim
    dest = dest[0]
    ddr = sim.resolve_mailhost(dest)
    if ddr is None:
        raise SimError('rehostuser: unknown destination host %s' % dest)
    dh = sim.store_running_on(ddr)
    if dh is None:
        raise SimError('rehostuser: the store on %s is not running' % dest)
    if vkey(sim.installed_version(dh)) < (8, 1):
        raise SimError('rehostuser: %s runs %s; the destination must run 8.1.0 or later'
                       % (dest, sim.installed_version(dh)))
    if not any(dh['name'] in hs or (dh.get('fqdn') and dh['fqdn'] in hs) for hs in affinity_groups(dh).values()):
        raise SimError('rehostuser: %s is in no store affinity group: its configuration has no '
                       'proxy:GROUP.storehostlist naming it (msconfig set)' % dh['name'])
    dst = access_store(ctx, dh, create=True)
    moved = []
    for uid in users:
        ctx.fault = ctx.fault or sim.take_fault(ctx.hname, 'rehostuser', [uid, dest])
        if ctx.fault:
            ctx.info['rehosted'] = moved
            raise SimError('rehostuser: %s: failed (injected fault %s)' % (uid, ctx.fault['id']))
        sdr, u = sim.user_route(uid)
        if u is None:
            raise SimError('rehostuser: no such user %s in the directory' % uid)
        if sdr == ddr:
            ctx.p('rehostuser: %s already on %s' % (uid, dest))
            continue
        sh = sim.store_running_on(sdr) if sdr else None
        if sh is None:
            raise SimError('rehostuser: the source store of %s (mailHost %s) is not running'
                           % (uid, u.get('mailHost')))
        src = access_store(ctx, sh, create=False)
        sbox = src.mailbox(uid) if src else None
        dbox = dst.mailbox(uid, create=True)
        n = 0
        if sbox:
            for folder, msgs in sbox['folders'].items():
                dbox['folders'].setdefault(folder, [])
                for m in msgs:
                    _f, have = find_message(dbox, m['id'])
                    if have is None:
                        dbox['folders'][folder].append(m)
                        n += 1
            src.remove(uid)
        dst.mark(uid)
        u['mailHost'] = dest
        sim.flush_user_caches(uid)
        for x in (sh, dh):
            if uid in (x.get('sessions') or []):
                x['sessions'].remove(uid)
        ctx.work += n
        moved.append(uid)
        ctx.other_hosts.update({sh['name'], dh['name']} - {ctx.hname})
        ctx.p('rehostuser: %s moved to %s (%d messages)' % (uid, dest, n))
    ctx.info['rehosted'] = moved
    return 0
