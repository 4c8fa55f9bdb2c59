#!/usr/bin/env python3
"""msim - simulated Oracle Communications Messaging Server hosts for `msupgrade rehearse`.

One file, Python 3 standard library only.  Two faces:

* the CLI (`python3 msim.py setup|deliver|touch-flags|check|fault|clear-faults|durations|
  downtime|status|barrier ...`), used by the Java side and by the tests;
* the simulated commands: tiny wrapper scripts written into each sandbox host's bin
  directories call `wrapper_main(root, host, name)`, which dispatches on the command name,
  applies the command to the sandbox state under a global lock and appends one line to
  ROOT/journal.jsonl.

See README.md next to this file for the model, the SPEC format and the contract.
"""

import contextlib
import datetime
import fcntl
import fnmatch
import getopt
import io
import json
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import time

SIM_DIR = os.path.dirname(os.path.abspath(__file__))
SIM_VERSION = 1

MS_COMMANDS = ('imsimta', 'stop-msg', 'start-msg', 'stored', 'mboxutil', 'imsbackup',
               'imsrestore', 'configtoxml', 'rehostuser', 'configure', 'msconfig', 'configutil', 'imsconnutil')
# a MAL (message access layer) host of a Cassandra store serves IMAP/POP and holds the
# rehosted mailboxes (the sandbox store stands in for Cassandra)
SERVICES_BY_COMPONENT = {'store': ['store', 'imap', 'pop'], 'mal': ['store', 'imap', 'pop'], 'mta': ['mta'],
                         'mmp': ['mmp'], 'webmail': ['http'], 'mshttp': ['http']}
SERVICE_ORDER = ['store', 'imap', 'pop', 'mta', 'mmp', 'http']
# real system commands passed through (journaled; absolute path arguments must stay inside
# the sandbox for the commands in PATH_CHECKED)
PASSTHROUGH = ['mv', 'cp', 'rm', 'mkdir', 'rmdir', 'ls', 'cat', 'test', '[', 'df', 'du', 'date',
               'sleep', 'tar', 'gzip', 'gunzip', 'chmod', 'chown', 'id', 'true', 'false', 'echo',
               'printf', 'grep', 'sed', 'awk', 'head', 'tail', 'wc', 'sort', 'find', 'ln', 'touch',
               'stat', 'basename', 'dirname', 'readlink', 'tee', 'sync', 'cut', 'tr', 'uniq',
               'whoami', 'diff', 'cmp', 'md5sum', 'sha256sum']
PATH_CHECKED = {'mv', 'cp', 'rm', 'mkdir', 'rmdir', 'ls', 'cat', 'df', 'du', 'tar', 'chmod',
                'chown', 'ln', 'touch', 'stat', 'find', 'tee', 'readlink', 'head', 'tail', 'wc',
                'sort', 'gzip', 'gunzip', 'diff', 'cmp', 'md5sum', 'sha256sum'}
SIMULATED_SYSTEM = ['rpm', 'pkginfo', 'pkgadd', 'pkgrm', 'pkg', 'zfs', 'scswitch', 'clresource',
                    'crsctl', 'ldapmodify', 'ldapsearch', 'hostname', 'uname', 'perl']
KNOWN_COMMANDS = set(MS_COMMANDS) | set(SIMULATED_SYSTEM) | set(PASSTHROUGH) | {'comm_dssetup.pl'}

DEFAULT_DURATIONS = {
    "default": 1,
    "passthrough": 0.2,
    "imsimta": 1, "mboxutil": {"base": 2, "per_message": 0.001},
    "stop-msg": 20, "start-msg": 40, "start-msg store": 15, "stored -r": 30,
    "rpm -q": 0.5, "rpm -e": 40, "rpm -i": 150, "rpm -U": 180,
    "pkginfo": 0.5, "pkgrm": 60, "pkgadd": 240,
    "pkg list": 2, "pkg info": 2, "pkg publisher": 1, "pkg set-publisher": 3,
    "pkg install": 300, "pkg update": 300, "pkg uninstall": 90,
    "imsbackup": {"base": 10, "per_message": 0.02},
    "imsrestore": {"base": 10, "per_message": 0.04},
    "rehostuser": {"base": 5, "per_message": 0.03},
    "zfs list": 0.5, "zfs snapshot": 2, "zfs rollback": 10, "zfs destroy": 2,
    "scswitch": 45, "clresource": 45, "crsctl": 45,
    "comm_dssetup.pl": 90, "configtoxml": 30, "configure": 60, "msconfig": 2, "configutil": 1, "imsconnutil": 1,
    "imsimta restart": 20, "imsimta cnbuild": 5,
    "ldapmodify": 1, "ldapsearch": 0.5,
}

DEFAULT_CONFIG = {
    "time_scale": 0.0,                 # real seconds slept per modelled second (0: never sleep)
    "deliver_every": 5,                # a message arrives every N simulated commands (0: off)
    "flags_every": 7,                  # a user changes a flag every N simulated commands (0: off)
    "zfs_snapshot_while_running": "refuse",   # refuse | flag
    "require_recovery_before_conversion": True,
    "durations": {},
}


class SimError(Exception):
    def __init__(self, msg, rc=1, unsupported=False):
        super().__init__(msg)
        self.rc = rc
        self.unsupported = unsupported


def usage_error(msg):
    return SimError(msg, rc=2, unsupported=True)


# ---------------------------------------------------------------------------------------------
# small helpers

def vkey(v):
    out = []
    for part in re.split(r'[.\-,]', str(v)):
        out.append(int(part) if part.isdigit() else 0)
    return tuple(out)


def store_format(version):
    """Message store on-disk format written by a version (8.0.1 changed it, 8.1.0 again)."""
    if version is None:
        return None
    k = vkey(version)
    if k < (8, 0, 1):
        return 1
    if k < (8, 1, 0):
        return 2
    return 3


def bin_subdir(version):
    return 'sbin' if vkey(version) < (8, 0) else 'bin'


def now_iso():
    return datetime.datetime.now().astimezone().isoformat(timespec='milliseconds')


def read_json(path, default=None):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return default


def write_json(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = '%s.tmp%d' % (path, os.getpid())
    with open(tmp, 'w') as f:
        json.dump(data, f, indent=1, sort_keys=True)
    os.replace(tmp, path)


def parse_since(text):
    m = re.fullmatch(r'(\d{8}):?(\d{6})?', text)
    if not m:
        raise usage_error('imsbackup: bad date %r (expected YYYYMMDD:HHMMSS)' % text)
    s = m.group(1) + (m.group(2) or '000000')
    return time.mktime(time.strptime(s, '%Y%m%d%H%M%S'))


@contextlib.contextmanager
def locked(root):
    fd = os.open(os.path.join(root, '.msim.lock'), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


# ---------------------------------------------------------------------------------------------
# the message store of one data root (files under DATA_ROOT/store; MTA queue under DATA_ROOT/queue)

class Store:
    def __init__(self, data_root):
        self.data_root = data_root
        self.dir = os.path.join(data_root, 'store')
        self.part = os.path.join(self.dir, 'partition', 'primary')
        self.meta_path = os.path.join(self.dir, 'store.json')
        self.meta = read_json(self.meta_path)
        self._boxes = {}
        self._dirty = set()
        self._meta_dirty = False

    def exists(self):
        return self.meta is not None

    def create(self, fmt, version):
        os.makedirs(self.part, exist_ok=True)
        self.meta = {"format": fmt, "created": time.time(), "created_by": version,
                     "last_version": version, "clean": True, "conversions": []}
        self._meta_dirty = True

    def touch_meta(self):
        self._meta_dirty = True

    def users(self):
        if not os.path.isdir(self.part):
            return []
        return sorted(f[:-5] for f in os.listdir(self.part) if f.endswith('.json'))

    def mailbox(self, uid, create=False):
        if uid not in self._boxes:
            box = read_json(os.path.join(self.part, uid + '.json'))
            if box is None:
                if not create:
                    return None
                box = {"uid": uid, "folders": {"INBOX": []}}
                self._dirty.add(uid)
            self._boxes[uid] = box
        return self._boxes[uid]

    def mark(self, uid):
        self._dirty.add(uid)

    def remove(self, uid):
        self._boxes.pop(uid, None)
        self._dirty.discard(uid)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(self.part, uid + '.json'))

    def count_messages(self, uids=None):
        n = 0
        for uid in (uids if uids is not None else self.users()):
            box = self.mailbox(uid)
            if box:
                n += sum(len(v) for v in box['folders'].values())
        return n

    def save(self):
        if self._meta_dirty and self.meta is not None:
            write_json(self.meta_path, self.meta)
        for uid in sorted(self._dirty):
            write_json(os.path.join(self.part, uid + '.json'), self._boxes[uid])
        self._dirty.clear()
        self._meta_dirty = False

    # MTA queue: not part of the store area (a ZFS rollback of the store never touches it)
    def queue_dir(self):
        return os.path.join(self.data_root, 'queue')

    def queued(self):
        d = self.queue_dir()
        if not os.path.isdir(d):
            return []
        return [read_json(os.path.join(d, f)) for f in sorted(os.listdir(d)) if f.endswith('.json')]

    def enqueue(self, rec):
        write_json(os.path.join(self.queue_dir(), rec['id'] + '.json'), rec)

    def dequeue(self, mid):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(self.queue_dir(), mid + '.json'))


def add_message(box, folder, rec):
    box['folders'].setdefault(folder, []).append(rec)


def find_message(box, mid):
    for folder, msgs in box['folders'].items():
        for m in msgs:
            if m['id'] == mid:
                return folder, m
    return None, None


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
            raise SimError('msim: %s is not a simulator root (run `msim.py setup`)' % self.root)
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
        raw = state_json(obj)
        if self._raw.get(path) == raw:
            return
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
            write_wrapper(os.path.join(bdir, cmd), self.root, h['name'], cmd)

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


# ---------------------------------------------------------------------------------------------
# Messaging Server commands

