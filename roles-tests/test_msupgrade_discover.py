"""The discover role (library/msupgrade_discover.py), through the real ansible-playbook on
localhost against a host laid out in a temporary folder: a 7.x legacy host whose ConfigRoot is
found through the InstallRoot/config link, as the product finds it, and a host whose
configuration cannot be read. The simulated estates of the samples are discovered in
generator/src/test/java/io/msupgrade/cli/DiscoverCommandTest.java."""
import json
import os
import shutil
import tempfile
import unittest

import playbook

RELEASE_SOLARIS_10 = '                   Oracle Solaris 10 1/13 s10s_u11wos_24a SPARC\n'


class DiscoverModule(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='discover-')
        self.bin = os.path.join(self.tmp, 'path')
        self.install = os.path.join(self.tmp, 'opt', 'messaging')
        self.config = os.path.join(self.tmp, 'elsewhere', 'config')
        for d in (self.bin, os.path.join(self.install, 'sbin'), self.config, os.path.join(self.tmp, 'etc')):
            os.makedirs(d)
        os.symlink(self.config, os.path.join(self.install, 'config'))
        self.write(os.path.join(self.tmp, 'etc', 'release'), RELEASE_SOLARIS_10)
        self.script(os.path.join(self.bin, 'uname'), 'echo "SunOS sun4v"')
        self.script(os.path.join(self.install, 'sbin', 'imsimta'),
                    '[ "$1" = version ] || exit 2\n'
                    'echo "Sun Java(tm) System Messaging Server 7.0.5.33.0 (32bit)"')

    def tearDown(self):
        shutil.rmtree(self.tmp)

    @staticmethod
    def write(path, text):
        with open(path, 'w') as f:
            f.write(text)

    def script(self, path, body):
        self.write(path, '#!/bin/sh\n' + body + '\n')
        os.chmod(path, 0o755)

    def discover(self):
        out = os.path.join(self.tmp, 'result.json')
        run = playbook.run(self.tmp, [{
            'hosts': 'localhost', 'gather_facts': False, 'connection': 'local',
            'environment': {'PATH': self.bin + ':/usr/bin:/bin'},
            # the role as the discover play runs it; its library is the module the tasks call
            'vars': {'msupgrade_install_root': self.install,
                     'msupgrade_os_release_file': os.path.join(self.tmp, 'etc', 'release')},
            'roles': ['discover'],
            'tasks': [
                {'name': 'discover', 'msupgrade_discover': {
                    'host': 'localhost', 'install_root': self.install,
                    'release_file': os.path.join(self.tmp, 'etc', 'release')}, 'register': 'r'},
                {'name': 'keep', 'ansible.builtin.copy': {'content': '{{ r | to_json }}', 'dest': out}}]}],
            '-e', 'ansible_python_interpreter=/usr/bin/python3')
        self.assertEqual(run.rc, 0, run.output)
        self.assertIn('changed=1 ', run.recap)   # the copy on the controller, nothing on the host
        with open(out) as f:
            return json.load(f)

    def test_legacy_host_read_from_the_product(self):
        self.write(os.path.join(self.config, 'msg.conf'),
                   '! configutil settings\nlocal.store.enable = "1"\nlocal.imta.enable = 0\n'
                   'service.http.enable = "yes"\nlocal.ugldaphost = "ldapA.example:1389 ldapB.example"\n'
                   'local.ugldapbasedn = "o=usergroup"\n')
        r = self.discover()
        self.assertFalse(r['changed'])
        d = r['discovered']
        self.assertEqual((d['os'], d['arch'], d['version'], d['bits']), ('solaris-10', 'sparc', '7.0.5.33.0', 32))
        self.assertEqual((d['config_layout'], d['components']), ('legacy', ['store', 'webmail']))
        self.assertEqual(d['directory'], {'host': 'ldapA.example', 'port': '1389', 'base_dn': 'o=usergroup'})
        self.assertEqual(d['roots']['config_root'], os.path.realpath(self.config))
        self.assertNotIn('zfs_store_dataset', d)
        self.assertNotIn('ha', d)
        self.assertEqual(r['problems'], [])

    def test_what_cannot_be_read_is_said_and_left_out(self):
        self.write(os.path.join(self.config, 'config.xml'), '<config><store enable="1"')   # broken
        r = self.discover()
        d = r['discovered']
        self.assertEqual(d['version'], '7.0.5.33.0')
        self.assertNotIn('components', d)
        self.assertTrue(any('cannot read the configuration' in p for p in r['problems']), r['problems'])


if __name__ == '__main__':
    unittest.main()
