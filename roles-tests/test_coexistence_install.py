"""Role coexistence_install against the rehearsal simulator, through the real ansible-playbook:
install, Messaging Server's initial configuration (configure --noldap --state), the store
affinity group of a MAL host, the legacy configuration cloned into a review folder on the
controller, and migrate's review gate (tasks_from review_gate, apply).

The simulator gives a new host no ConfigRoot until configure ran (as on a real host, where rpm -i
does not create one). MSUPGRADE_ROLES_UNDER_TEST points the run at another roles folder, e.g. the
roles of an older commit (git archive), to see them fail against it.
"""
import json
import os
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


def sim_spec():
    new = {"os_family": "linux", "os": "oracle-linux-8", "arch": "x86_64", "installed_version": None}
    return {"deployment": "acme", "seed": 3, "target_version": TARGET,
            "directory": {"host": "ldap1", "port": 389, "bind_dn": "cn=Directory Manager", "password": "secret"},
            "sim": {"deliver_every": 0, "flags_every": 0},
            "hosts": [{"name": "store1", "os_family": "linux", "os": "oracle-linux-7", "arch": "x86_64",
                       "installed_version": "8.0.2.3.0", "components": ["store", "mta"], "replacement": "store1-new",
                       "users": {"count": 2, "messages": 2, "prefix": "u"}},
                      dict(new, name="store1-new", components=["store", "mta"], replaces="store1"),
                      dict(new, name="mal1", components=["mal"])]}