def require_ms(ctx):
    status, version = ctx.sim.ms_status(ctx.h)
    if status == 'absent':
        # the binary exists only while installed; reaching this means a stale wrapper
        raise SimError('%s: Messaging Server is not installed' % ctx.name, rc=127)
    return status, version


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


def config_layout(h):
    cr = h['config_root']
    if os.path.exists(os.path.join(cr, 'config.xml')):
        return 'unified'
    if os.path.exists(os.path.join(cr, 'msg.conf')):
        return 'legacy'
    return None


# The caches the online move lowers (Administration Guide 6.3, "To Migrate User Mailboxes from
# One Messaging Server to Another While Online", step 3), their documented defaults, and where
# each layout keeps them. Legacy: the store's configutil option in msg.conf; the MMP's
# ImapProxyAService.cfg / PopProxyAService.cfg ("default:Option value" lines); the MTA's
# option.dat (OPTION=value). Unified Configuration (msconfig): the names below (the MMP's
# ldapcachettl is "available under mmp, imapproxy, popproxy, and vdomain"; the others are
# this simulator's reading of the legacy names, see docs/coexistence.md).
CACHE_DEFAULTS = {'service.authcachettl': 900, 'LdapCacheTTL': 900, 'AuthCacheTTL': 900,
                  'ALIAS_ENTRY_CACHE_TIMEOUT': 600}
MMP_FILES = {'ImapProxyAService.cfg': 'imapproxy', 'PopProxyAService.cfg': 'popproxy'}
UNIFIED_CACHE_OPTIONS = {'base.authcachettl', 'mta.alias_entry_cache_timeout',
                         'imapproxy.ldapcachettl', 'imapproxy.authcachettl', 'popproxy.ldapcachettl',
                         'popproxy.authcachettl', 'mmp.ldapcachettl', 'mmp.authcachettl'}


def read_lines(path):
    try:
        with open(path) as f:
            return f.read().splitlines()
    except OSError:
        return []


def ttl_value(v, default):
    try:
        return max(0, int(str(v).strip()))
    except (TypeError, ValueError):
        return default


def unified_option(h, name):
    cfg = read_json(os.path.join(h['config_root'], '.msim-config.json'), {}) if h.get('config_root') else {}
    return (cfg.get('msconfig') or {}).get(name)


def msg_conf_option(h, name):
    for line in read_lines(os.path.join(h['config_root'], 'msg.conf')):
        if '=' in line and not line.lstrip().startswith(('!', '#')):
            k, v = [x.strip() for x in line.split('=', 1)]
            if k == name:
                return v
    return None


def store_config_ttl(h):
    if config_layout(h) == 'unified':
        v = unified_option(h, 'base.authcachettl')
    else:
        v = msg_conf_option(h, 'service.authcachettl')
    return ttl_value(v, CACHE_DEFAULTS['service.authcachettl'])


def mmp_config_ttl(h):
    """How long the MMP lets a user in on a cached entry: per service, its AuthCacheTTL bounded by
    its LdapCacheTTL ("setting ldapcachettl smaller than authcachettl causes the entire user entry
    to expire"); a user may come through IMAP or POP, so the longer of the two."""
    out = []
    for fname, group in MMP_FILES.items():
        vals = {}
        if config_layout(h) == 'unified':
            for opt in ('ldapcachettl', 'authcachettl'):
                v = unified_option(h, '%s.%s' % (group, opt))
                vals[opt] = v if v is not None else unified_option(h, 'mmp.%s' % opt)
        else:
            for line in read_lines(os.path.join(h['config_root'], fname)):
                m = re.match(r'^\s*default:(\w+)\s+(\S+)', line)
                if m and m.group(1).lower() in ('ldapcachettl', 'authcachettl'):
                    vals[m.group(1).lower()] = m.group(2)
        out.append(min(ttl_value(vals.get('ldapcachettl'), 900), ttl_value(vals.get('authcachettl'), 900)))
    return max(out)


def mta_config_ttl(h):
    if config_layout(h) == 'unified':
        v = unified_option(h, 'mta.alias_entry_cache_timeout')
    else:
        v = None
        for line in read_lines(os.path.join(h['config_root'], 'option.dat')):
            m = re.match(r'^\s*ALIAS_ENTRY_CACHE_TIMEOUT\s*=\s*(\S*)', line, re.I)
            if m:
                v = m.group(1)
    return ttl_value(v, CACHE_DEFAULTS['ALIAS_ENTRY_CACHE_TIMEOUT'])


def mta_compiled_ttl(h):
    """The MTA runs the compiled configuration (imsimta cnbuild), not the files as edited."""
    return ttl_value((h.get('mta_compiled') or {}).get('alias_entry_cache_timeout'),
                     CACHE_DEFAULTS['ALIAS_ENTRY_CACHE_TIMEOUT'])


def cache_ttl(h, kind):
    """The TTL a running process uses: the MTA's and the MMP's as they were when it (re)started,
    the store's authentication cache as configured (the guide: with the hold it "immediately
    prevents users from accessing their mailboxes")."""
    if kind == 'store':
        return store_config_ttl(h) if config_layout(h) else CACHE_DEFAULTS['service.authcachettl']
    live = (h.get('live') or {}).get(kind)
    if live is None:
        return CACHE_DEFAULTS['ALIAS_ENTRY_CACHE_TIMEOUT' if kind == 'mta' else 'AuthCacheTTL']
    return live


def cmd_configutil(ctx):
    """configutil -o OPTION [-v VALUE] (legacy configuration: msg.conf): prints the option's value
    (nothing when unset) or sets it."""
    require_ms(ctx)
    try:
        opts, rest = getopt.getopt(ctx.args, 'o:v:')
    except getopt.GetoptError as e:
        raise usage_error('configutil: %s' % e)
    o = dict(opts)
    if rest or '-o' not in o:
        raise usage_error('configutil: the simulator accepts only: configutil -o OPTION [-v VALUE]')
    h = ctx.h
    layout = config_layout(h)
    if layout is None:
        raise SimError('configutil: no configuration in %s' % h['config_root'])
    if layout == 'unified':
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
    try:
        opts, rest = getopt.getopt(ctx.args, 'cakes:u:f:')
    except getopt.GetoptError as e:
        raise usage_error('imsconnutil: %s' % e)
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
        if config_layout(ctx.h) is None:
            raise SimError('imsimta: no configuration in %s' % ctx.h['config_root'])
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
    try:
        opts, rest = getopt.getopt(ctx.args, 'lp:x')
    except getopt.GetoptError as e:
        raise usage_error('mboxutil: %s' % e)
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
    layout = config_layout(h)
    if layout is None:
        raise SimError('configtoxml: no configuration in %s' % h['config_root'])
    if layout == 'unified':
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


def cmd_imsbackup(ctx):
    require_ms(ctx)
    try:
        opts, rest = getopt.gnu_getopt(ctx.args, 'xvf:d:u:')
    except getopt.GetoptError as e:
        raise usage_error('imsbackup: %s' % e)
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
    try:
        opts, rest = getopt.gnu_getopt(ctx.args, 'vEf:u:')
    except getopt.GetoptError as e:
        raise usage_error('imsrestore: %s' % e)
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
    try:
        opts, rest = getopt.gnu_getopt(ctx.args, 'u:d:f:v')
    except getopt.GetoptError as e:
        raise usage_error('rehostuser: %s' % e)
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
        if ctx.fault and ctx.fault.get('mode') != 'partial':
            raise SimError('error: unpacking of archive failed (injected fault %s)' % ctx.fault['id'])
        for k, r in enumerate(recs):
            if mode == 'F' and r['name'] not in db:
                continue
            if ctx.fault and ctx.fault.get('mode') == 'partial' and k > 0:
                break
            install_record(ctx, 'rpm', r, ctx.fault)
        ctx.sim.materialize(h)
        ctx.info['installed'] = ['%s-%s' % (r['name'], r['version']) for r in recs]
        if ctx.fault:
            raise SimError('error: %s: install interrupted, package left half-installed '
                           '(injected fault %s)' % (recs[0]['name'], ctx.fault['id']))
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
    try:
        opts, rest = getopt.getopt(ctx.args, 'lqxd:')
    except getopt.GetoptError as e:
        raise usage_error('pkginfo: %s' % e)
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
    try:
        opts, rest = getopt.getopt(ctx.args, 'na:')
    except getopt.GetoptError as e:
        raise usage_error('pkgrm: %s' % e)
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
    try:
        opts, rest = getopt.getopt(ctx.args, 'na:d:G')
    except getopt.GetoptError as e:
        raise usage_error('pkgadd: %s' % e)
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
    if ctx.fault and ctx.fault.get('mode') != 'partial':
        raise SimError('pkgadd: ERROR: installation of <%s> failed (injected fault %s)' % (rest[0], ctx.fault['id']))
    for k, r in enumerate(recs):
        if ctx.fault and k > 0:
            break
        install_record(ctx, 'svr4', r, ctx.fault)
    ctx.sim.materialize(h)
    ctx.info['installed'] = ['%s-%s' % (r['name'], r['version']) for r in recs]
    if ctx.fault:
        raise SimError('pkgadd: ERROR: installation of <%s> was interrupted; partially installed '
                       '(injected fault %s)' % (rest[0], ctx.fault['id']))
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
    a = list(ctx.args)
    if not a:
        raise usage_error('pkg: no subcommand')
    sub, a = a[0], a[1:]
    ctx.dkey = 'pkg %s' % sub
    h = ctx.h
    db = h['packages'].setdefault('ips', {})
    sim = ctx.sim
    if sub == 'publisher':
        try:
            opts, rest = getopt.getopt(a, 'HF:P')
        except getopt.GetoptError as e:
            raise usage_error('pkg publisher: %s' % e)
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
    a = list(ctx.args)
    if not a:
        raise usage_error('zfs: no subcommand')
    sub, a = a[0], a[1:]
    ctx.dkey = 'zfs %s' % sub
    h = ctx.h
    ds = h.get('zfs_dataset')
    if not ds:
        raise SimError('zfs: no ZFS datasets on this host')
    mount = h.get('zfs_mount') or os.path.join(h['data_root'], 'store')
    holder = pool_node(ctx.sim, h)
    if holder != h['name']:
        # an HA node where the shared pool is not imported: its datasets do not exist here
        if sub == 'list':
            try:
                _o, named = getopt.getopt(a, 'Hprt:o:s:d:')
            except getopt.GetoptError as e:
                raise usage_error('zfs list: %s' % e)
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
        try:
            opts, rest = getopt.getopt(a, 'Hprt:o:s:d:')
        except getopt.GetoptError as e:
            raise usage_error('zfs list: %s' % e)
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
        try:
            opts, rest = getopt.getopt(a, 'rRf')
        except getopt.GetoptError as e:
            raise usage_error('zfs rollback: %s' % e)
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


