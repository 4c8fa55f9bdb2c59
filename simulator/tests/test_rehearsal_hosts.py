"""What the rehearsal needs of the simulated hosts beyond the Messaging Server commands: the
release file and uname the preflight reads, imsimta process, the Directory Server host of group
`directory`, users' DNs under directory.user_base, held mailboxes, MAL and Cassandra hosts."""
import os

from simbase import SimCase, OLD, msim, spec, linux_store


def solaris_store(name='sol1'):
    return {"name": name, "os_family": "solaris", "os": "solaris-11.3", "arch": "sparc",
            "installed_version": OLD, "components": ["store"], "package_system": "svr4",
            "users": {"count": 2, "messages": 2, "prefix": name + "-u"}}


DIRECTORY = {"name": "ldap1.example.com", "role": "directory", "os_family": "linux", "os": "oracle-linux-8",
             "arch": "x86_64", "installed_version": None, "components": []}


class RehearsalHosts(SimCase):
    SPEC = spec([linux_store(os='oracle-linux-8'), solaris_store(), DIRECTORY,
                 {"name": "mal1", "os_family": "linux", "os": "oracle-linux-8", "arch": "x86_64",
                  "installed_version": None, "components": ["mal"]},
                 {"name": "cass1", "os_family": "linux", "os": "oracle-linux-8", "arch": "x86_64",
                  "installed_version": None, "components": ["cassandra"]}],
                directory={"host": "ldap1.example.com", "port": 389, "bind_dn": "cn=Directory Manager",
                           "password": "secret", "base_dn": "o=acme", "user_base": "ou=Staff,o=acme"})

    def test_release_file_and_uname_describe_the_model_os(self):
        with open(self.hv('store1', 'msupgrade_os_release_file')) as f:
            text = f.read()
        self.assertIn('ID="ol"', text)
        self.assertIn('VERSION_ID="8.', text)
        with open(self.hv('sol1', 'msupgrade_os_release_file')) as f:
            self.assertIn('Oracle Solaris 11.3 SPARC', f.read())
        self.assertEqual(self.ok('sol1', 'uname', '-s', '-m').split(), ['SunOS', 'sun4v'])
        self.assertEqual(self.ok('store1', 'uname', '-s', '-m').split(), ['Linux', 'x86_64'])

    def test_imsimta_process_lists_the_mta_processes_while_the_mta_runs(self):
        out = self.ok('store1', self.msbin('store1', 'imsimta'), 'process')
        self.assertIn('job_controller', out)
        self.assertIn('dispatcher', out)
        self.ok('store1', self.msbin('store1', 'stop-msg'))
        out = self.ok('store1', self.msbin('store1', 'imsimta'), 'process')
        self.assertNotIn('job_controller', out)

    def test_comm_dssetup_runs_on_the_directory_host_instance_only(self):
        d = self.inv['all']['msupgrade_directory']
        argv = ['-i', 'yes', '-R', 'yes', '-c', d['server_root'], '-d', d['instance'],
                '-u', 'o=usergroup', '-s', 'yes', '-D', 'cn=Directory Manager',
                '-b', 'yes', '-t', '2', '-m', 'yes']
        with self.assertRaises(AssertionError) as e:
            self.dssetup('store1', *argv)
        self.assertIn('not a Directory Server root', str(e.exception))
        self.dssetup('ldap1.example.com', *argv)
        # the password reached the script (-w inside perl) but no command line
        self.assertTrue(all('secret' not in ' '.join(r['argv']) for r in self.journal()))
        self.assertEqual(msim.Sim(self.root).directory['schema_version'], msim.Sim(self.root).directory[
            'target_schema_version'])
        # the directory host runs no Messaging Server and is not checked as one
        self.assertNotIn('ldap1.example.com', [p.get('host') for p in self.check('upgrade')['problems']])

    def test_comm_dssetup_takes_only_its_documented_options(self):
        d = self.inv['all']['msupgrade_directory']
        argv = ['comm_dssetup.pl', '-i', 'yes', '-R', 'yes', '-c', d['server_root'], '-d', d['instance'],
                '-u', 'o=usergroup', '-s', 'yes', '-D', 'cn=Directory Manager', '-b', 'yes', '-t', '2', '-m', 'yes']
        # -j (a password file) is in none of Oracle's documents found: an unknown option
        rc, _out = self.fails('ldap1.example.com', *argv, '-j', self.pwfile)
        self.assertEqual(rc, 2)
        self.assertTrue(self.journal()[-1].get('unknown'))
        # -w is documented, but on the command line it shows the password in the process list
        self.fails('ldap1.example.com', *argv, '-w', 'secret', contains='process list')
        self.assertIn('password_on_argv', self.journal()[-1]['flags'])
        self.assertIn('password_on_argv', [p['check'] for p in self.check('upgrade')['problems']])

    def ldif(self, dn):
        p = os.path.join(self.tmp, 'mod.ldif')
        with open(p, 'w') as f:
            f.write('dn: %s\nchangetype: modify\nreplace: mailUserStatus\nmailUserStatus: hold\n' % dn)
        return p

    def ldapmodify(self, path):
        return self.run_cmd('store1', 'ldapmodify', '-H', 'ldap://ldap1.example.com:389', '-D',
                            'cn=Directory Manager', '-y', self.pwfile, '-f', path)

    def test_user_dns_are_under_user_base(self):
        rc, out, err = self.ldapmodify(self.ldif('uid=store1-u01,ou=People,o=example.com'))
        self.assertEqual(rc, 32, out + err)
        rc, out, err = self.ldapmodify(self.ldif('uid=store1-u01, ou=Staff,o=acme'))
        self.assertEqual(rc, 0, out + err)
        self.assertEqual(self.inv['all']['msupgrade_directory']['user_base'], 'ou=Staff,o=acme')

    def test_a_held_mailbox_changes_no_flag(self):
        uids = sorted(u for u in msim.Sim(self.root).directory['users'] if u.startswith('store1-'))
        for uid in uids:
            self.assertEqual(self.ldapmodify(self.ldif('uid=%s,ou=Staff,o=acme' % uid))[0], 0)
        changed = self.touch_flags(30)
        sim = msim.Sim(self.root)
        self.assertTrue(changed, "the users not on hold changed flags")
        self.assertFalse([c for c in changed if sim.ledger['messages'][c['id']]['user'] in uids], changed)

    def test_mal_serves_a_store_and_cassandra_hosts_have_cassandra(self):
        self.assertEqual(msim.Sim(self.root).services_for(msim.Sim(self.root).hosts['mal1']), ['store', 'imap', 'pop'])
        self.assertIn('cassandra', self.ok('cass1', 'rpm', '-q', 'cassandra'))
        self.assertNotIn('cass1', [p.get('host') for p in self.check('upgrade')['problems']])
