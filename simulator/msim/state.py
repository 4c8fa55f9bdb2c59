"""The whole simulation state (loaded under the lock), and the context a simulated command runs in."""

import io
import json
import os
import random
import shutil
import time

from .base import (DEFAULT_DURATIONS, MS_COMMANDS, SERVICE_ORDER, SERVICES_BY_COMPONENT, bin_subdir, SimError,
                   usage_error, vkey)
from .store import add_message, find_message, Store
from .runtime import write_wrapper
from .config import cache_ttl, mmp_config_ttl, mta_compiled_ttl


# ---------------------------------------------------------------------------------------------
# the whole simulation state (loaded under the lock)

def state_json(obj):
    return json.dumps(obj, indent=1, sort_keys=True)


def host_state_path(root, name):
    return os.path.join(root, 'hosts', name, 'sim', 'host.json')


def write_state(path, raw):
    """Replaces a state file whole (readers never see half of one)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = '%s.tmp%d' % (path, os.getpid())
    with open(tmp, 'w') as f:
        f.write(raw)
    os.replace(tmp, path)


class Sim:
    def __init__(self, root):
        self.root = os.path.abspath(root)
        self._raw = {}
        self.cfg = self._load(os.path.join(self.root, 'sim.json'))
        if self.cfg is None:
            raise SimError('msim: %s is not a simulator root (run `msim setup`)' % self.root)
        self.directory = self._load(os.path.join(self.root, 'directory.json'))
        self.cluster = self._load(os.path.join(self.root, 'cluster.json'))
        self.ledger = self._load(os.path.join(self.root, 'ledger.json'))
        self.faults = self._load(os.path.join(self.root, 'faults.json')) or []
        self.hosts = {}
        for name in self.cfg['host_names']:
            self.hosts[name] = self._load(self.host_path(name))
        self._stores = {}
        self.events = []          # what happened as a side effect (journaled)
        self.now = time.time()

    def host_path(self, name):
        return host_state_path(self.root, name)

    def _load(self, path):
        try:
            with open(path) as f:
                raw = f.read()
        except FileNotFoundError:
            return None
        self._raw[path] = raw
        return json.loads(raw)

    def _save(self, path, obj):
        # Every command loads the whole estate and changes a host or two of it. Comparing the
        # parsed objects (C code) finds what changed; serialising every state file to compare the
        # text cost a command about 0.6 ms per simulated host (indented JSON is encoded in pure
        # Python), which made a rehearsal's cost per host and task grow with the estate.
        before = self._raw.get(path)
        if before is not None and json.loads(before) == obj:
            return
        raw = state_json(obj)
        write_state(path, raw)
        self._raw[path] = raw

    def save(self):
        self._save(os.path.join(self.root, 'sim.json'), self.cfg)
        self._save(os.path.join(self.root, 'directory.json'), self.directory)
        self._save(os.path.join(self.root, 'cluster.json'), self.cluster)
        self._save(os.path.join(self.root, 'ledger.json'), self.ledger)
        self._save(os.path.join(self.root, 'faults.json'), self.faults)
        for name, h in self.hosts.items():
            self._save(self.host_path(name), h)
        for s in self._stores.values():
            s.save()

    def store(self, data_root):
        if data_root not in self._stores:
            self._stores[data_root] = Store(data_root)
        return self._stores[data_root]

    def reset_store_cache(self, data_root):
        self._stores.pop(data_root, None)

    def host(self, name):
        h = self.hosts.get(name)
        if h is None:
            raise SimError('msim: unknown simulated host %r' % name)
        return h

    # --- installation ----------------------------------------------------------------------
    def ms_records(self, h):
        recs = []
        for system, names in (('rpm', self.cfg['packages']['linux']),
                              ('svr4', self.cfg['packages']['solaris']),
                              ('ips', [self.cfg['packages']['ips']])):
            for n in names:
                r = h['packages'].get(system, {}).get(n)
                if r:
                    recs.append(dict(r, system=system, name=n))
        return recs

    def ms_status(self, h):
        """(status, version): absent | complete | partial | mixed."""
        recs = self.ms_records(h)
        if not recs:
            return 'absent', None
        systems = {r['system'] for r in recs}
        versions = {r['version'] for r in recs}
        if len(systems) > 1 or len(versions) > 1:
            return 'mixed', sorted(versions, key=vkey)[-1]
        system = recs[0]['system']
        expected = {'rpm': self.cfg['packages']['linux'], 'svr4': self.cfg['packages']['solaris'],
                    'ips': [self.cfg['packages']['ips']]}[system]
        version = recs[0]['version']
        if len(recs) < len(expected) or any(r.get('state') != 'installed' for r in recs):
            return 'partial', version
        return 'complete', version

    def installed_version(self, h):
        return self.ms_status(h)[1]

    def materialize(self, h):
        """Make the install root match the package database (binaries only; config/data kept)."""
        ir = h['install_root']
        status, version = self.ms_status(h)
        for sub in ('bin', 'sbin', 'lib'):
            p = os.path.join(ir, sub)
            if os.path.isdir(p):
                shutil.rmtree(p)
        if status == 'absent':
            return
        main_present = any(r['name'] in (self.cfg['packages']['linux'][:1] +
                                         self.cfg['packages']['solaris'][:1] +
                                         [self.cfg['packages']['ips']])
                           for r in self.ms_records(h))
        os.makedirs(os.path.join(ir, 'lib'), exist_ok=True)
        with open(os.path.join(ir, 'lib', 'VERSION'), 'w') as f:
            f.write(version + '\n')
        if not main_present:
            return
        bdir = os.path.join(ir, bin_subdir(version))
        os.makedirs(bdir, exist_ok=True)
        for cmd in MS_COMMANDS:
            if cmd == 'configtoxml' and vkey(version) < (7, 0, 5):
                continue
            write_wrapper(os.path.join(bdir, cmd), self.root, h['name'], cmd, self.cfg['runtime'])

    # --- services -----------------------------------------------------------------------------
    def services_for(self, h):
        out = []
        for c in h['components']:
            for s in SERVICES_BY_COMPONENT.get(c, []):
                if s not in out:
                    out.append(s)
        return [s for s in SERVICE_ORDER if s in out]

    def running(self, h):
        return [s for s in SERVICE_ORDER if h['services'].get(s)]

    def accepting(self, data_root):
        """Mail is delivered (and users change flags) only while a host serving the store is
        fully started: `start-msg store` alone accepts no mail (the chapter's back-out relies on
        that)."""
        h = self.store_running_on(data_root)
        return h is not None and all(h['services'].get(s) for s in self.services_for(h))

    def store_running_on(self, data_root):
        for h in self.hosts.values():
            if h['data_root'] == data_root and h['services'].get('store'):
                return h
        return None

    # --- directory / routing -----------------------------------------------------------------
    def resolve_mailhost(self, value):
        """mailHost value -> data root of the store that serves it (or None)."""
        if value is None:
            return None
        v = value.lower()
        for h in self.hosts.values():
            if v in (h['name'].lower(), (h.get('fqdn') or '').lower()):
                return h['data_root']
            ha = h.get('ha')
            if ha and v in (ha.get('logical_host', '').lower(), ha['resource'].lower()):
                return h['data_root']
        return None

    def host_for_mailhost(self, value):
        dr = self.resolve_mailhost(value)
        return [h for h in self.hosts.values() if h['data_root'] == dr]

    def user_route(self, uid):
        u = self.directory['users'].get(uid)
        if u is None:
            return None, None
        return self.resolve_mailhost(u.get('mailHost')), u

    # --- mail -------------------------------------------------------------------------------
    def deliver(self, uid=None, count=1):
        out = []
        users = sorted(self.directory['users'])
        if not users:
            return out
        for _ in range(count):
            n = self.ledger['next']
            self.ledger['next'] = n + 1
            rng = random.Random('%s:deliver:%d' % (self.cfg['seed'], n))
            who = uid or rng.choice(users)
            mid = 'm%07d' % n
            rec = {"id": mid, "user": who, "arrived": self.now, "size": 500 + rng.randrange(20000)}
            self.ledger['messages'][mid] = {"user": who, "flags": [], "arrived": self.now,
                                            "size": rec['size'], "seq": n}
            self.route_message(rec)
            out.append(mid)
        return out

    def route_message(self, rec, from_queue=None, mta=None):
        # The MTA that inserts the message looks the user up through its alias entry cache
        # (ALIAS_ENTRY_CACHE_TIMEOUT): within the timeout it uses the entry as it was
        # when first looked up, whatever the directory says now.
        mta = mta or self.holding_mta(None)
        u = self.cached_entry(mta, 'mta', rec['user']) if mta else self.directory['users'].get(rec['user'])
        dr = self.resolve_mailhost(u.get('mailHost')) if u else None
        if dr is None:
            self.ledger['messages'][rec['id']]['bounced'] = True
            self.events.append({"bounced": rec['id']})
            if from_queue:
                from_queue.dequeue(rec['id'])
            return 'bounced'
        st = self.store(dr)
        held = (u or {}).get('mailUserStatus', 'active') in ('hold', 'held')
        if held:
            # The MTA directs mail of a user on hold to its hold channel (ZZxxx.HELD files):
            # "This prevents them from being seen by the job controller, and thus they are
            # held" until `imsimta qm release` on that MTA (Administration Guide, "To
            # Temporarily Hold Messages Using the Hold Channel"). Setting the user active
            # again releases nothing.
            if from_queue:
                from_queue.dequeue(rec['id'])
            st.enqueue(dict(rec, held_on=mta or self.holding_mta(dr)))
            return 'held'
        if not held and self.accepting(dr) and st.exists():
            box = st.mailbox(rec['user'], create=True)
            add_message(box, 'INBOX', {"id": rec['id'], "flags": [], "arrived": rec['arrived'],
                                       "mtime": self.now, "size": rec['size']})
            st.mark(rec['user'])
            if from_queue:
                from_queue.dequeue(rec['id'])
            return 'delivered'
        if from_queue is st:
            return 'queued'
        if from_queue:
            from_queue.dequeue(rec['id'])
        st.enqueue(rec)
        return 'queued'

    def holding_mta(self, data_root):
        """The MTA whose hold channel keeps a held user's mail: the first inbound MTA (a host
        with the mta component whose MTA runs), else the host of the user's current store."""
        mtas = sorted(n for n, h in self.hosts.items() if 'mta' in h['components'] and h['services'].get('mta'))
        if mtas:
            return mtas[0]
        if data_root is None:
            return None
        owners = sorted(n for n, h in self.hosts.items() if h['data_root'] == data_root)
        return owners[0] if owners else None

    def held_on(self, host):
        return [rec for _dr, st in self.queue_stores() for rec in st.queued() if rec and rec.get('held_on') == host]

    def queue_stores(self):
        seen = set()
        for h in self.hosts.values():
            if h['data_root'] not in seen:
                seen.add(h['data_root'])
                yield h['data_root'], self.store(h['data_root'])

    def flush_queues(self):
        seen = set()
        for h in self.hosts.values():
            dr = h['data_root']
            if dr in seen:
                continue
            seen.add(dr)
            st = self.store(dr)
            for rec in st.queued():
                if rec and not rec.get('held_on'):
                    r = self.route_message(rec, from_queue=st)
                    if r == 'delivered':
                        self.events.append({"delivered_from_queue": rec['id']})

    def touch_flags(self, count=1):
        out = []
        ids = sorted(self.ledger['messages'])
        if not ids:
            return out
        for i in range(count):
            k = self.ledger.get('flag_changes', 0)
            self.ledger['flag_changes'] = k + 1
            rng = random.Random('%s:flags:%d' % (self.cfg['seed'], k))
            for _attempt in range(10):
                mid = rng.choice(ids)
                lrec = self.ledger['messages'][mid]
                dr, u = self.access_route(lrec['user'])
                if dr is None or not self.accepting(dr):
                    continue
                # a held mailbox (mailUserStatus: hold, during a move) refuses every new login,
                # unless a cache still holds the user's entry from before the hold; a session
                # opened before goes on until the user logs out or is disconnected
                # (imsconnutil -k): the guide's step 2, "Ensure that users to be moved are
                # logged out of their mail systems before the data move occurs"
                sh = self.store_running_on(dr)
                sessions = sh.setdefault('sessions', []) if sh else []
                if (u or {}).get('mailUserStatus', 'active') in ('hold', 'held') and lrec['user'] not in sessions:
                    continue
                if lrec['user'] not in sessions:
                    sessions.append(lrec['user'])
                    sessions.sort()
                st = self.store(dr)
                box = st.mailbox(lrec['user'])
                if not box:
                    continue
                _f, m = find_message(box, mid)
                if m is None:
                    continue
                flag = 'deleted' if rng.random() < 0.25 else 'seen'
                flags = set(m['flags'])
                flags ^= {flag}
                m['flags'] = sorted(flags)
                m['mtime'] = self.now
                st.mark(lrec['user'])
                lrec['flags'] = sorted(flags)
                out.append({"id": mid, "flags": m['flags']})
                break
        return out

    def auto_activity(self):
        c = self.cfg.setdefault('command_count', 0) + 1
        self.cfg['command_count'] = c
        ev = {}
        if self.cfg.get('deliver_every') and c % self.cfg['deliver_every'] == 0:
            ev['delivered'] = self.deliver()
        if self.cfg.get('flags_every') and c % self.cfg['flags_every'] == 0:
            ev['flags'] = self.touch_flags()
        return ev

    # --- directory caches (the online move's step 3) ---------------------------------------------
    def model_time(self):
        """Modelled now: the latest clock of any host (or the barrier)."""
        return max([self.cfg.get('barrier', 0.0)] + [h['clock'] for h in self.hosts.values()])

    def cached_entry(self, host, kind, uid):
        """The directory entry of UID as HOST's cache KIND (mta: alias entry cache; mmp: LDAP and
        authentication cache; store: authentication cache) gives it: the entry as first looked
        up while it is younger than the cache's TTL, else the directory's (then cached).
        TTL 0 caches nothing."""
        u = self.directory['users'].get(uid)
        h = self.hosts.get(host)
        if h is None:
            return u
        ttl = cache_ttl(h, kind)
        c = h.setdefault('caches', {}).setdefault(kind, {})
        now = self.model_time()
        hit = c.get(uid)
        if ttl > 0 and hit and now - hit['at'] < ttl:
            return hit['entry']
        if ttl > 0 and u is not None:
            c[uid] = {"at": now, "entry": {k: u.get(k) for k in ('mailHost', 'mailUserStatus') if k in u}}
        else:
            c.pop(uid, None)
        return u

    def access_route(self, uid):
        """(data root, entry) of a user logging in: through the first running MMP (its LDAP cache
        says which store), then that store's authentication cache says whether the user is let in."""
        u = self.directory['users'].get(uid)
        mmps = sorted(n for n, h in self.hosts.items() if 'mmp' in h['components'] and h['services'].get('mmp'))
        front = self.cached_entry(mmps[0], 'mmp', uid) if mmps else None
        if front is not None:
            u = front
        dr = self.resolve_mailhost((u or {}).get('mailHost'))
        sh = self.store_running_on(dr) if dr else None
        if sh is not None and u is not None:
            seen = self.cached_entry(sh['name'], 'store', uid) or {}
            refused = (front or {}).get('mailUserStatus', 'active') in ('hold', 'held')
            u = dict(u, mailUserStatus='hold' if refused else seen.get('mailUserStatus', 'active'))
        return dr, u

    def flush_user_caches(self, uid):
        """rehostuser "flushes LDAP caches as necessary"."""
        for h in self.hosts.values():
            for c in (h.get('caches') or {}).values():
                c.pop(uid, None)

    # --- faults ------------------------------------------------------------------------------
    def take_fault(self, host, name, args):
        joined = ' '.join(args)
        for f in list(self.faults):
            if f['host'] not in ('*', host) or f['command'] != name:
                continue
            if f.get('match') and f['match'] not in joined and f['match'] not in args:
                continue
            f['hits'] = f.get('hits', 0) + 1
            if f.get('after', 0) >= f['hits']:
                continue
            if f.get('once'):
                self.faults.remove(f)
            return f
        return None

    # --- modelled time -----------------------------------------------------------------------
    def duration(self, key, name, work):
        table = dict(DEFAULT_DURATIONS)
        table.update(self.cfg.get('durations') or {})
        d = table.get(key, table.get(name, table['default']))
        if isinstance(d, dict):
            return float(d.get('base', 0)) + float(d.get('per_message', 0)) * work
        return float(d)