# ---------------------------------------------------------------------------------------------
# HA: Solaris Cluster (scswitch/clresource) and Oracle Clusterware (crsctl)

def ha_nodes(sim, res):
    return [h for h in sim.hosts.values() if h.get('ha') and h['ha']['resource'] == res]


def pool_node(sim, h):
    """The node where the ZFS pool of h's store dataset is imported: h itself outside a cluster; in
    one, the resource's pool_node (where its storage was last online)."""
    if not h.get('ha') or not h.get('zfs_dataset'):
        return h['name']
    r = sim.cluster['resources'].get(h['ha']['resource']) or {}
    return r.get('pool_node') or h['name']


def agent_problem(sim, n):
    """Why the Messaging Server Clusterware agent on node n cannot start the resource, or None:
    "upgrading the Messaging Server software then upgrading the Messaging Oracle Clusterware
    Agent" (chapter "Messaging Server 8.1.0 Upgrade in an HA Environment")."""
    names = (n.get('ha') or {}).get('agent') or []
    if not names or (n.get('ha') or {}).get('cluster') != 'clusterware':
        return None
    ms = sim.installed_version(n)
    for name in names:
        rec = n['packages'].get('rpm', {}).get(name)
        if rec is None or rec.get('state') != 'installed':
            return 'the Messaging Server agent %s is not installed' % name
        if ms and vkey(rec['version']) < vkey(ms):
            return ('the Messaging Server agent %s is %s, older than Messaging Server %s: upgrade the agent '
                    'after the software' % (name, rec['version'], ms))
    return None


def ha_disable(ctx, res):
    sim = ctx.sim
    r = sim.cluster['resources'].get(res)
    if r is None:
        raise SimError('scswitch: (C189917) resource "%s" does not exist' % res)
    if ctx.fault:
        raise SimError('%s: stop of resource %s failed (injected fault %s)' % (ctx.name, res, ctx.fault['id']))
    for node in ha_nodes(sim, res):
        stop_services(ctx, node, SERVICE_ORDER)
    r['enabled'] = False
    r['state'] = 'Offline'
    r['online_node'] = None
    r.setdefault('history', []).append({"disabled": sim.now, "by": ctx.hname})


def ha_enable(ctx, res, node=None):
    sim = ctx.sim
    r = sim.cluster['resources'].get(res)
    if r is None:
        raise SimError('%s: resource "%s" does not exist' % (ctx.name, res))
    nodes = ha_nodes(sim, res)
    if node:
        nodes = [n for n in nodes if n['name'] == node]
    # the resource comes online where its storage is, first
    nodes.sort(key=lambda n: n['name'] != r.get('pool_node'))
    r['enabled'] = True
    if ctx.fault:
        r['state'] = 'Start_failed'
        raise SimError('%s: resource %s failed to start (injected fault %s)' % (ctx.name, res, ctx.fault['id']))
    errors = []
    for n in nodes:
        why = agent_problem(sim, n)
        if why:
            errors.append("%s: CRS-2674: Start of '%s' on '%s' failed: %s" % (n['name'], res, n['name'], why))
            continue
        try:
            start_services(ctx, n, sim.services_for(n), recover=True)
        except SimError as e:
            errors.append('%s: %s' % (n['name'], e))
            continue
        r['state'] = 'Online'
        r['online_node'] = n['name']
        if r.get('pool_node'):
            r['pool_node'] = n['name']   # the storage fails over with the resource
        r.setdefault('history', []).append({"enabled": sim.now, "by": ctx.hname, "node": n['name']})
        return
    r['state'] = 'Start_failed'
    raise SimError('%s: resource %s failed to start on every node:\n%s' % (ctx.name, res, '\n'.join(errors)))


def cmd_scswitch(ctx):
    try:
        opts, rest = getopt.getopt(ctx.args, 'nej:')
    except getopt.GetoptError as e:
        raise usage_error('scswitch: %s' % e)
    o = dict(opts)
    if rest or '-j' not in o or ('-n' in o) == ('-e' in o):
        raise usage_error('scswitch: only -n -j RES / -e -j RES are simulated')
    check_ha(ctx, o['-j'], 'solaris-cluster')
    if '-n' in o:
        ha_disable(ctx, o['-j'])
    else:
        ha_enable(ctx, o['-j'])
    return 0


def cluster_resources(ctx, kind):
    """The resources of KIND in the cluster this host is a node of (every resource is of the
    Messaging Server's type: SUNW.ims under Solaris Cluster)."""
    return [res for res, r in sorted(ctx.sim.cluster['resources'].items())
            if r['cluster'] == kind and any(n['name'] == ctx.hname for n in ha_nodes(ctx.sim, res))]


def cmd_clresource(ctx):
    if ctx.args[:1] == ['list']:
        # clresource list [-t TYPE]: the names of the cluster's resources, one a line
        if ctx.args[1:] not in ([], ['-t', 'SUNW.ims']):
            raise usage_error('clresource: only list [-t SUNW.ims] is simulated')
        for res in cluster_resources(ctx, 'solaris-cluster'):
            ctx.p(res)
        return 0
    if len(ctx.args) != 2 or ctx.args[0] not in ('enable', 'disable', 'status'):
        raise usage_error('clresource: only enable|disable|status RES are simulated')
    check_ha(ctx, ctx.args[1], 'solaris-cluster')
    if ctx.args[0] == 'disable':
        ha_disable(ctx, ctx.args[1])
    elif ctx.args[0] == 'enable':
        ha_enable(ctx, ctx.args[1])
    else:
        r = ctx.sim.cluster['resources'][ctx.args[1]]
        for n in ha_nodes(ctx.sim, ctx.args[1]):
            ctx.p('%s\t%s\t%s' % (ctx.args[1], n['name'], 'Online' if r.get('online_node') == n['name'] else 'Offline'))
    return 0


def check_ha(ctx, res, kind):
    ha = ctx.h.get('ha')
    r = ctx.sim.cluster['resources'].get(res)
    if r is None:
        raise SimError('%s: resource "%s" does not exist' % (ctx.name, res))
    if not ha or ha['resource'] != res:
        raise SimError('%s: this node (%s) is not a node of resource %s' % (ctx.name, ctx.hname, res))
    if r['cluster'] != kind:
        raise SimError('%s: resource %s is managed by %s' % (ctx.name, res, r['cluster']))


def cmd_crsctl(ctx):
    a = ctx.args
    if a == ['status', 'resource', '-p']:
        # every resource's static attributes, a blank line between resources; the Messaging
        # Server resource's action script is the product's agent under the install root
        for res in cluster_resources(ctx, 'clusterware'):
            ctx.p('NAME=%s' % res)
            ctx.p('TYPE=cluster_resource')
            ctx.p('ACTION_SCRIPT=%s/lib/ha/msg_clusterware_agent' % ctx.h['install_root'])
            ctx.p('HOSTING_MEMBERS=%s' % ' '.join(n['name'] for n in ha_nodes(ctx.sim, res)))
            ctx.p('')
        return 0
    if len(a) < 3 or a[1] != 'resource' or a[0] not in ('start', 'stop', 'status'):
        raise usage_error('crsctl: only start|stop|status resource RES [-n NODE] [-f] are simulated')
    res = a[2]
    extra = a[3:]
    node = None
    if extra[:1] == ['-n'] and len(extra) >= 2:
        node = extra[1]
        extra = extra[2:]
    if [x for x in extra if x != '-f']:
        raise usage_error('crsctl: unsupported arguments %r' % extra)
    if a[0] == 'status':
        r = ctx.sim.cluster['resources'].get(res)
        if r is None:
            ctx.p('CRS-2613: Could not find resource \'%s\'.' % res)
            return 1
        check_ha(ctx, res, 'clusterware')
        ctx.p('NAME=%s' % res)
        ctx.p('TYPE=cluster_resource')
        ctx.p('TARGET=%s' % ('ONLINE' if r['enabled'] else 'OFFLINE'))
        ctx.p('STATE=%s' % ('ONLINE on %s' % r['online_node'] if r.get('online_node') else 'OFFLINE'))
        return 0
    check_ha(ctx, res, 'clusterware')
    if a[0] == 'stop':
        ha_disable(ctx, res)
        ctx.p("CRS-2673: Attempting to stop '%s'" % res)
        ctx.p("CRS-2677: Stop of '%s' succeeded" % res)
    else:
        ha_enable(ctx, res, node)
        ctx.p("CRS-2672: Attempting to start '%s'" % res)
        ctx.p("CRS-2676: Start of '%s' succeeded" % res)
    return 0


# ---------------------------------------------------------------------------------------------
# directory: comm_dssetup.pl, ldapmodify, ldapsearch

