"""Role migrate_mailboxes against the rehearsal simulator, through the real ansible-playbook: the
online move's steps 2 and 3 (Administration Guide 6.3, "To Migrate User Mailboxes from One
Messaging Server to Another While Online"). Mail arrives and users change flags all along; an MTA
whose alias entry cache still holds a moving user's entry delivers to the legacy store after the
backup, and a user logged in before the hold changes flags there: both are lost on the new host.

The roles of an older commit (MSUPGRADE_ROLES_UNDER_TEST, e.g. `git archive COMMIT
playbook-templates/roles`) fail test_nothing_is_lost_and_the_caches_come_back: they lower no cache
and log nobody out.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, 'simulator'))

import msim  # noqa: E402

ROLES = os.environ.get('MSUPGRADE_ROLES_UNDER_TEST') or os.path.join(REPO, 'playbook-templates', 'roles')
TARGET = '8.1.0.26.0'
OLD = '8.0.2.3.0'


def sim_spec():
    linux = {"os_family": "linux", "os": "oracle-linux-8", "arch": "x86_64"}
    return {"deployment": "acme", "seed": 5, "target_version": TARGET,
            "directory": {"host": "ldap1", "port": 389, "bind_dn": "cn=Directory Manager", "password": "secret"},
            "sim": {"deliver_every": 1, "flags_every": 1},
            "hosts": [dict(linux, name="store1", installed_version=OLD, components=["store"], config="legacy",
                           replacement="store1-new", users={"count": 4, "messages": 3, "prefix": "u"}),
                      dict(linux, name="store1-new", installed_version=None, components=["store", "mta"],
                           replaces="store1"),
                      dict(linux, name="mx1", installed_version=OLD, components=["mta"], config="legacy"),
                      dict(linux, name="mmp1", installed_version=OLD, components=["mmp"])]}


@unittest.skipUnless(shutil.which('ansible-playbook'), 'ansible-playbook is not installed')
class MigrateCaches(unittest.TestCase):

    def setUp(self):
        os.environ.setdefault('MSIM_NO_CLIENT', '1')
        self.dir = tempfile.mkdtemp(prefix='msupgrade-caches-')
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.root = os.path.join(self.dir, 'sim')
        self.inv = msim.setup(sim_spec(), self.root)
        hv = self.inv['hosts']
        # the new host as coexistence_install leaves it: installed, configured, started
        media = self.inv['all']['msupgrade_media']['linux']
        self.sim_ok('store1-new', 'rpm', '-i', os.path.join(media, sorted(os.listdir(media))[0]))
        state = os.path.join(self.dir, 'configure.state')
        with open(state, 'w') as f:
            f.write('XMLCONFIG=1\nFQDN=store1-new.acme.example\n')
        self.sim_ok('store1-new', os.path.join(hv['store1-new']['msupgrade_install_root'], 'bin', 'configure'),
                    '--noldap', '--state', state)
        os.makedirs(hv['store1-new']['msupgrade_state_dir'], exist_ok=True)
        with open(os.path.join(hv['store1-new']['msupgrade_state_dir'], 'coexistence-install.done'), 'w') as f:
            f.write('{}\n')
        # an operator's own value, to see it come back (not the default)
        with open(os.path.join(hv['mx1']['msupgrade_config_root'], 'option.dat'), 'a') as f:
            f.write('ALIAS_ENTRY_CACHE_TIMEOUT=300\n')
        self.sim_ok('mx1', os.path.join(hv['mx1']['msupgrade_install_root'], 'bin', 'imsimta'), 'cnbuild')
        self.sim_ok('mx1', os.path.join(hv['mx1']['msupgrade_install_root'], 'bin', 'imsimta'), 'restart')
        # every user had mail and logged in before the move: the caches hold their entries
        with msim.locked(self.root):
            sim = msim.Sim(self.root)
            for uid in sorted(sim.directory['users']):
                sim.deliver(uid=uid)
            sim.touch_flags(count=12)
            sim.save()
        allv = dict(self.inv['all'], msupgrade_deployment='acme', msupgrade_target_version=TARGET,
                    msupgrade_directory_password_var='msupgrade_directory_password',
                    msupgrade_migration={"batch_size": 2, "parallel_batches": 1, "pilot_users": [],
                                         "tool": "imsbackup",
                                         "controller_staging_dir": os.path.join(self.dir, 'staging')})
        comps = {"store1": ["store"], "store1-new": ["store", "mta"], "mx1": ["mta"], "mmp1": ["mmp"]}
        hosts = {}
        for name, v in hv.items():
            hosts[name] = dict(v, msupgrade_components=comps[name], msupgrade_os_family='linux',
                               msupgrade_bin_subdir='bin')
        hosts['store1'].update(msupgrade_procedure='coexistence-classic', msupgrade_replacement='store1-new')
        hosts['store1-new'].update(msupgrade_procedure='new-host', msupgrade_replaces='store1')
        self.inventory = os.path.join(self.dir, 'hosts.json')
        with open(self.inventory, 'w') as f:
            json.dump({"all": {"vars": allv, "hosts": hosts,
                               "children": {"coexistence_new": {"hosts": {"store1-new": {}}},
                                            "coexistence_legacy": {"hosts": {"store1": {}}}}}}, f)

    def sim_ok(self, host, *argv):
        rc, out, err, _b, _s = msim.execute(self.root, host, os.path.basename(argv[0]), list(argv[1:]))
        self.assertEqual(rc, 0, '%s %s: %s%s' % (host, argv, out, err))

    def migrate(self, *extra):
        play = {"name": "Move the mailboxes", "hosts": "coexistence_new", "gather_facts": False,
                "environment": "{{ msupgrade_env }}", "roles": ["migrate_mailboxes"]}
        pb = os.path.join(self.dir, 'generated', 'ansible', 'playbooks', 'migrate.yml')
        os.makedirs(os.path.dirname(pb), exist_ok=True)
        with open(pb, 'w') as f:
            json.dump([play], f)
        env = dict(os.environ, **self.inv['ansible_env'], ANSIBLE_ROLES_PATH=ROLES, ANSIBLE_NOCOLOR='1',
                   ANSIBLE_RETRY_FILES_ENABLED='0', ANSIBLE_PIPELINING='1', ANSIBLE_HOST_KEY_CHECKING='0',
                   ANSIBLE_LOCAL_TEMP=os.path.join(self.dir, 'tmp'))
        env.pop('ANSIBLE_CONFIG', None)
        p = subprocess.run(['ansible-playbook', '-i', self.inventory, pb] + list(extra), env=env,
                           capture_output=True, text=True, cwd=self.dir, timeout=900)
        return p.returncode, p.stdout + p.stderr

    def lost(self):
        rep = msim.check(self.root, 'upgrade')
        return [p for p in rep['problems'] if p['check'].startswith('message')]

    def values(self):
        hv = self.inv['hosts']
        with open(os.path.join(hv['mx1']['msupgrade_config_root'], 'option.dat')) as f:
            mta = re.findall(r'ALIAS_ENTRY_CACHE_TIMEOUT=(\S+)', f.read())
        with open(os.path.join(hv['store1']['msupgrade_config_root'], 'msg.conf')) as f:
            store = re.findall(r'service\.authcachettl = (\S+)', f.read())
        cfg = msim.read_json(os.path.join(hv['mmp1']['msupgrade_config_root'], '.msim-config.json'), {})
        mmp = {k: v for k, v in (cfg.get('msconfig') or {}).items() if 'cachettl' in k}
        memory = [n for n in hv if os.path.exists(os.path.join(hv[n]['msupgrade_config_root'], 'msupgrade-migrate-caches.json'))]
        return mta, store, mmp, memory

    def test_nothing_is_lost_and_the_caches_come_back(self):
        rc, out = self.migrate()
        self.assertNotEqual(rc, 0, 'the pilot gate stops the first run')
        self.assertIn('msupgrade_pilots_verified=yes', out)
        rc, out = self.migrate('-e', 'msupgrade_pilots_verified=yes')
        self.assertEqual(rc, 0, out[-4000:])
        self.assertEqual(self.lost(), [], 'mail or flags of moved users lost (a cache not at 0, a session not ended)')
        mta, store, mmp, memory = self.values()
        self.assertEqual(mta, ['300'], 'the MTA has its own value back')
        self.assertEqual(store, ['900'], 'an unset option comes back as its documented default')
        self.assertEqual(set(mmp.values()), {'900'}, mmp)
        self.assertEqual(memory, [], 'the remembered values are forgotten')
        journal = [json.loads(l) for l in open(os.path.join(self.root, 'journal.jsonl'))]
        argv = [(l['host'], l['argv']) for l in journal]
        self.assertIn(('mx1', ['imsimta', 'cnbuild']), argv)
        self.assertIn(('mmp1', ['stop-msg', 'mmp']), argv)
        self.assertTrue([a for h, a in argv if h == 'store1' and a[:2] == ['imsconnutil', '-k']])
        # a rerun with nothing left to move changes nothing
        rc, out = self.migrate('-e', 'msupgrade_pilots_verified=yes')
        self.assertEqual(rc, 0, out[-3000:])
        self.assertRegex(out, r'store1-new\s*: ok=\d+\s+changed=0 ')

    def test_a_failed_run_leaves_0_and_the_next_restores_the_originals(self):
        with msim.locked(self.root):
            sim = msim.Sim(self.root)
            sim.faults.append({"id": "F1", "host": "store1-new", "command": "imsrestore", "once": True, "mode": "partial"})
            sim.save()
        rc, out = self.migrate('-e', 'msupgrade_pilots_verified=yes')
        self.assertNotEqual(rc, 0, out[-3000:])
        mta, store, mmp, memory = self.values()
        self.assertEqual((mta, store), (['0'], ['0']), 'a failed run leaves the caches at 0')
        self.assertEqual(set(mmp.values()), {'0'})
        self.assertEqual(sorted(memory), ['mmp1', 'mx1', 'store1', 'store1-new'])
        rc, out = self.migrate('-e', 'msupgrade_pilots_verified=yes')
        self.assertEqual(rc, 0, out[-4000:])
        mta, store, mmp, memory = self.values()
        self.assertEqual((mta, store, memory), (['300'], ['900'], []), 'the originals, never 0')
        self.assertEqual(self.lost(), [])


if __name__ == '__main__':
    unittest.main()