MAX_TIME_SCALE = 10.0


def check_timing(durations, time_scale):
    """Refuses durations a command could not take (negative, not numbers) and a time scale
    outside [0, MAX_TIME_SCALE]: a bad durations file must fail at setup, not mid-rehearsal."""
    if time_scale is not None:
        if isinstance(time_scale, bool) or not isinstance(time_scale, (int, float)) \
                or not 0 <= time_scale <= MAX_TIME_SCALE:
            raise usage_error('msim: time_scale must be a number from 0 to %g (real seconds per modelled '
                              'second), not %r' % (MAX_TIME_SCALE, time_scale))
    if durations is None:
        return
    if not isinstance(durations, dict):
        raise usage_error('msim: durations must be an object of "COMMAND [SUB]": seconds')

    def number(key, v):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0 or v != v:
            raise usage_error('msim: duration %r must be a number of seconds >= 0, not %r' % (key, v))

    for key, v in durations.items():
        if isinstance(v, dict):
            extra = set(v) - {'base', 'per_message'}
            if extra:
                raise usage_error('msim: duration %r: unknown fields %s (base, per_message)'
                                  % (key, ', '.join(sorted(extra))))
            for f in ('base', 'per_message'):
                number('%s.%s' % (key, f), v.get(f, 0))
        else:
            number(key, v)