def check_bind(ctx, binddn, pwfile, host, port, password=None):
    d = ctx.sim.directory
    if binddn is None or binddn.lower() != d['bind_dn'].lower():
        raise SimError('%s: ldap_bind: Invalid credentials (49) (bind DN %r)' % (ctx.name, binddn), rc=49)
    if password is not None:
        pw = password
    elif pwfile is None:
        raise SimError('%s: no password file given' % ctx.name, rc=49)
    else:
        try:
            with open(pwfile) as f:
                pw = f.read().rstrip('\n')
        except OSError as e:
            raise SimError('%s: cannot read password file %s: %s' % (ctx.name, pwfile, e), rc=49)
    if not pw or (d.get('password') and pw != d['password']):
        raise SimError('%s: ldap_bind: Invalid credentials (49)' % ctx.name, rc=49)
    if host is not None and host.lower() != d['host'].lower():
        raise SimError("%s: ldap_sasl_bind(SIMPLE): Can't contact LDAP server (-1) at %s" % (ctx.name, host), rc=255)
    if port is not None and str(port) != str(d['port']):
        raise SimError("%s: Can't contact LDAP server (-1) on port %s" % (ctx.name, port), rc=255)


def parse_ldap_url(url):
    m = re.fullmatch(r'ldaps?://([^:/]+)(?::(\d+))?/?', url)
    if not m:
        raise usage_error('bad LDAP URL %r' % url)
    return m.group(1), m.group(2) or '389'


# The silent-mode options of Oracle's comm_dssetup.pl documents: -i -R -c -d -r -u -s -D -w -b -t -m
# [-S] (the Messaging Server / Calendar Server guides' "comm_dssetup.pl Syntax"; -H/-P name a
# remote server). The password is -w PASSWORD: there is no documented password-file option, so -j
# is refused as unknown. A -w on the command line shows the password to every user of the host
# (ps) and in logs: refused and flagged (project rule); the roles hand it to the script inside
# perl instead (DSSETUP_PERL_PROGRAM below, docs/contract-variables.md).
DSSETUP_OPTIONS = 'i:R:c:D:w:s:b:t:m:H:P:S:r:u:d:'
# `perl -e DSSETUP_PERL_PROGRAM SCRIPT ARGS...` runs SCRIPT in this perl with ARGS plus
# `-w $MSUPGRADE_DSSETUP_PASSWORD`: the password is in the script's @ARGV, never on a command line.
DSSETUP_PERL_PROGRAM = ('$0 = shift @ARGV; push @ARGV, "-w", $ENV{MSUPGRADE_DSSETUP_PASSWORD}; '
                        'delete $ENV{MSUPGRADE_DSSETUP_PASSWORD}; do $0; die $@ if $@;')


def cmd_comm_dssetup(ctx, password=None):
    try:
        opts, rest = getopt.getopt(ctx.args, DSSETUP_OPTIONS)
    except getopt.GetoptError as e:
        raise usage_error('comm_dssetup.pl: %s (documented silent-mode options: -i -R -c -d -r -u -s -D -w -b'
                          ' -t -m -S)' % e)
    o = dict(opts)
    if rest:
        raise usage_error('comm_dssetup.pl: unexpected %r' % rest)
    if password is None and '-w' in o:
        ctx.flags.append('password_on_argv')
        raise SimError('comm_dssetup.pl: -w PASSWORD on the command line shows the password in the process list'
                       ' and the logs; hand it to the script inside perl (docs/contract-variables.md)')
    check_bind(ctx, o.get('-D'), None, o.get('-H'), o.get('-P'), password=o.get('-w'))
    if '-H' not in o and ctx.h is not None:
        # no -H: the script works on the local instance named by -c (server root) and -d
        root_ok = ctx.h.get('ds_server_root') and os.path.normpath(o.get('-c', '')) == ctx.h['ds_server_root']
        inst_ok = ('-d' not in o) or (ctx.h.get('ds_instance')
                                      and os.path.normpath(o['-d']) == ctx.h['ds_instance'])
        if not root_ok or not inst_ok:
            raise SimError('comm_dssetup.pl: %s is not a Directory Server root with instance %s on %s'
                           % (o.get('-c'), o.get('-d'), ctx.hname))
    if ctx.fault:
        raise SimError('comm_dssetup.pl: schema update failed (injected fault %s)' % ctx.fault['id'])
    d = ctx.sim.directory
    old = d.get('schema_version')
    d['schema_version'] = d['target_schema_version']
    d.setdefault('dssetup_runs', []).append({"host": ctx.hname, "time": ctx.sim.now,
                                             "from": old, "to": d['schema_version'],
                                             "options": o})
    ctx.p('comm_dssetup.pl: schema updated %s -> %s' % (old, d['schema_version']))
    return 0


def cmd_perl(ctx):
    if ctx.args and os.path.basename(ctx.args[0]) == 'comm_dssetup.pl':
        ctx.args = ctx.args[1:]
        ctx.name = 'comm_dssetup.pl'
        return cmd_comm_dssetup(ctx)
    if ctx.args[:1] == ['-e'] and len(ctx.args) >= 3 and ctx.args[1] == DSSETUP_PERL_PROGRAM \
            and os.path.basename(ctx.args[2]) == 'comm_dssetup.pl':
        password = os.environ.get('MSUPGRADE_DSSETUP_PASSWORD')
        if not password:
            raise SimError('comm_dssetup.pl: -w needs a value (MSUPGRADE_DSSETUP_PASSWORD is not set)')
        ctx.args = ctx.args[3:] + ['-w', password]
        ctx.name = 'comm_dssetup.pl'
        return cmd_comm_dssetup(ctx, password=password)
    raise usage_error('perl: only comm_dssetup.pl (perl SCRIPT ARGS, or perl -e DSSETUP_PERL_PROGRAM SCRIPT ARGS)'
                      ' is simulated')


def ldap_common(ctx, optstring):
    try:
        opts, rest = getopt.gnu_getopt(ctx.args, optstring)
    except getopt.GetoptError as e:
        raise usage_error('%s: %s' % (ctx.name, e))
    o = {}
    for k, v in opts:
        o[k] = v
    if '-w' in o:
        ctx.flags.append('password_on_argv')
        raise SimError('%s: use -y PWFILE; -w puts the password on the command line' % ctx.name)
    host, port = (parse_ldap_url(o['-H']) if '-H' in o else (o.get('-h'), o.get('-p')))
    check_bind(ctx, o.get('-D'), o.get('-y') or o.get('-j'), host, port)
    return o, rest


def norm_dn(dn):
    return ','.join(p.strip().lower() for p in dn.split(','))


def user_base(directory):
    return directory.get('user_base') or 'ou=People,%s' % directory.get('base_dn', 'o=example.com')


def uid_of_dn(dn, base=None):
    """The uid of a user's DN, uid=U,<user_base>; None for any other DN (no such object)."""
    m = re.match(r'\s*uid=([^,]+),(.*)$', dn, re.I)
    if not m:
        return None
    if base is not None and norm_dn(m.group(2)) != norm_dn(base):
        return None
    return m.group(1).strip()


def cmd_ldapmodify(ctx):
    o, rest = ldap_common(ctx, 'H:h:p:D:y:j:f:xcvw:Z')
    if rest:
        raise usage_error('ldapmodify: unexpected %r' % rest)
    if '-f' in o:
        try:
            with open(o['-f']) as f:
                text = f.read()
        except OSError as e:
            raise SimError('ldapmodify: %s' % e)
    else:
        text = ctx.stdin.read().decode()
    if ctx.fault:
        raise SimError('ldapmodify: modify failed: Server is unwilling to perform (53) (injected fault %s)'
                       % ctx.fault['id'], rc=53)
    users = ctx.sim.directory['users']
    changed = []
    for block in re.split(r'\n\s*\n', text.strip()):
        lines = [l for l in block.splitlines() if l and not l.startswith('#')]
        if not lines:
            continue
        if not lines[0].lower().startswith('dn:'):
            raise SimError('ldapmodify: invalid format (line 1): expected dn:', rc=1)
        dn = lines[0].split(':', 1)[1].strip()
        uid = uid_of_dn(dn, user_base(ctx.sim.directory))
        if uid is None or uid not in users:
            raise SimError('ldapmodify: modifying entry "%s"\nldap_modify: No such object (32)' % dn, rc=32)
        entry = users[uid]
        ops = lines[1:]
        if ops and ops[0].lower().replace(' ', '') == 'changetype:modify':
            ops = ops[1:]
        op = None
        attr = None
        for l in ops:
            if l.strip() == '-':
                op = attr = None
                continue
            k, v = [x.strip() for x in l.split(':', 1)]
            if k.lower() in ('replace', 'add', 'delete') and op is None:
                op, attr = k.lower(), v
                if op == 'delete':
                    entry.pop(attr, None)
                continue
            if op is None:
                raise SimError('ldapmodify: invalid format: %s (changetype modify expects replace:/add:/delete:)' % l)
            if k.lower() != attr.lower():
                raise SimError('ldapmodify: attribute %s does not match %s: %s' % (k, op, attr))
            entry[attr] = v
            changed.append({"uid": uid, "attr": attr, "value": v})
        ctx.p('modifying entry "%s"' % dn)
    ctx.info['ldap_changes'] = changed
    return 0


def cmd_ldapsearch(ctx):
    o, rest = ldap_common(ctx, 'H:h:p:D:y:j:b:s:xLZw:')
    if not rest:
        raise usage_error('ldapsearch: no filter')
    flt, attrs = rest[0], rest[1:]
    m = re.fullmatch(r'\(?(\w+)=([^)]*)\)?', flt)
    if not m:
        raise usage_error('ldapsearch: only (attr=value) filters are simulated')
    key, val = m.group(1), m.group(2)
    base = user_base(ctx.sim.directory)
    for uid, entry in sorted(ctx.sim.directory['users'].items()):
        e = dict(entry, uid=uid)
        if key.lower() == 'objectclass' or fnmatch.fnmatchcase(str(e.get(key, '')).lower(), val.lower()):
            ctx.p('dn: uid=%s,%s' % (uid, base))
            for k in (attrs or sorted(e)):
                if k in e:
                    ctx.p('%s: %s' % (k, e[k]))
            ctx.p('')
    return 0


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
        for hn, svc, what in ctx.svc_events:
            iv = sim.hosts[hn].setdefault('down', {}).setdefault(svc, [])
            if what == 'down':
                iv.append([t0, None])
            elif iv and iv[-1][1] is None:
                iv[-1][1] = t1
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
            # which services of which host went down or came up (downtime per host, real time)
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


