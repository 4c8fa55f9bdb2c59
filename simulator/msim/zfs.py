"""ZFS: datasets, snapshots and rollbacks of the simulated hosts."""

import contextlib
import os
import shutil
import time

from .base import parse_options, read_json, SimError, usage_error, write_json
from .state import pool_node
from .ms_commands import sim_store_running


# ---------------------------------------------------------------------------------------------
# ZFS

def zfs_dir(h):
    dr = h['data_root'].rstrip('/')
    return os.path.join(os.path.dirname(dr), '.zfs-' + os.path.basename(dr))


def zfs_meta(h):
    return read_json(os.path.join(zfs_dir(h), 'snapshots.json'), [])


def zfs_save(h, snaps):
    write_json(os.path.join(zfs_dir(h), 'snapshots.json'), snaps)


def dir_size(path):
    n = 0
    for dp, _dn, fn in os.walk(path):
        for f in fn:
            with contextlib.suppress(OSError):
                n += os.path.getsize(os.path.join(dp, f))
    return n


def human(n):
    for unit in ('B', 'K', 'M', 'G'):
        if n < 1024 or unit == 'G':
            return ('%d%s' % (n, unit)) if unit == 'B' else ('%.1f%s' % (n, unit))
        n /= 1024.0


def cmd_zfs(ctx):
    sub, a = ctx.subcommand()
    h = ctx.h
    ds = h.get('zfs_dataset')
    if not ds:
        raise SimError('zfs: no ZFS datasets on this host')
    mount = h.get('zfs_mount') or os.path.join(h['data_root'], 'store')
    holder = pool_node(ctx.sim, h)
    if holder != h['name']:
        # an HA node where the shared pool is not imported: its datasets do not exist here
        if sub == 'list':
            _o, named = parse_options('zfs list', a, 'Hprt:o:s:d:')
            if not named:
                ctx.p('no datasets available')
                return 0
        raise SimError("cannot open '%s': dataset does not exist (its pool is imported on %s)" % (ds, holder))
    snaps = zfs_meta(h)
    parents = []
    parts = ds.split('/')
    for i in range(1, len(parts)):
        parents.append('/'.join(parts[:i]))
    if sub == 'list':
        opts, rest = parse_options('zfs list', a, 'Hprt:o:s:d:')
        o = {}
        for k, v in opts:
            o[k] = v
        types = (o.get('-t') or 'filesystem').split(',')
        fields = (o.get('-o') or 'name,used,avail,refer,mountpoint').split(',')
        rows = []
        size = dir_size(mount)
        fsl = [(p, {"type": "filesystem", "used": size, "avail": 10 << 30, "refer": 96 << 10,
                    "mountpoint": '/' + p, "creation": h.get('created', ctx.sim.now)}) for p in parents]
        fsl.append((ds, {"type": "filesystem", "used": size, "avail": 10 << 30, "refer": size,
                         "mountpoint": mount, "creation": h.get('created', ctx.sim.now)}))
        snl = [('%s@%s' % (ds, s['name']), {"type": "snapshot", "used": 0, "avail": '-',
                                            "refer": s.get('size', 0), "mountpoint": '-',
                                            "creation": s['creation']}) for s in snaps]
        every = fsl + snl
        if rest:
            sel = []
            for r in rest:
                hit = [x for x in every if x[0] == r or ('-r' in o and (x[0].startswith(r + '/') or x[0].startswith(r + '@')))]
                if not hit:
                    raise SimError("cannot open '%s': dataset does not exist" % r)
                sel += [x for x in hit if x not in sel]
            every = sel
        for name, props in every:
            if 'all' not in types and props['type'] not in types:
                continue
            vals = []
            for f in fields:
                if f == 'name':
                    vals.append(name)
                elif f == 'creation':
                    c = props['creation']
                    vals.append(str(int(c)) if '-p' in o else time.strftime('%a %b %e %H:%M %Y', time.localtime(c)))
                elif f in ('used', 'avail', 'available', 'refer', 'referenced'):
                    v = props[{'available': 'avail', 'referenced': 'refer'}.get(f, f)]
                    vals.append(v if isinstance(v, str) else (str(v) if '-p' in o else human(v)))
                elif f in props:
                    vals.append(str(props[f]))
                else:
                    raise usage_error("zfs list: unsupported property '%s'" % f)
            rows.append(vals)
        if '-H' in o:
            for r in rows:
                ctx.p('\t'.join(r))
        else:
            if not rows:
                ctx.p('no datasets available')
                return 0
            widths = [max(len(f), *(len(r[i]) for r in rows)) for i, f in enumerate(fields)]
            ctx.p('  '.join(f.upper().ljust(widths[i]) for i, f in enumerate(fields)).rstrip())
            for r in rows:
                ctx.p('  '.join(v.ljust(widths[i]) for i, v in enumerate(r)).rstrip())
        return 0
    if sub == 'snapshot':
        rest = [x for x in a if not x.startswith('-')]
        if len(rest) != 1 or len(rest) != len(a):
            raise usage_error('zfs snapshot: only `zfs snapshot DATASET@NAME` is simulated')
        target = rest[0]
        if '@' not in target:
            raise usage_error("zfs snapshot: missing '@' in %s" % target)
        d, name = target.split('@', 1)
        if d != ds:
            raise SimError("cannot create snapshot '%s': %s" % (
                target, 'only the store dataset %s is simulated' % ds if d in parents else 'dataset does not exist'))
        if any(s['name'] == name for s in snaps):
            raise SimError("cannot create snapshot '%s': dataset already exists" % target)
        if ctx.fault:
            raise SimError("cannot create snapshot '%s': out of space (injected fault %s)" % (target, ctx.fault['id']))
        if sim_store_running(ctx, h):
            if ctx.sim.cfg.get('zfs_snapshot_while_running', 'refuse') == 'refuse':
                raise SimError("msim: refusing `zfs snapshot %s`: the store service is running on %s; "
                               "the chapter stops services before the snapshot" % (target, h['name']))
            ctx.flags.append('snapshot_while_running')
        dest = os.path.join(zfs_dir(h), 'snap', name)
        if os.path.isdir(mount):
            shutil.copytree(mount, dest, symlinks=True)
        else:
            os.makedirs(dest)
        snaps.append({"name": name, "creation": ctx.sim.now, "size": dir_size(dest),
                      "store_running": sim_store_running(ctx, h)})
        zfs_save(h, snaps)
        ctx.work = 0
        return 0
    if sub == 'rollback':
        opts, rest = parse_options('zfs rollback', a, 'rRf')
        o = dict(opts)
        if len(rest) != 1 or '@' not in rest[0]:
            raise usage_error('zfs rollback: usage zfs rollback [-r] DATASET@NAME')
        d, name = rest[0].split('@', 1)
        idx = next((i for i, s in enumerate(snaps) if s['name'] == name), None)
        if d != ds or idx is None:
            raise SimError("cannot open '%s': dataset does not exist" % rest[0])
        later = snaps[idx + 1:]
        if later and '-r' not in o and '-R' not in o:
            raise SimError("cannot rollback to '%s': more recent snapshots or bookmarks exist\n"
                           "use '-r' to force deletion of the following snapshots and bookmarks:\n%s"
                           % (rest[0], '\n'.join('%s@%s' % (ds, s['name']) for s in later)))
        if sim_store_running(ctx, h):
            raise SimError("cannot unmount '%s': Device busy (the store service is running)" % mount)
        if ctx.fault:
            raise SimError("cannot rollback '%s': I/O error (injected fault %s)" % (rest[0], ctx.fault['id']))
        src = os.path.join(zfs_dir(h), 'snap', name)
        if os.path.isdir(mount):
            shutil.rmtree(mount)
        shutil.copytree(src, mount, symlinks=True)
        for s in later:
            shutil.rmtree(os.path.join(zfs_dir(h), 'snap', s['name']), ignore_errors=True)
        zfs_save(h, snaps[:idx + 1])
        ctx.sim.reset_store_cache(h['data_root'])
        ctx.info['rolled_back_to'] = name
        return 0
    if sub == 'destroy':
        rest = [x for x in a if not x.startswith('-')]
        if len(rest) != 1 or '@' not in rest[0]:
            raise usage_error('zfs destroy: only snapshots (DATASET@NAME) may be destroyed here')
        d, name = rest[0].split('@', 1)
        if d != ds or not any(s['name'] == name for s in snaps):
            raise SimError("could not find any snapshots to destroy; check snapshot names.")
        shutil.rmtree(os.path.join(zfs_dir(h), 'snap', name), ignore_errors=True)
        zfs_save(h, [s for s in snaps if s['name'] != name])
        return 0
    if sub == 'get':
        raise usage_error('zfs get: not simulated')
    raise usage_error('zfs: unsupported subcommand %s' % sub)