# ---------------------------------------------------------------------------------------------
# command context

class Ctx:
    def __init__(self, sim, host, name, args, stdin):
        self.sim = sim
        self.hname = host
        self.h = sim.host(host)
        self.name = name
        self.args = args
        self.stdin = stdin
        self.out = io.StringIO()
        self.err = io.StringIO()
        self.bout = None          # binary stdout (imsbackup -f -)
        self.work = 0             # messages touched (for durations)
        self.dkey = None          # durations key
        self.fault = None
        self.flags = []           # journal flags (e.g. "snapshot_while_running")
        self.info = {}            # extra journal fields
        self.svc_events = []      # (host, service, 'down'|'up')
        self.other_hosts = set()

    def p(self, *a):
        print(*a, file=self.out)

    def e(self, *a):
        print(*a, file=self.err)

    def subcommand(self):
        """(SUB, the arguments after it) of a command whose first argument names what it does
        (pkg, zfs): SUB keys its duration (`CMD SUB`); no argument at all is a usage error."""
        if not self.args:
            raise usage_error('%s: no subcommand' % self.name)
        sub = self.args[0]
        self.dkey = '%s %s' % (self.name, sub)
        return sub, list(self.args[1:])

    # services
    def set_service(self, h, svc, up):
        if bool(h['services'].get(svc)) == up:
            return
        h['services'][svc] = up
        # a (re)started process starts with empty caches and the configuration's TTLs
        kind = {'mta': 'mta', 'mmp': 'mmp', 'store': 'store', 'imap': 'store'}.get(svc)
        if kind == 'store':
            h.pop('sessions', None)
        if kind:
            (h.get('caches') or {}).pop(kind, None)
            if up and kind == 'mta':
                h.setdefault('live', {})['mta'] = mta_compiled_ttl(h)
            if up and kind == 'mmp':
                h.setdefault('live', {})['mmp'] = mmp_config_ttl(h)
        self.svc_events.append((h['name'], svc, 'up' if up else 'down'))
        if h['name'] != self.hname:
            self.other_hosts.add(h['name'])
        if svc == 'store':
            st = self.sim.store(h['data_root'])
            if up and st.exists():
                st.meta['clean'] = False
                st.touch_meta()


def pool_node(sim, h):
    """The node where the ZFS pool of h's store dataset is imported: h itself outside a cluster; in
    one, the resource's pool_node (where its storage was last online)."""
    if not h.get('ha') or not h.get('zfs_dataset'):
        return h['name']
    r = sim.cluster['resources'].get(h['ha']['resource']) or {}
    return r.get('pool_node') or h['name']