CLIENT = os.path.join(SIM_DIR, 'msim_client')


def build_client():
    """Compiles msim_client.c beside this file (once: a binary newer than its source stays) with
    the C compiler on the PATH. False without a compiler or when the build fails: the rehearsal
    then runs msim_python.py itself, only slower (a Python start per module and command)."""
    source = CLIENT + '.c'
    try:
        if os.stat(CLIENT).st_mtime >= os.stat(source).st_mtime:
            return True
    except FileNotFoundError:
        pass
    cc = shutil.which('cc') or shutil.which('gcc')
    if not cc or not os.path.exists(source):
        return False
    staged = '%s.%d.tmp' % (CLIENT, os.getpid())
    built = subprocess.run([cc, '-O2', '-o', staged, '-DMSIM_PYTHON="%s"' % sys.executable, source],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    if built:
        os.replace(staged, CLIENT)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(staged)
    return built


def client_built():
    return os.access(CLIENT, os.X_OK) and not os.environ.get('MSIM_NO_CLIENT')


def write_wrapper(path, root, host, name):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if client_built():
        # The command runs in the warm server through msim_client (see msim_python.py).
        with open(path, 'w') as f:
            f.write('#!/bin/sh\n# msim wrapper: %s on simulated host %s\nexec %s --call msim wrapper_main %s %s %s -- "$@"\n'
                    % (name, host or '$MSUPGRADE_SIM_HOST', shlex.quote(CLIENT), shlex.quote(root),
                       shlex.quote(host or ''), shlex.quote(name)))
        os.chmod(path, 0o755)
        return
    with open(path, 'w') as f:
        # Through the simulated hosts' Python: the command runs in its warm server (msim.py
        # already imported) when one runs, else here.
        f.write('#!%s -S\n# msim wrapper: %s on simulated host %s\nimport sys\nsys.path.insert(0, %r)\n'
                'import msim_python\nmsim_python.call(\'msim\', \'wrapper_main\', %r, %r, %r)\n'
                % (sys.executable, name, host or '$MSUPGRADE_SIM_HOST', SIM_DIR, root, host, name))
    os.chmod(path, 0o755)


def write_media_wrapper(path, name):
    """A command of the media (ROOT/media/KIND/NAME) that finds ROOT from its own place, so its
    bytes do not name the sandbox: a copy of the estate (clone) keeps the same file, as a real
    media folder does, and the checksum the dssetup gate compares stays the same."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if client_built():
        with open(path, 'w') as f:
            f.write('#!/bin/sh\n# msim wrapper: %s of the media\nroot=$(cd "${0%%/*}/../.." && pwd)\n'
                    'exec %s --call msim wrapper_main "$root" \'\' %s -- "$@"\n'
                    % (name, shlex.quote(CLIENT), shlex.quote(name)))
    else:
        with open(path, 'w') as f:
            f.write('#!%s -S\n# msim wrapper: %s of the media\nimport os, sys\nsys.path.insert(0, %r)\n'
                    'import msim_python\nroot = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath('
                    'sys.argv[0]))))\nmsim_python.call(\'msim\', \'wrapper_main\', root, None, %r)\n'
                    % (sys.executable, name, SIM_DIR, name))
    os.chmod(path, 0o755)


# ---------------------------------------------------------------------------------------------
# setup

def norm_users(spec_users, host):
    if spec_users is None:
        return []
    if isinstance(spec_users, dict):
        prefix = spec_users.get('prefix', host + '-u')
        return [{"uid": '%s%02d' % (prefix, i + 1), "messages": spec_users.get('messages', 5)}
                for i in range(spec_users.get('count', 0))]
    return [u if isinstance(u, dict) else {"uid": u, "messages": 5} for u in spec_users]


def write_media(root, version, packages):
    base = os.path.join(root, 'media', version)
    lin = os.path.join(base, 'linux')
    sol = os.path.join(base, 'solaris')
    agent = os.path.join(base, 'clusterware-agent')
    os.makedirs(lin, exist_ok=True)
    os.makedirs(agent, exist_ok=True)
    # the Messaging Server Oracle Clusterware agent: RPMs of their own, upgraded after the software
    # (chapter "Messaging Server 8.1.0 Upgrade in an HA Environment")
    for n in packages.get('clusterware_agent') or []:
        with open(os.path.join(agent, '%s-%s-1.x86_64.rpm' % (n, version)), 'w') as f:
            f.write(json.dumps({"msim": "rpm", "name": n, "version": version, "release": "1",
                                "arch": "x86_64", "summary": "Messaging Server Oracle Clusterware agent"}) + '\n')
    for n in packages['linux']:
        with open(os.path.join(lin, '%s-%s-1.x86_64.rpm' % (n, version)), 'w') as f:
            f.write(json.dumps({"msim": "rpm", "name": n, "version": version, "release": "1",
                                "arch": "x86_64", "summary": "Oracle Communications Messaging Server"}) + '\n')
    for n in packages['solaris']:
        d = os.path.join(sol, n)
        os.makedirs(os.path.join(d, 'reloc'), exist_ok=True)
        with open(os.path.join(d, 'pkginfo'), 'w') as f:
            f.write('PKG=%s\nNAME=Oracle Communications Messaging Server\nARCH=sparc,i386\n'
                    'VERSION=%s\nCATEGORY=application\nBASEDIR=/opt/sun/comms/messaging64\n' % (n, version))
        with open(os.path.join(d, 'pkgmap'), 'w') as f:
            f.write(': 1 1\n1 d none bin 0755 root bin\n')
    return {"linux": lin, "solaris": sol}


def write_release_file(etc, fam, os_, arch):
    """/etc/os-release (Linux) or /etc/release (Solaris) as the model's OS writes them."""
    if fam == 'solaris':
        m = re.search(r'(\d+(?:\.\d+)?)', os_)
        rel = m.group(1) if m else '11.4'
        plat = 'SPARC' if arch == 'sparc' else 'X86'
        if rel == '10':
            text = '                   Oracle Solaris 10 1/13 s10s_u11wos_24a %s\n' % plat
        else:
            text = '                             Oracle Solaris %s %s\n' % (rel, plat)
        text += '  Copyright (c) 1983, 2018, Oracle and/or its affiliates.  All rights reserved.\n'
        path = os.path.join(etc, 'release')
    else:
        m = re.match(r'(.*?)-(\d+)(?:\.(\d+))?$', os_)
        distro, major = (m.group(1), m.group(2)) if m else (os_, '8')
        minor = (m.group(3) if m and m.group(3) else '9') if m else '9'
        ids = {'oracle-linux': ('ol', 'Oracle Linux Server', 'fedora'),
               'rhel': ('rhel', 'Red Hat Enterprise Linux', 'fedora'),
               'centos': ('centos', 'CentOS Linux', 'rhel fedora'),
               'rocky': ('rocky', 'Rocky Linux', 'rhel centos fedora'),
               'almalinux': ('almalinux', 'AlmaLinux', 'rhel centos fedora'),
               'ubuntu': ('ubuntu', 'Ubuntu', 'debian'), 'debian': ('debian', 'Debian GNU/Linux', ''),
               'sles': ('sles', 'SLES', 'suse')}
        ident, name, like = ids.get(distro, (distro, distro, ''))
        text = ('NAME="%s"\nVERSION="%s.%s"\nID="%s"\nID_LIKE="%s"\nVERSION_ID="%s.%s"\n'
                'PRETTY_NAME="%s %s.%s"\n' % (name, major, minor, ident, like, major, minor, name, major, minor))
        path = os.path.join(etc, 'os-release')
    with open(path, 'w') as f:
        f.write(text)
    return path


# The product's own options that say which services a host runs and where its directory is
# (configutil names, kept in ConfigRoot/msg.conf; Unified Configuration keeps them in
# ConfigRoot/config.xml under the names of UNIFIED_OPTION_NAMES). Written by setup the way
# `configure` leaves them; `msupgrade discover` reads them (docs/contract-variables.md).
COMPONENT_OPTIONS = (('store', 'local.store.enable'), ('mta', 'local.imta.enable'),
                     ('mmp', 'local.mmp.enable'), ('webmail', 'service.http.enable'))
UNIFIED_OPTION_NAMES = {'local.store.enable': 'store.enable', 'local.imta.enable': 'mta.enable',
                        'local.mmp.enable': 'mmp.enable', 'service.http.enable': 'http.enable',
                        'service.imap.enable': 'imap.enable', 'service.pop.enable': 'pop.enable',
                        'local.ugldaphost': 'base.ugldaphost', 'local.ugldapport': 'base.ugldapport',
                        'local.ugldapbasedn': 'base.ugldapbasedn'}


def product_options(components, directory):
    """[(configutil option, value)] of a host running COMPONENTS against DIRECTORY."""
    store = 'store' in components
    out = [(opt, 1 if c in components else 0) for c, opt in COMPONENT_OPTIONS]
    out += [('service.imap.enable', 1 if store else 0), ('service.pop.enable', 1 if store else 0),
            ('local.ugldaphost', directory['host']), ('local.ugldapport', directory['port']),
            ('local.ugldapbasedn', directory['base_dn'])]
    return out


def unified_config_xml(name, options, comment=None):
    """config.xml holding OPTIONS: `<imap enable="1"/>` is the option imap.enable."""
    from xml.sax.saxutils import quoteattr
    groups = {}
    for opt, value in options:
        group, key = UNIFIED_OPTION_NAMES.get(opt, opt).split('.', 1)
        groups.setdefault(group, []).append('%s=%s' % (key, quoteattr(str(value))))
    body = ''.join('  <%s %s/>\n' % (g, ' '.join(attrs)) for g, attrs in groups.items())
    return ('<?xml version="1.0"?>\n%s<config host=%s>\n%s</config>\n'
            % ('<!-- %s -->\n' % comment if comment else '', quoteattr(name), body))


def setup(spec, root):
    root = os.path.abspath(root)
    if os.path.exists(os.path.join(root, 'sim.json')):
        raise SimError('msim setup: %s already holds a simulation; remove it first' % root)
    os.makedirs(root, exist_ok=True)
    if not os.environ.get('MSIM_NO_CLIENT'):
        build_client()
    target = spec['target_version']
    packages = {"linux": ["sun-messaging-server"], "solaris": ["SUNWmsgsr"],
                "ips": "communication/messaging/messaging-server", "ips_publisher": "comms"}
    packages.update(spec.get('packages') or {})
    agents = []
    for hs in spec['hosts']:
        for n in ((hs.get('ha') or {}).get('agent') or []):
            if n not in agents:
                agents.append(n)
    packages.setdefault('clusterware_agent', agents)
    simcfg = dict(DEFAULT_CONFIG)
    simcfg.update(spec.get('sim') or {})
    check_timing(simcfg.get('durations'), simcfg.get('time_scale'))
    hosts_spec = spec['hosts']
    names = [h['name'] for h in hosts_spec]
    if len(set(names)) != len(names):
        raise SimError('msim setup: duplicate host names')
    pt = {}
    for n in PASSTHROUGH:
        p = shutil.which(n, path='/usr/bin:/bin:/usr/sbin:/sbin')
        if p:
            pt[n] = p
    cfg = dict(simcfg, version=SIM_VERSION, seed=spec.get('seed', 1), target_version=target,
               host_names=names, packages=packages, passthrough=pt, seq=0, command_count=0,
               barrier=0.0, created=time.time(), deployment=spec.get('deployment', 'rehearsal'))
    # media
    versions = sorted({target} | {h['installed_version'] for h in hosts_spec if h.get('installed_version')}
                      | set(spec.get('media_versions') or []), key=vkey)
    media = {v: write_media(root, v, packages) for v in versions}
    ips_root = os.path.join(root, 'media', 'ips')
    ips_uri = 'file://' + ips_root
    write_json(os.path.join(ips_root, 'catalog.json'),
               {"publisher": packages['ips_publisher'], "uri": ips_uri, "path": ips_root,
                "packages": {packages['ips']: versions}})
    dss = os.path.join(root, 'media', 'dssetup')
    write_media_wrapper(os.path.join(dss, 'comm_dssetup.pl'), 'comm_dssetup.pl')
    with open(os.path.join(dss, 'comm_dssetup.pl'), 'a') as f:
        # the banner the script prints in interactive mode, "(Version X Revision Y)" (the Sun/Oracle
        # guides' interactive example), carried in the script's text as the real script carries it
        f.write('# Welcome to the Directory Server preparation tool for Oracle Communications Services.'
                ' (Version %s Revision 0.1)\n' % target)
    # directory
    dspec = spec.get('directory') or {}
    directory = {"host": dspec.get('host', 'ldap1'), "port": int(dspec.get('port', 389)),
                 "bind_dn": dspec.get('bind_dn', 'cn=Directory Manager'),
                 "password": dspec.get('password', 'rehearsal-secret'),
                 "base_dn": dspec.get('base_dn', 'o=example.com'),
                 "user_base": dspec.get('user_base') or 'ou=People,%s' % dspec.get('base_dn', 'o=example.com'),
                 "schema_version": dspec.get('schema_version', '6.4.0.28.0'),
                 "target_schema_version": dspec.get('target_schema_version', target),
                 "users": {}, "dssetup_runs": []}
    cluster = {"resources": {}}
    ledger = {"next": 1, "messages": {}, "flag_changes": 0}
    now = time.time()
    hosts = {}
    out_hosts = {}
    for hs in hosts_spec:
        name = hs['name']
        hdir = os.path.join(root, 'hosts', name)
        fam = hs.get('os_family') or ('solaris' if str(hs.get('os', '')).startswith('solaris') else 'linux')
        os_ = hs.get('os') or ('solaris-11.4' if fam == 'solaris' else 'linux')
        ver = hs.get('installed_version')
        ha = hs.get('ha')
        if ha:
            ha = dict(ha)
            ha.setdefault('logical_host', ha['resource'])
            shared = os.path.join(root, 'ha', ha['resource'])
            config_root = os.path.join(shared, 'config')
            data_root = os.path.join(shared, 'data')
        else:
            config_root = os.path.join(hdir, 'var/opt/sun/comms/messaging64/config')
            data_root = os.path.join(hdir, 'var/opt/sun/comms/messaging64/data')
        pkgsys = hs.get('package_system') or ('rpm' if fam == 'linux' else
                                              'ips' if os_.startswith('solaris-11.4') else 'svr4')
        h = {"name": name, "fqdn": hs.get('fqdn'), "os_family": fam, "os": os_,
             "arch": hs.get('arch') or ('sparc' if fam == 'solaris' else 'x86_64'),
             "components": hs.get('components') if hs.get('components') is not None else ['store'], "ha": ha,
             "zfs_dataset": hs.get('zfs_dataset'), "package_system": pkgsys, "bits": int(hs.get('bits') or 64),
             "original_version": ver, "replacement": hs.get('replacement'), "role": hs.get('role'),
             "replaces": hs.get('replaces'), "created": now,
             "install_root": os.path.join(hdir, 'opt/sun/comms/messaging64'),
             "config_root": config_root, "data_root": data_root,
             "state_dir": os.path.join(hdir, 'var/opt/msupgrade/state'),
             "backup_dir": os.path.join(hdir, 'var/opt/msupgrade/backup'),
             "zfs_mount": None,
             "bin_dir": os.path.join(hdir, 'bin'),
             "services": {}, "packages": {"rpm": {}, "svr4": {}, "ips": {}},
             "publishers": [], "clock": 0.0, "down": {}}
        if h['zfs_dataset']:
            # where the store dataset is mounted: the store area (default), the whole data root
            # (store AND MTA queue: what the chapter warns against), or elsewhere (the store is not on it)
            where = hs.get('zfs_mount') or 'store'
            if where not in ('store', 'data', 'other'):
                raise SimError('msim setup: zfs_mount of %s must be store, data or other' % name)
            h['zfs_mount'] = {'store': os.path.join(data_root, 'store'), 'data': data_root,
                              'other': os.path.join(hdir, 'zfs', 'other')}[where]
            os.makedirs(h['zfs_mount'], exist_ok=True)
            if hs.get('backup_in_store_dataset'):
                # the backup folder inside the dataset the back-out's rollback reverts
                h['backup_dir'] = os.path.join(h['zfs_mount'], 'msupgrade-backup')
        if fam == 'solaris' and not os_.startswith('solaris-10'):
            h['publishers'].append({"name": "solaris", "origin": ["http://pkg.oracle.com/solaris/release/"],
                                    "mirror": [], "sticky": True, "enabled": True})
        # A new host has no ConfigRoot until Messaging Server's initial configuration (configure)
        # created it: installing the packages does not.
        for d in ([config_root] if ver else []) + [h['install_root'], data_root, h['state_dir'], h['backup_dir'],
                  os.path.join(hdir, 'tmp'), os.path.join(hdir, 'home'), os.path.join(hdir, 'etc')]:
            os.makedirs(d, exist_ok=True)
        h['release_file'] = write_release_file(os.path.join(hdir, 'etc'), fam, os_, h['arch'])
        if h['role'] == 'directory':
            # the Directory Server host: comm_dssetup.pl updates its local instance (-c, -d)
            h['components'] = []
            h['ds_server_root'] = os.path.join(hdir, 'opt/dsee7')
            h['ds_instance'] = os.path.join(hdir, 'var/opt/dsee7/instances/dsins1')
            for d in (h['ds_server_root'], h['ds_instance']):
                os.makedirs(d, exist_ok=True)
            directory['server_host'] = name
        # Cassandra hosts: Apache Cassandra is installed first, outside this chapter (Oracle's
        # "Installation and Configuration Guide for Cassandra Message Store")
        if fam == 'linux' and set(h['components']) == {'cassandra'}:
            h['packages']['rpm']['cassandra'] = {"name": "cassandra", "version": "3.11.13", "release": "1",
                                                 "arch": "noarch", "state": "installed",
                                                 "installed_at": now - 86400 * 30}
        if ver and ha and ha.get('cluster') == 'clusterware':
            for n in ha.get('agent') or []:
                h['packages']['rpm'][n] = {"name": n, "version": ver, "release": "1", "arch": "x86_64",
                                           "state": "installed", "installed_at": now - 86400 * 400}
        if ver:
            if pkgsys == 'rpm':
                for n in packages['linux']:
                    h['packages']['rpm'][n] = {"name": n, "version": ver, "release": "1", "arch": "x86_64",
                                               "state": "installed", "installed_at": now - 86400 * 400}
            elif pkgsys == 'svr4':
                for n in packages['solaris']:
                    h['packages']['svr4'][n] = {"name": n, "version": ver, "arch": "sparc,i386",
                                                "state": "installed", "installed_at": now - 86400 * 400,
                                                "desc": "Oracle Communications Messaging Server"}
            else:
                h['packages']['ips'][packages['ips']] = {"name": packages['ips'], "version": ver,
                                                         "publisher": packages['ips_publisher'],
                                                         "state": "installed"}
                h['publishers'].append({"name": packages['ips_publisher'], "origin": [ips_uri],
                                        "mirror": [], "sticky": True, "enabled": True})
            layout = hs.get('config') or ('legacy' if vkey(ver) < (7, 0, 5) else 'unified')
            if not os.path.exists(os.path.join(config_root, '.msim-config.json')):
                options = product_options(h['components'], directory)
                if layout == 'legacy':
                    msg_conf = ''.join('%s = %s\n' % (k, v) for k, v in options)
                    for f, body in (('msg.conf', msg_conf),
                                    ('imta.cnf', '! channel table\n'), ('option.dat', '! options\n'),
                                    ('mappings', '! mappings\n')):
                        with open(os.path.join(config_root, f), 'w') as fh:
                            fh.write(body)
                else:
                    with open(os.path.join(config_root, 'config.xml'), 'w') as fh:
                        fh.write(unified_config_xml(name, options))
                write_json(os.path.join(config_root, '.msim-config.json'), {"version": ver, "layout": layout})
        hosts[name] = h
        if ha:
            r = cluster['resources'].setdefault(ha['resource'], {
                "cluster": ha.get('cluster', 'solaris-cluster'), "nodes": [], "enabled": bool(ver),
                "state": "Online" if ver else "Offline", "online_node": None,
                "logical_host": ha['logical_host'], "pool_node": ha.get('pool_node')})
            r['nodes'].append(name)
    # seed stores, services, directory
    sim_like = {"users": directory['users']}
    for hs in hosts_spec:
        h = hosts[hs['name']]
        ver = h['original_version']
        if not ver:
            continue
        ha = h['ha']
        primary = True
        if ha:
            r = cluster['resources'][ha['resource']]
            # the resource runs where its storage (the ZFS pool) is imported: ha.pool_node, or the first node
            primary = (r['online_node'] is None) if not r.get('pool_node') else r['pool_node'] == h['name']
            if primary:
                r['online_node'] = h['name']
                if h['zfs_dataset']:
                    r['pool_node'] = h['name']
        services = []
        for c in h['components']:
            services += [s for s in SERVICES_BY_COMPONENT.get(c, []) if s not in services]
        if primary:
            for s in services:
                h['services'][s] = True
        users = norm_users(hs.get('users'), h['name'])
        if 'store' in h['components'] and (primary or users):
            st = Store(h['data_root'])
            if not st.exists():
                st.create(store_format(ver), ver)
                st.meta['created'] = now - 86400 * 400
            if primary:
                st.meta['clean'] = False          # the store is running
                st.touch_meta()
            for u in users:
                uid = u['uid']
                if uid in directory['users']:
                    raise SimError('msim setup: user %s seeded twice' % uid)
                directory['users'][uid] = {"mailHost": (ha['logical_host'] if ha else (h.get('fqdn') or h['name'])),
                                           "mailUserStatus": "active", "original_mailHost":
                                           (ha['logical_host'] if ha else (h.get('fqdn') or h['name']))}
                box = st.mailbox(uid, create=True)
                box['folders'].setdefault('Archive', [])
                for i in range(int(u.get('messages', 5))):
                    n = ledger['next']
                    ledger['next'] += 1
                    flags = []
                    if i % 3 == 0:
                        flags.append('seen')
                    if i % 7 == 6:
                        flags.append('deleted')
                    mid = 'm%07d' % n
                    t = now - 86400 * (30 - (i % 30)) - n
                    folder = 'Archive' if i % 5 == 4 else 'INBOX'
                    add_message(box, folder, {"id": mid, "flags": flags, "arrived": t, "mtime": t,
                                              "size": 1000 + 37 * n})
                    ledger['messages'][mid] = {"user": uid, "flags": flags, "arrived": t,
                                               "size": 1000 + 37 * n, "seq": n, "seeded": True}
                st.mark(uid)
            st.save()
    del sim_like
    # write state files
    write_json(os.path.join(root, 'directory.json'), directory)
    write_json(os.path.join(root, 'cluster.json'), cluster)
    write_json(os.path.join(root, 'ledger.json'), ledger)
    write_json(os.path.join(root, 'faults.json'), [])
    write_json(os.path.join(root, 'sim.json'), cfg)
    write_json(os.path.join(root, 'spec.json'), spec)
    open(os.path.join(root, 'journal.jsonl'), 'a').close()
    sim = Sim(root)
    sim.hosts = hosts
    for name, h in hosts.items():
        sim.materialize(h)
        # system commands on PATH
        fam, os_ = h['os_family'], h['os']
        cmds = ['ldapmodify', 'ldapsearch', 'hostname', 'uname', 'perl']
        if h.get('role') == 'directory':
            pass
        elif fam == 'linux':
            cmds.append('rpm')
        else:
            if not os_.startswith('solaris-11.4') or h['package_system'] == 'svr4':
                cmds += ['pkginfo', 'pkgadd', 'pkgrm']
            if not os_.startswith('solaris-10'):
                cmds.append('pkg')
        if (h['zfs_dataset'] or fam == 'solaris') and h.get('role') != 'directory':
            cmds.append('zfs')
        if h['ha']:
            cl = h['ha'].get('cluster', 'solaris-cluster')
            cmds += ['scswitch', 'clresource'] if cl == 'solaris-cluster' else ['crsctl']
        for c in cmds:
            write_wrapper(os.path.join(h['bin_dir'], c), root, name, c)
        for c in pt:
            write_wrapper(os.path.join(h['bin_dir'], c), root, name, c)
        if h['zfs_dataset']:
            os.makedirs(os.path.join(zfs_dir(h), 'snap'), exist_ok=True)
            zfs_save(h, [])
    sim.save()
    precompile()
    return inventory_vars(root)


def clone(root, to):
    """A copy of the simulation ROOT at TO, in the state ROOT is in now: the rehearsal runs the
    stages two scenarios share once (the upgrade up to its in-place waves, which the rollback
    scenario starts with) and goes on in both copies.

    Every path in the simulation is absolute (the wrappers, the hosts' state, the markers and
    backups the roles wrote, the IPS catalogue), so each occurrence of ROOT in a file or a
    symbolic link becomes TO. The simulation's files are text (JSON, scripts); a file that does
    not name ROOT is copied byte for byte. Returns the inventory variables of the copy, as
    setup does."""
    root, to = os.path.abspath(root), os.path.abspath(to)
    if os.path.exists(os.path.join(to, 'sim.json')):
        raise SimError('msim clone: %s already holds a simulation; remove it first' % to)
    if (to + os.sep).startswith(root + os.sep) or (root + os.sep).startswith(to + os.sep):
        raise SimError('msim clone: %s and %s must not hold one another' % (root, to))
    # ROOT followed by what ends a path component: ROOT-inventory or ROOT2 are other paths
    old = re.compile(re.escape(root.encode()) + rb'(?=[/"\'\s]|$)', re.M)

    def relocate(data, what):
        if not old.search(data):
            return data
        try:
            data.decode('utf-8')
        except UnicodeDecodeError:
            # a path inside binary data (an archive) cannot change length safely
            raise SimError('msim clone: %s is binary and names %s' % (what, root))
        return old.sub(lambda _m: to.encode(), data)

    for here, dirs, files in os.walk(root):
        there = os.path.join(to, os.path.relpath(here, root))
        os.makedirs(there, exist_ok=True)
        shutil.copystat(here, there)
        for name in dirs + files:
            source, target = os.path.join(here, name), os.path.join(there, name)
            if os.path.islink(source):
                os.symlink(relocate(os.readlink(source).encode(), source).decode(), target)
            elif name in files and name != '.msim.lock':
                with open(source, 'rb') as f:
                    data = f.read()
                with open(target, 'wb') as f:
                    f.write(relocate(data, source))
                shutil.copystat(source, target)
    return inventory_vars(to)


def precompile():
    """Byte-compiles the simulator's own modules once: every simulated command, every
    ansible-playbook run (the callback) and every call from the rehearsal (`python3 -m msim`)
    imports msim, and with PYTHONDONTWRITEBYTECODE set Python would compile its 3,000 lines
    again each time."""
    import py_compile
    for source in ('msim.py', 'msim_python.py', os.path.join('ansible_plugins', 'callback', 'msim_journal.py')):
        try:
            py_compile.compile(os.path.join(SIM_DIR, source), doraise=True)
        except Exception:   # a read-only install still works, only slower
            pass


def inventory_vars(root):
    sim = Sim(root)
    cfg = sim.cfg
    versions = read_json(os.path.join(root, 'media', 'ips', 'catalog.json'))['packages'][cfg['packages']['ips']]
    cat = ips_catalog(sim)

    def media_for(v):
        b = os.path.join(root, 'media', v)
        return {"linux": os.path.join(b, 'linux'), "solaris": os.path.join(b, 'solaris'),
                "clusterware_agent": os.path.join(b, 'clusterware-agent'),
                "solaris_ips": cat['uri'], "solaris_ips_publisher": cat['publisher']}
    allv = {
        "msupgrade_media": dict(media_for(cfg['target_version']), dssetup=os.path.join(root, 'media', 'dssetup')),
        "msupgrade_previous_media": {v: media_for(v) for v in versions if v != cfg['target_version']},
        "msupgrade_directory": {"host": sim.directory['host'], "port": sim.directory['port'],
                                "bind_dn": sim.directory['bind_dn'], "user_base": user_base(sim.directory)},
        "msupgrade_directory_password": sim.directory['password'],
        # No package names: the roles' own defaults (msupgrade_packages_linux, ...) are what the
        # rehearsal runs with, so a wrong default is rehearsed, not papered over by the sandbox.
        # The roles poll long commands (async rehostuser, imsbackup, imsrestore) and wait for
        # services every 10 s, sized for real hosts. Simulated commands end in milliseconds (or
        # after their scaled duration): a poll every second keeps a job that ended just after
        # the first look from costing 10 s of nothing.
        "migrate_mailboxes_poll": 1,
        # The controller's staging of mailbox backups: inside the sandbox, not the user's HOME
        # (the roles' default, ~/msupgrade-backup/<deployment>/migrate-staging) nor the generated tree.
        "migrate_mailboxes_controller_dir": os.path.join(root, 'controller', 'migrate-staging'),
        "health_check_delay": 1,
        "ha_resource_online_delay": 1,
    }
    dh = sim.hosts.get(sim.directory.get('server_host') or '')
    if dh:
        allv['msupgrade_directory']['server_root'] = dh['ds_server_root']
        allv['msupgrade_directory']['instance'] = dh['ds_instance']
    hosts = {}
    for name, h in sim.hosts.items():
        env = {"PATH": h['bin_dir'], "MSUPGRADE_SIM_ROOT": root, "MSUPGRADE_SIM_HOST": name,
               "HOME": os.path.join(root, 'hosts', name, 'home'), "TMPDIR": os.path.join(root, 'hosts', name, 'tmp'),
               "LANG": "C", "LC_ALL": "C"}
        # msim_python.py: the system python3, warm and caching what zipimport compiles (see its
        # docstring); msim_client, when built, is its client in C.
        python = CLIENT if client_built() else os.path.join(SIM_DIR, 'msim_python.py')
        hv = {"ansible_connection": "local", "ansible_python_interpreter": python,
              "ansible_become": False, "msupgrade_env": env,
              "msupgrade_install_root": h['install_root'], "msupgrade_config_root": h['config_root'],
              "msupgrade_data_root": h['data_root'], "msupgrade_state_dir": h['state_dir'],
              "msupgrade_backup_dir": h['backup_dir'], "msupgrade_sim_host_dir": os.path.join(root, 'hosts', name),
              "msupgrade_os_release_file": h.get('release_file') or os.path.join(
                  root, 'hosts', name, 'etc', 'release' if h['os_family'] == 'solaris' else 'os-release')}
        hosts[name] = hv
    return {"root": root, "all": allv, "hosts": hosts,
            "ansible_env": {"ANSIBLE_CALLBACK_PLUGINS": os.path.join(SIM_DIR, 'ansible_plugins', 'callback'),
                            "ANSIBLE_CALLBACKS_ENABLED": "msim_journal", "MSUPGRADE_SIM_ROOT": root}}


# ---------------------------------------------------------------------------------------------
# check

def check(root, expect, target=None):
    sim = Sim(root)
    target = target or sim.cfg['target_version']
    problems = []
    notes = []

    def bad(kind, **kw):
        problems.append(dict(kw, check=kind))
    exempt = set()
    for name, h in sim.hosts.items():
        if h.get('role') == 'directory' or (h['components'] and set(h['components']) <= {'cassandra'}):
            exempt.add(name)     # no Messaging Server there: the Directory Server, Cassandra nodes
        if expect == 'upgrade' and h.get('replacement'):
            exempt.add(name)
        if expect == 'rollback' and not h.get('original_version'):
            exempt.add(name)
    # versions and services
    for name, h in sim.hosts.items():
        if name in exempt:
            continue
        status, v = sim.ms_status(h)
        want = target if expect == 'upgrade' else h['original_version']
        if status != 'complete' or v != want:
            bad('version', host=name, expected=want, installed=v, status=status)
        if not h.get('ha'):
            missing = [s for s in sim.services_for(h) if not h['services'].get(s)]
            if missing:
                bad('services', host=name, not_running=missing)
        if 'store' in h['components']:
            st = sim.store(h['data_root'])
            if st.exists() and v and st.meta['format'] > store_format(v):
                bad('store_format', host=name, format=st.meta['format'], version=v)
    for res, r in sim.cluster['resources'].items():
        nodes = [n for n in r['nodes'] if n not in exempt]
        if not nodes:
            continue
        online = [n for n in nodes if any(sim.hosts[n]['services'].values())]
        if not r['enabled'] or len(online) != 1:
            bad('ha', resource=res, enabled=r['enabled'], running_on=online)
        else:
            node = sim.hosts[online[0]]
            missing = [s for s in sim.services_for(node) if not node['services'].get(s)]
            if missing:
                bad('services', host=online[0], resource=res, not_running=missing)
    # directory
    for uid, u in sorted(sim.directory['users'].items()):
        orig = u.get('original_mailHost')
        if expect == 'rollback' and sim.resolve_mailhost(u.get('mailHost')) != sim.resolve_mailhost(orig):
            bad('mailhost', user=uid, mailHost=u.get('mailHost'), expected=orig)
        if expect == 'upgrade':
            legacy = [h for h in sim.host_for_mailhost(orig) if h.get('replacement')]
            if legacy:
                cur = [h['name'] for h in sim.host_for_mailhost(u.get('mailHost'))]
                if legacy[0]['name'] in cur or not cur:
                    bad('mailhost', user=uid, mailHost=u.get('mailHost'),
                        expected=legacy[0]['replacement'])
        if u.get('mailUserStatus', 'active') != 'active':
            bad('user_status', user=uid, status=u.get('mailUserStatus'))
    if expect == 'upgrade' and vkey(sim.directory.get('schema_version') or '0') < vkey(sim.directory['target_schema_version']):
        bad('schema', schema_version=sim.directory.get('schema_version'),
            expected=sim.directory['target_schema_version'])
    # ledger: every message exactly once in its user's current store, with its flags
    where = {}
    stores = {}
    for h in sim.hosts.values():
        dr = h['data_root']
        if dr in stores:
            continue
        st = sim.store(dr)
        stores[dr] = st
        if not st.exists():
            continue
        for uid in st.users():
            box = st.mailbox(uid)
            for folder, msgs in box['folders'].items():
                for m in msgs:
                    where.setdefault(m['id'], []).append((dr, uid, folder, m))
    queued = {}
    for dr, st in stores.items():
        for rec in st.queued():
            if rec:
                queued[rec['id']] = dr
    lost = dup = flagbad = 0
    for mid, lrec in sorted(sim.ledger['messages'].items()):
        dr, _u = sim.user_route(lrec['user'])
        hits = [w for w in where.get(mid, []) if w[0] == dr and w[1] == lrec['user']]
        if not hits:
            lost += 1
            elsewhere = [{"store": os.path.relpath(w[0], root), "user": w[1]} for w in where.get(mid, [])]
            bad('message_missing', id=mid, user=lrec['user'], queued=mid in queued,
                bounced=bool(lrec.get('bounced')), found_elsewhere=elsewhere)
        elif len(hits) > 1:
            dup += 1
            bad('message_duplicated', id=mid, user=lrec['user'], copies=len(hits))
        else:
            m = hits[0][3]
            if sorted(m['flags']) != sorted(lrec['flags']):
                flagbad += 1
                bad('message_flags', id=mid, user=lrec['user'], flags=m['flags'], expected=lrec['flags'])
    for mid, ws in where.items():
        if mid not in sim.ledger['messages']:
            bad('message_unknown', id=mid)
    # stores must not hold users they do not serve (exempt hosts excepted)
    for dr, st in stores.items():
        owners = [h['name'] for h in sim.hosts.values() if h['data_root'] == dr]
        if not st.exists():
            continue
        for uid in st.users():
            if sim.resolve_mailhost((sim.directory['users'].get(uid) or {}).get('mailHost')) != dr:
                box = st.mailbox(uid)
                n = sum(len(v) for v in box['folders'].values())
                if all(o in exempt for o in owners):
                    notes.append({"stale_user_on_exempt_host": uid, "hosts": owners, "messages": n})
                else:
                    bad('stray_user', user=uid, hosts=owners, messages=n)
    # journal anomalies
    unknown = []
    outside = []
    with open(os.path.join(root, 'journal.jsonl')) as f:
        for line in f:
            rec = json.loads(line)
            if rec.get('unknown'):
                unknown.append({"host": rec['host'], "argv": rec['argv'], "seq": rec.get('seq')})
            if rec.get('outside_sandbox'):
                outside.append({"host": rec['host'], "argv": rec['argv']})
            secret = sim.directory.get('password')
            if secret and any(secret in str(a) for a in rec.get('argv') or []):
                # the Directory Manager password on a command line: every user of the host saw it (ps)
                problems.append({"check": "password_on_argv", "host": rec['host'], "seq": rec.get('seq'),
                                 "command": (rec.get('argv') or ['?'])[0]})
            if (rec.get('info') or {}).get('internal_error'):
                problems.append({"check": "simulator_internal_error", "host": rec['host'],
                                 "argv": rec['argv'], "seq": rec.get('seq')})
    for u in unknown:
        bad('unknown_command', **u)
    for u in outside:
        bad('outside_sandbox', **u)
    report = {"ok": not problems, "expect": expect, "target_version": target,
              "messages": len(sim.ledger['messages']), "lost": lost, "duplicated": dup,
              "flags_wrong": flagbad, "queued": len(queued), "exempt_hosts": sorted(exempt),
              "problems": problems, "notes": notes}
    return report


# ---------------------------------------------------------------------------------------------
# downtime report

def downtime(root):
    sim = Sim(root)
    out = {"makespan": max([h['clock'] for h in sim.hosts.values()] + [sim.cfg.get('barrier', 0)]),
           "hosts": {}}
    for name, h in sim.hosts.items():
        per = {}
        for svc, ivs in (h.get('down') or {}).items():
            total = 0.0
            lst = []
            for a, b in ivs:
                end = b if b is not None else h['clock']
                total += end - a
                lst.append([round(a, 3), None if b is None else round(b, 3)])
            per[svc] = {"intervals": lst, "total": round(total, 3)}
        out['hosts'][name] = {"clock": round(h['clock'], 3), "services": per}
    return out


# ---------------------------------------------------------------------------------------------
# CLI

def cli(argv):
    import argparse
    ap = argparse.ArgumentParser(prog='msim.py', description='simulated Messaging Server hosts')
    sub = ap.add_subparsers(dest='cmd', required=True)
    p = sub.add_parser('setup')
    p.add_argument('--spec', required=True)
    p.add_argument('--root', required=True)
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
    p = sub.add_parser('downtime')
    p.add_argument('--root', required=True)
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
            dump(setup(spec, ns.root))
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
    if ns.cmd == 'downtime':
        with locked(ns.root):
            dump(downtime(ns.root))
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
    name = os.path.basename(sys.argv[0])
    if name in ('msim.py', 'msim'):
        try:
            sys.exit(cli(sys.argv[1:]))
        except SimError as e:
            sys.stderr.write(str(e) + '\n')
            sys.exit(e.rc)
    # invoked through a symlink named after a command: host from the environment
    wrapper_main(os.environ.get('MSUPGRADE_SIM_ROOT', ''), None, name)


if __name__ == '__main__':
    main()
