"""Shared fixtures for the simulator tests."""
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SIM_DIR = os.path.dirname(HERE)
if SIM_DIR not in sys.path:
    sys.path.insert(0, SIM_DIR)

import msim  # noqa: E402



def run_cli(args, **kw):
    """The simulator's command line as the Java side runs it: the package, from its folder."""
    return subprocess.run([sys.executable, '-S', '-m', 'msim'] + list(args), cwd=SIM_DIR, **kw)


TARGET = '8.1.0.26.0'
OLD = '8.0.2.3.0'


def spec(hosts, **kw):
    s = {"deployment": "test", "seed": 7, "target_version": TARGET,
         "directory": {"host": "ldap1", "port": 389, "bind_dn": "cn=Directory Manager",
                       "password": "secret"},
         "sim": {"deliver_every": 0, "flags_every": 0},
         "hosts": hosts}
    s.update(kw)
    return s


def linux_store(name='store1', users=3, messages=4, **kw):
    h = {"name": name, "os_family": "linux", "os": "oel-8", "arch": "x86_64",
         "installed_version": OLD, "components": ["store", "mta"],
         "users": {"count": users, "messages": messages, "prefix": name + "-u"}}
    h.update(kw)
    return h


def tree_digest(path):
    """Digest of a directory tree: names and contents."""
    h = hashlib.sha256()
    for dp, dn, fn in sorted(os.walk(path)):
        dn.sort()
        for f in sorted(fn):
            p = os.path.join(dp, f)
            h.update(os.path.relpath(p, path).encode())
            with open(p, 'rb') as fh:
                h.update(fh.read())
    return h.hexdigest()


class SimCase(unittest.TestCase):
    SPEC = None

    def setUp(self):
        shm = '/dev/shm' if os.access('/dev/shm', os.W_OK) else None
        self.tmp = tempfile.mkdtemp(prefix='msimtest-', dir=shm)
        self.root = os.path.join(self.tmp, 'rehearsal')
        self.inv = msim.setup(self.SPEC or spec([linux_store()]), self.root)
        self.pwfile = os.path.join(self.tmp, 'pw')
        with open(self.pwfile, 'w') as f:
            f.write('secret\n')

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def svr4_admin(self):
        """A pkgadd/pkgrm admin file (the roles' files/pkg-admin in short): never ask."""
        path = os.path.join(self.tmp, 'admin')
        with open(path, 'w') as f:
            f.write('mail=\ninstance=unique\naction=nocheck\n')
        return path

    # helpers
    def run_cmd(self, host, *argv, stdin=None):
        rc, out, err, bout, _ = msim.execute(self.root, host, os.path.basename(argv[0]), list(argv[1:]),
                                             io.BytesIO(stdin) if stdin is not None else None)
        self.last = (rc, out, err)
        return rc, out, err

    def ok(self, host, *argv, stdin=None):
        rc, out, err = self.run_cmd(host, *argv, stdin=stdin)
        self.assertEqual(rc, 0, '%s %s failed: %s%s' % (host, ' '.join(argv), out, err))
        return out

    def fails(self, host, *argv, contains=None):
        rc, out, err = self.run_cmd(host, *argv)
        self.assertNotEqual(rc, 0, '%s %s unexpectedly succeeded' % (host, ' '.join(argv)))
        if contains:
            self.assertIn(contains, out + err)
        return rc, out + err

    def hv(self, host, key):
        return self.inv['hosts'][host][key]

    def msbin(self, host, cmd, version=None):
        """Path of a Messaging Server command as the roles build it."""
        sim = msim.Sim(self.root)
        v = version or sim.installed_version(sim.hosts[host]) or TARGET
        return os.path.join(self.hv(host, 'msupgrade_install_root'), msim.bin_subdir(v), cmd)

    def media(self, version=TARGET):
        if version == TARGET:
            return self.inv['all']['msupgrade_media']
        return self.inv['all']['msupgrade_previous_media'][version]

    def rpm_file(self, version=TARGET):
        d = self.media(version)['linux']
        return os.path.join(d, sorted(os.listdir(d))[0])

    def deliver(self, n=1, user=None):
        with msim.locked(self.root):
            sim = msim.Sim(self.root)
            ids = sim.deliver(uid=user, count=n)
            sim.save()
        return ids

    def touch_flags(self, n=1):
        with msim.locked(self.root):
            sim = msim.Sim(self.root)
            out = sim.touch_flags(count=n)
            sim.save()
        return out

    def check(self, expect):
        return msim.check(self.root, expect)

    def assertCheck(self, expect):
        rep = self.check(expect)
        self.assertTrue(rep['ok'], json.dumps(rep['problems'][:8], indent=1))
        return rep

    def journal(self):
        with open(os.path.join(self.root, 'journal.jsonl')) as f:
            return [json.loads(l) for l in f]

    def dssetup(self, host, *argv):
        """comm_dssetup.pl as the roles run it: the documented silent options, the password (-w)
        handed to the script inside perl (msim.DSSETUP_PERL_PROGRAM), never on the command line."""
        with open(self.pwfile) as f:
            os.environ['MSUPGRADE_DSSETUP_PASSWORD'] = f.read().strip()
        try:
            return self.ok(host, 'perl', '-e', msim.DSSETUP_PERL_PROGRAM,
                           os.path.join(self.media()['dssetup'], 'comm_dssetup.pl'),
                           *(argv or ('-i', 'yes', '-R', 'yes', '-D', 'cn=Directory Manager', '-s', 'yes', '-b', 'yes',
                                      '-t', '2', '-m', 'yes', '-H', 'ldap1', '-P', '389')))
        finally:
            del os.environ['MSUPGRADE_DSSETUP_PASSWORD']

    def inplace_linux(self, host):
        self.ok(host, self.msbin(host, 'stop-msg'))
        self.ok(host, self.msbin(host, 'stored'), '-r')
        self.ok(host, 'rpm', '-e', 'sun-messaging-server')
        self.ok(host, 'rpm', '-i', self.rpm_file())
        self.ok(host, self.msbin(host, 'start-msg'))

    def set_cfg(self, **kw):
        with msim.locked(self.root):
            sim = msim.Sim(self.root)
            sim.cfg.update(kw)
            sim.save()

    def snapshot_name(self):
        ts = time.strftime('%Y%m%d%H%M%S')
        time.sleep(1.01 - (time.time() % 1))   # the -d time has one-second resolution
        return ts