@unittest.skipUnless(shutil.which('ansible-playbook'), 'ansible-playbook is not installed')
class CoexistenceInstall(unittest.TestCase):

    def setUp(self):
        os.environ.setdefault('MSIM_NO_CLIENT', '1')
        self.dir = tempfile.mkdtemp(prefix='msupgrade-coexinst-')
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.root = os.path.join(self.dir, 'sim')
        self.inv = msim.setup(sim_spec(), self.root)
        self.review = os.path.join(self.dir, 'controller', 'config-review')
        # the legacy host's configuration names it
        cr = self.inv['hosts']['store1']['msupgrade_config_root']
        with open(os.path.join(cr, 'config.xml'), 'w') as f:
            f.write('<?xml version="1.0"?>\n<config host="store1">\n'
                    '  <option name="service.defaultdomain" value="store1.acme.example"/>\n'
                    '  <option name="relay" value="store10"/>\n</config>\n')
        allv = dict(self.inv['all'], msupgrade_deployment='acme', msupgrade_target_version=TARGET,
                    msupgrade_target_store='classic', msupgrade_unified_config=False,
                    msupgrade_migration={"batch_size": 25, "parallel_batches": 1, "pilot_users": [],
                                         "review_dir": self.review})
        hosts = {}
        for name, hv in self.inv['hosts'].items():
            hosts[name] = dict(hv)
        hosts['store1'].update(msupgrade_components=['store', 'mta'], msupgrade_os_family='linux',
                               msupgrade_procedure='coexistence-classic', msupgrade_replacement='store1-new')
        hosts['store1-new'].update(msupgrade_components=['store', 'mta'], msupgrade_os_family='linux',
                                   msupgrade_procedure='new-host', msupgrade_replaces='store1')
        hosts['mal1'].update(msupgrade_components=['mal'], msupgrade_os_family='linux',
                             msupgrade_procedure='new-host', msupgrade_affinity_group='sag1')
        self.inventory = os.path.join(self.dir, 'hosts.json')
        with open(self.inventory, 'w') as f:
            json.dump({"all": {"vars": allv, "hosts": hosts,
                               "children": {"coexistence_new": {"hosts": {"store1-new": {}, "mal1": {}}},
                                            "coexistence_legacy": {"hosts": {"store1": {}}}}}}, f)

    def run_play(self, tasks_or_roles, *extra):
        play = {"name": "under test", "hosts": "coexistence_new", "gather_facts": False,
                "environment": "{{ msupgrade_env }}", "any_errors_fatal": True}
        play.update(tasks_or_roles)
        pb = os.path.join(self.dir, 'generated', 'ansible', 'playbooks', 'play.yml')  # the generated folder's layout
        os.makedirs(os.path.dirname(pb), exist_ok=True)
        with open(pb, 'w') as f:
            json.dump([play], f)
        env = dict(os.environ, **self.inv['ansible_env'], ANSIBLE_ROLES_PATH=ROLES, ANSIBLE_NOCOLOR='1',
                   ANSIBLE_RETRY_FILES_ENABLED='0', ANSIBLE_PIPELINING='1', ANSIBLE_HOST_KEY_CHECKING='0',
                   ANSIBLE_LOCAL_TEMP=os.path.join(self.dir, 'tmp'))
        env.pop('ANSIBLE_CONFIG', None)
        p = subprocess.run(['ansible-playbook', '-i', self.inventory, pb] + list(extra), env=env,
                           capture_output=True, text=True, cwd=self.dir, timeout=600)
        return p.returncode, p.stdout + p.stderr

    def journal(self):
        with open(os.path.join(self.root, 'journal.jsonl')) as f:
            return [json.loads(line) for line in f]

    def gate(self, *extra):
        return self.run_play({"tasks": [
            {"name": "gate", "ansible.builtin.include_role": {"name": "coexistence_install", "tasks_from": "review_gate"}},
            {"name": "apply", "ansible.builtin.include_role": {"name": "coexistence_install", "tasks_from": "apply"},
             "when": ["msupgrade_replaces is defined",
                      "msupgrade_components | difference(['cassandra', 'mal']) | length == msupgrade_components"
                      " | length"]}]}, *extra)

    def test_new_hosts_configured_cloned_for_review_and_gated(self):
        rc, out = self.run_play({"roles": ["coexistence_install"]})
        self.assertEqual(rc, 0, out[-4000:])
        lines = [(l['host'], l['argv']) for l in self.journal() if l['rc'] == 0]
        for host in ('store1-new', 'mal1'):
            cmds = [a[0] for h, a in lines if h == host]
            self.assertIn('configure', cmds, host)
            self.assertLess(cmds.index('rpm'), cmds.index('configure'), host)
        conf = [a for h, a in lines if a[0] == 'configure']
        self.assertTrue(all(a[1:3] == ['--noldap', '--state'] for a in conf), conf)
        self.assertIn(['msconfig', 'set', 'proxy:sag1.storehostlist', 'mal1'], [a for h, a in lines if h == 'mal1'])
        # the review folder: original, cloned with the names rewritten, every substitution listed
        mine = os.path.join(self.review, 'store1-new')
        with open(os.path.join(mine, 'cloned', 'config.xml')) as f:
            cloned = f.read()
        self.assertIn('host="store1-new"', cloned)
        self.assertIn('store1-new.acme.example', cloned)
        self.assertIn('value="store10"', cloned, 'a longer name is not rewritten')
        with open(os.path.join(mine, 'SUBSTITUTIONS.txt')) as f:
            report = f.read()
        self.assertIn('store1 -> store1-new', report)
        self.assertIn('2 line(s) changed in 1 file(s)', report)
        self.assertFalse(os.path.exists(os.path.join(self.review, 'mal1')), 'a MAL host gets no classic store clone')
        new_cr = self.inv['hosts']['store1-new']['msupgrade_config_root']
        with open(os.path.join(new_cr, 'config.xml')) as f:
            self.assertIn('created-by="configure"', f.read(), 'nothing is copied before the review')
        # the gate: refused without msupgrade_config_reviewed, naming the review folder
        rc, out = self.gate()
        self.assertNotEqual(rc, 0, out[-3000:])
        self.assertIn(self.review + '/store1-new/SUBSTITUTIONS.txt', out)
        self.assertIn('msupgrade_config_reviewed=yes', out)
        # the operator edits a reviewed file, then goes on
        with open(os.path.join(mine, 'cloned', 'config.xml'), 'a') as f:
            f.write('<!-- reviewed -->\n')
        rc, out = self.gate('-e', 'msupgrade_config_reviewed=yes')
        self.assertEqual(rc, 0, out[-4000:])
        with open(os.path.join(new_cr, 'config.xml')) as f:
            applied = f.read()
        self.assertIn('host="store1-new"', applied)
        self.assertIn('<!-- reviewed -->', applied)
        self.assertFalse([a for h, a in lines if h in ('store1-new', 'mal1') and a[0] == 'start-msg'])
        # a rerun changes nothing
        rc, out = self.run_play({"roles": ["coexistence_install"]})
        self.assertEqual(rc, 0, out[-3000:])
        self.assertRegex(out, r'store1-new\s*: ok=\d+\s+changed=0')


if __name__ == '__main__':
    unittest.main()
