"""Coexistence: imsbackup -u / imsrestore moves exactly the listed users; rehostuser; the
directory (ldapmodify, comm_dssetup.pl)."""
import contextlib
import io
import os
import sys
import unittest

from simbase import SimCase, TARGET, OLD, msim, spec, linux_store


def new_host(name='new1', replaces='store1'):
    return {"name": name, "os_family": "linux", "os": "oel-8", "arch": "x86_64",
            "installed_version": None, "components": ["store", "mta"], "replaces": replaces}


def statefile(case, host, xml='1', **extra):
    """The answer file of configure --noldap --state (KEY=VALUE lines)."""
    p = os.path.join(case.tmp, 'configure-%s.state' % host)
    keys = {"XMLCONFIG": xml, "FQDN": host + '.example.com'}
    keys.update(extra)
    with open(p, 'w') as f:
        f.write('# configure answers\n')
        for k, v in keys.items():
            if v is not None:
                f.write('%s=%s\n' % (k, v))
    return p


def configure(case, host, **kw):
    case.ok(host, case.msbin(host, 'configure'), '--noldap', '--state', statefile(case, host, **kw))


class Coexistence(SimCase):
    SPEC = spec([linux_store(users=4, messages=3, replacement='new1'), new_host()])

    def build_new(self):
        self.ok('new1', 'rpm', '-i', self.rpm_file())
        self.fails('new1', self.msbin('new1', 'start-msg'), contains='not configured')
        configure(self, 'new1')
        self.ok('new1', self.msbin('new1', 'start-msg'))
        self.lower_caches()

    def lower_caches(self, hosts=('store1', 'new1')):
        """The online move's step 3 as the guide has it (both hosts are Unified Configuration
        here): the stores' authentication cache and the MTAs' alias entry cache to 0, the MTA's
        configuration compiled and its processes restarted."""
        for h in hosts:
            self.ok(h, self.msbin(h, 'msconfig'), 'set', 'base.authcachettl', '0')
            self.ok(h, self.msbin(h, 'msconfig'), 'set', 'mta.alias_entry_cache_timeout', '0')
            self.ok(h, self.msbin(h, 'imsimta'), 'cnbuild')
            self.ok(h, self.msbin(h, 'imsimta'), 'restart')

    def test_new_host_has_no_configroot_until_configure(self):
        cr = self.hv('new1', 'msupgrade_config_root')
        self.assertFalse(os.path.exists(cr), 'a new host has no ConfigRoot before the install')
        self.ok('new1', 'rpm', '-i', self.rpm_file())
        self.assertFalse(os.path.exists(cr), 'rpm -i does not create the ConfigRoot')
        self.fails('new1', self.msbin('new1', 'start-msg'), contains='not configured')
        configure(self, 'new1')
        self.assertTrue(os.path.isfile(os.path.join(cr, 'config.xml')))
        self.fails('new1', self.msbin('new1', 'configure'), '--noldap', '--state', statefile(self, 'new1'),
                   contains='already configured')
        self.ok('new1', self.msbin('new1', 'start-msg'))

    def test_configure_takes_only_the_documented_argv(self):
        self.ok('new1', 'rpm', '-i', self.rpm_file())
        conf = self.msbin('new1', 'configure')
        state = statefile(self, 'new1')
        for argv in ([], ['--noninteractive'], ['--state', state], ['--noldap', state],
                     ['--state', state, '--noldap'], ['--noldap', '--state=' + state]):
            self.fails('new1', conf, *argv, contains='accepts only')
        self.fails('new1', conf, '--noldap', '--state', statefile(self, 'new1', FQDN=None), contains='lacks FQDN')
        self.fails('new1', conf, '--noldap', '--state', statefile(self, 'new1', xml='yes'), contains='XMLCONFIG')
        self.fails('new1', conf, '--noldap', '--state', os.path.join(self.tmp, 'nope'), contains='cannot read')
        self.assertFalse(os.path.exists(self.hv('new1', 'msupgrade_config_root')))
        configure(self, 'new1', xml='0')
        self.assertTrue(os.path.isfile(os.path.join(self.hv('new1', 'msupgrade_config_root'), 'msg.conf')))

    def ldif(self, users, host, status=None):
        p = os.path.join(self.tmp, 'mod-%s.ldif' % host)
        with open(p, 'w') as f:
            for u in users:
                f.write('dn: uid=%s,ou=People,o=example.com\nchangetype: modify\n' % u)
                if host:
                    f.write('replace: mailHost\nmailHost: %s\n' % host)
                if status:
                    if host:
                        f.write('-\n')
                    f.write('replace: mailUserStatus\nmailUserStatus: %s\n' % status)
                f.write('\n')
        return p

    def ldapmodify(self, host, path):
        self.ok(host, 'ldapmodify', '-H', 'ldap://ldap1:389', '-D', 'cn=Directory Manager',
                '-y', self.pwfile, '-f', path)

    def move(self, users):
        """hold -> backup -u -> restore -> mailHost + active, as a careful role would."""
        self.ldapmodify('store1', self.ldif(users, None, 'hold'))
        uf = os.path.join(self.tmp, 'users.txt')
        with open(uf, 'w') as f:
            f.write('\n'.join(users) + '\n')
        bak = os.path.join(self.hv('store1', 'msupgrade_backup_dir'), 'batch.bak')
        self.ok('store1', self.msbin('store1', 'imsbackup'), '-v', '-f', bak, '-u', uf)
        self.deliver(2)             # held users' mail waits in the queue
        self.ok('new1', self.msbin('new1', 'imsrestore'), '-v', '-f', bak)
        self.ldapmodify('store1', self.ldif(users, 'new1', 'active'))
        self.release_all()

    RELEASE = b'directory -held\nrelease -channel=hold -all -noconfirm\nexit\n'

    def release_all(self):
        """imsimta qm release on every MTA (held mail is not released by mailUserStatus active)."""
        for host in ('new1', 'store1'):
            self.ok(host, self.msbin(host, 'imsimta'), 'qm', stdin=self.RELEASE)

    def test_held_mail_stays_held_until_released(self):
        """Strictness: `active` releases nothing; `imsimta qm release` on the holding MTA does."""
        self.build_new()
        users = ['store1-u01']
        self.ldapmodify('store1', self.ldif(users, None, 'hold'))
        self.deliver(2, user='store1-u01')
        self.ldapmodify('store1', self.ldif(users, None, 'active'))
        rep = self.check('upgrade')
        held = [p for p in rep['problems'] if p['check'] == 'message_missing' and p['queued']]
        self.assertEqual(len(held), 2)
        out = self.ok('new1', self.msbin('new1', 'imsimta'), 'qm', stdin=b'dir -held\nexit\n')
        self.assertIn('Total of 2 held message(s)', out)
        # release needs a listing first, and a confirmation without a terminal
        rc, out, err = self.run_cmd('new1', self.msbin('new1', 'imsimta'), 'qm', stdin=b'release -all -noconfirm\n')
        self.assertNotEqual(rc, 0)
        self.assertIn('directory -held', err)
        rc, out, err = self.run_cmd('new1', self.msbin('new1', 'imsimta'), 'qm', stdin=b'dir -held\nrelease -all\n')
        self.assertIn('confirmation', err)
        self.ok('new1', self.msbin('new1', 'imsimta'), 'qm', stdin=self.RELEASE)
        self.assertFalse([p for p in self.check('upgrade')['problems'] if p['check'] == 'message_missing'])

    def test_release_of_a_user_still_on_hold_holds_again(self):
        self.build_new()
        self.ldapmodify('store1', self.ldif(['store1-u01'], None, 'hold'))
        self.deliver(1, user='store1-u01')
        self.ok('new1', self.msbin('new1', 'imsimta'), 'qm', stdin=self.RELEASE)
        out = self.ok('new1', self.msbin('new1', 'imsimta'), 'qm', stdin=b'dir -held\nexit\n')
        self.assertIn('Total of 1 held message(s)', out)

    def test_move_back_to_the_legacy_host(self):
        """The chapter: imsbackup/imsrestore "also support moving mailboxes from new message store
        versions to old ones for back-out purposes": moved users go back with their new mail."""
        self.build_new()
        users = ['store1-u01', 'store1-u02']
        self.move(users)
        self.deliver(3, user='store1-u01')
        self.ldapmodify('new1', self.ldif(users, None, 'hold'))
        uf = os.path.join(self.tmp, 'back.txt')
        with open(uf, 'w') as f:
            f.write('\n'.join(users) + '\n')
        bak = os.path.join(self.hv('new1', 'msupgrade_backup_dir'), 'back.bak')
        self.ok('new1', self.msbin('new1', 'imsbackup'), '-v', '-f', bak, '-u', uf)
        self.deliver(1, user='store1-u02')
        self.ok('store1', self.msbin('store1', 'imsrestore'), '-E', '-f', bak)
        self.ldapmodify('store1', self.ldif(users, 'store1', 'active'))
        self.release_all()
        rep = self.check('rollback')
        self.assertEqual([p for p in rep['problems'] if p['check'].startswith('message')], [], rep['problems'])

    def test_user_batch_moves_exactly_those_users(self):
        self.set_cfg(deliver_every=2)
        self.build_new()
        users = ['store1-u01', 'store1-u03']
        self.move(users)
        new_store = msim.Store(self.hv('new1', 'msupgrade_data_root'))
        self.assertEqual(new_store.users(), users)
        directory = msim.read_json(os.path.join(self.root, 'directory.json'))
        self.assertEqual(directory['users']['store1-u01']['mailHost'], 'new1')
        self.assertEqual(directory['users']['store1-u02']['mailHost'], 'store1')
        # moved users' old mailboxes stay on the legacy host (exempt after the upgrade)
        self.move(['store1-u02', 'store1-u04'])
        self.dssetup('new1')
        rep = self.assertCheck('upgrade')
        self.assertEqual(rep['exempt_hosts'], ['store1'])
        self.assertEqual(len(rep['notes']), 4)

    def test_careless_move_loses_mail(self):
        """Backup, then mail arrives on the legacy host, then mailHost changes: that mail is lost."""
        self.build_new()
        uf = os.path.join(self.tmp, 'users.txt')
        with open(uf, 'w') as f:
            f.write('store1-u01\n')
        bak = os.path.join(self.tmp, 'b.bak')
        self.ok('store1', self.msbin('store1', 'imsbackup'), '-v', '-f', bak, '-u', uf)
        self.deliver(1, user='store1-u01')
        self.ok('new1', self.msbin('new1', 'imsrestore'), '-f', bak)
        self.ldapmodify('store1', self.ldif(['store1-u01'], 'new1'))
        rep = self.check('upgrade')
        missing = [p for p in rep['problems'] if p['check'] == 'message_missing']
        self.assertEqual(len(missing), 1)
        self.assertEqual(missing[0]['found_elsewhere'][0]['user'], 'store1-u01')

    def test_stray_user_restored_without_mailhost_change(self):
        self.build_new()
        uf = os.path.join(self.tmp, 'users.txt')
        with open(uf, 'w') as f:
            f.write('store1-u02\n')
        bak = os.path.join(self.tmp, 'b.bak')
        self.ok('store1', self.msbin('store1', 'imsbackup'), '-f', bak, '-u', uf)
        self.ok('new1', self.msbin('new1', 'imsrestore'), '-f', bak)
        rep = self.check('upgrade')
        stray = [p for p in rep['problems'] if p['check'] == 'stray_user']
        self.assertEqual([(p['user'], p['hosts']) for p in stray], [('store1-u02', ['new1'])])
        # after a rollback the new hosts are exempt: only a note
        self.assertIn('store1-u02', [n['stale_user_on_exempt_host'] for n in self.check('rollback')['notes']])

    def test_ldap_credentials_checked(self):
        p = self.ldif(['store1-u01'], 'new1')
        bad = os.path.join(self.tmp, 'badpw')
        with open(bad, 'w') as f:
            f.write('nope\n')
        self.fails('store1', 'ldapmodify', '-H', 'ldap://ldap1:389', '-D', 'cn=Directory Manager',
                   '-y', bad, '-f', p, contains='Invalid credentials')
        rc, out = self.fails('store1', 'ldapmodify', '-H', 'ldap://ldap1:389', '-D', 'cn=Directory Manager',
                             '-w', 'secret', '-f', p)
        self.assertIn('password_on_argv', self.journal()[-1]['flags'])
        self.fails('store1', 'ldapmodify', '-H', 'ldap://ldap9:389', '-D', 'cn=Directory Manager',
                   '-y', self.pwfile, '-f', p)
        out = self.ok('store1', 'ldapsearch', '-H', 'ldap://ldap1:389', '-D', 'cn=Directory Manager',
                      '-y', self.pwfile, '-b', 'o=example.com', '-LLL', '(uid=store1-u01)', 'mailHost')
        self.assertIn('mailHost: store1', out)

    def test_schema_check(self):
        rep = self.check('upgrade')
        self.assertIn('schema', [p['check'] for p in rep['problems']])
        self.dssetup('store1')
        d = msim.read_json(os.path.join(self.root, 'directory.json'))
        self.assertEqual(d['schema_version'], TARGET)
        self.assertEqual(d['dssetup_runs'][0]['host'], 'store1')


class DelegatedEnvironment(SimCase):
    SPEC = spec([linux_store(users=2, messages=1, replacement='new1'), new_host()])

    def wrapper(self, host, name, env_host, *args):
        old_argv, old_env = sys.argv, os.environ.get('MSUPGRADE_SIM_HOST')
        sys.argv = [name] + list(args)
        os.environ['MSUPGRADE_SIM_HOST'] = env_host
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
                with self.assertRaises(SystemExit) as ex:
                    msim.wrapper_main(self.root, host, name)
            return ex.exception.code, err.getvalue()
        finally:
            sys.argv = old_argv
            if old_env is None:
                del os.environ['MSUPGRADE_SIM_HOST']
            else:
                os.environ['MSUPGRADE_SIM_HOST'] = old_env

    def test_command_with_another_hosts_environment_fails(self):
        """Strictness: a task delegated to the legacy host that keeps the new host's environment."""
        rc, err = self.wrapper('store1', 'mboxutil', 'new1', '-l')
        self.assertEqual(rc, 126)
        self.assertIn('environment of new1', err)
        rc, err = self.wrapper('store1', 'mboxutil', 'store1', '-l')
        self.assertEqual(rc, 0, err)


class Rehost(SimCase):
    SPEC = spec([linux_store(users=4, messages=3, replacement='cass1'), new_host('cass1')])

    def test_msconfig_sets_only_a_store_affinity_group(self):
        self.ok('cass1', 'rpm', '-i', self.rpm_file())
        msconfig = self.msbin('cass1', 'msconfig')
        self.fails('cass1', msconfig, 'set', 'proxy:sag1.storehostlist', 'cass1', contains='run configure first')
        configure(self, 'cass1')
        self.fails('cass1', msconfig, 'set', 'store.affinitygroup', 'sag1', contains='accepts only')
        self.ok('cass1', msconfig, 'set', 'proxy:sag1.storehostlist', 'cass1 cass2')
        self.assertEqual(msim.affinity_groups(msim.Sim(self.root).hosts['cass1']), {'sag1': ['cass1', 'cass2']})

    def test_rehostuser_moves_user_and_directory(self):
        self.set_cfg(deliver_every=3, flags_every=4)
        self.fails('store1', self.msbin('store1', 'rehostuser'), '-u', 'store1-u01', '-d', 'cass1',
                   contains='not running')
        self.ok('cass1', 'rpm', '-i', self.rpm_file())
        configure(self, 'cass1')
        self.ok('cass1', self.msbin('cass1', 'start-msg'))
        # the destination must be in a store affinity group (proxy:GROUP.storehostlist)
        self.fails('cass1', self.msbin('cass1', 'rehostuser'), '-u', 'store1-u01', '-d', 'cass1',
                   contains='no store affinity group')
        self.ok('cass1', self.msbin('cass1', 'msconfig'), 'set', 'proxy:sag1.storehostlist', 'cass1')
        self.ok('cass1', self.msbin('cass1', 'rehostuser'), '-u', 'store1-u01', '-d', 'cass1')
        d = msim.read_json(os.path.join(self.root, 'directory.json'))
        self.assertEqual(d['users']['store1-u01']['mailHost'], 'cass1')
        self.assertNotIn('store1-u01', msim.Store(self.hv('store1', 'msupgrade_data_root')).users())
        # a fault mid-batch: u02 moves, u03 fails, u04 not attempted
        with msim.locked(self.root):
            sim = msim.Sim(self.root)
            sim.faults.append({"id": "R1", "host": "*", "command": "rehostuser", "match": "store1-u03", "once": True})
            sim.save()
        self.fails('cass1', self.msbin('cass1', 'rehostuser'), '-u', 'store1-u02', '-u', 'store1-u03',
                   '-u', 'store1-u04', '-d', 'cass1', contains='injected fault')
        d = msim.read_json(os.path.join(self.root, 'directory.json'))
        self.assertEqual([d['users']['store1-u0%d' % i]['mailHost'] for i in (2, 3, 4)],
                         ['cass1', 'store1', 'store1'])
        self.assertFalse(self.check('upgrade')['ok'])
        # retry the rest
        self.ok('cass1', self.msbin('cass1', 'rehostuser'), '-u', 'store1-u03', '-u', 'store1-u04', '-d', 'cass1')
        self.dssetup('cass1')
        self.assertCheck('upgrade')


if __name__ == '__main__':
    unittest.main()


class DirectoryCaches(SimCase):
    """The online move's step 3 (Administration Guide 6.3, "To Migrate User Mailboxes from One
    Messaging Server to Another While Online"): until the caches are 0, an MTA delivers on the
    entry it cached, a store lets a held user in on its authentication cache, an MMP sends a
    user to the store its LDAP cache names."""
    SPEC = spec([linux_store(users=2, messages=2, replacement='new1', config='legacy'),
                 new_host(),
                 {"name": "mmp1", "os_family": "linux", "os": "oel-8", "arch": "x86_64",
                  "installed_version": OLD, "components": ["mmp"], "config": "legacy"}])

    def setUp(self):
        super().setUp()
        self.ok('new1', 'rpm', '-i', self.rpm_file())
        configure(self, 'new1')
        self.ok('new1', self.msbin('new1', 'start-msg'))
        self.users = ['store1-u01']
        uf = os.path.join(self.tmp, 'users.txt')
        with open(uf, 'w') as f:
            f.write('store1-u01\n')
        self.userfile = uf

    ldif = Coexistence.ldif
    ldapmodify = Coexistence.ldapmodify
    RELEASE = Coexistence.RELEASE

    def sim(self, fn):
        with msim.locked(self.root):
            sim = msim.Sim(self.root)
            out = fn(sim)
            sim.save()
        return out

    def move(self):
        """hold, backup, mail arrives, restore, mailHost + active, release: the role's round."""
        self.ldapmodify('store1', self.ldif(self.users, None, 'hold'))
        bak = os.path.join(self.tmp, 'b.bak')
        self.ok('store1', self.msbin('store1', 'imsbackup'), '-v', '-f', bak, '-u', self.userfile)
        self.deliver(1, user='store1-u01')
        self.ok('new1', self.msbin('new1', 'imsrestore'), '-E', '-f', bak)
        self.ldapmodify('store1', self.ldif(self.users, 'new1', 'active'))
        for host in ('new1', 'store1'):
            self.ok(host, self.msbin(host, 'imsimta'), 'qm', stdin=self.RELEASE)
        self.deliver(1, user='store1-u01')
        return [p for p in self.check('upgrade')['problems'] if p['check'].startswith('message')]

    def test_alias_entry_cache_delivers_to_the_old_store(self):
        """With the default ALIAS_ENTRY_CACHE_TIMEOUT (600) the MTA that looked the user up before
        the hold delivers to the legacy store after the backup: that mail is lost."""
        self.deliver(1, user='store1-u01')           # new1's MTA caches the entry (store1, active)
        lost = self.move()
        self.assertTrue(lost, 'mail delivered on a cached entry must be missing')
        self.assertEqual(lost[0]['found_elsewhere'][0]['user'], 'store1-u01')

    def test_alias_entry_cache_timeout_needs_cnbuild_and_restart(self):
        msconfig = self.msbin('new1', 'msconfig')
        self.ok('new1', msconfig, 'set', 'mta.alias_entry_cache_timeout', '0')
        self.assertEqual(self.ok('new1', msconfig, 'show', 'mta.alias_entry_cache_timeout').strip(),
                         'mta.alias_entry_cache_timeout = 0')
        self.deliver(1, user='store1-u01')
        self.assertTrue(self.move(), 'an option not compiled and not restarted is not live')

    def test_caches_at_zero_lose_nothing(self):
        self.deliver(1, user='store1-u01')
        # legacy store1: configutil and option.dat; unified new1: msconfig
        self.ok('store1', self.msbin('store1', 'configutil'), '-o', 'service.authcachettl', '-v', '0')
        self.assertEqual(self.ok('store1', self.msbin('store1', 'configutil'), '-o', 'service.authcachettl').strip(), '0')
        opt = os.path.join(self.hv('store1', 'msupgrade_config_root'), 'option.dat')
        with open(opt, 'a') as f:
            f.write('ALIAS_ENTRY_CACHE_TIMEOUT=0\n')
        self.ok('new1', self.msbin('new1', 'msconfig'), 'set', 'mta.alias_entry_cache_timeout', '0')
        for h in ('store1', 'new1'):
            self.ok(h, self.msbin(h, 'imsimta'), 'cnbuild')
            self.ok(h, self.msbin(h, 'imsimta'), 'restart')
        self.assertEqual(self.move(), [])

    def test_store_authentication_cache_lets_a_held_user_in(self):
        self.ok('mmp1', self.msbin('mmp1', 'stop-msg'), 'mmp')   # straight to the store
        self.assertEqual(self.sim(lambda s: s.access_route('store1-u01'))[1]['mailUserStatus'], 'active')
        self.ldapmodify('store1', self.ldif(self.users, None, 'hold'))
        self.assertEqual(self.sim(lambda s: s.access_route('store1-u01'))[1]['mailUserStatus'], 'active',
                         'service.authcachettl 900: the cached login still works')
        self.ok('store1', self.msbin('store1', 'configutil'), '-o', 'service.authcachettl', '-v', '0')
        self.assertEqual(self.sim(lambda s: s.access_route('store1-u01'))[1]['mailUserStatus'], 'hold')

    def test_mmp_cache_sends_a_moved_user_to_the_old_store(self):
        dr_old = self.hv('store1', 'msupgrade_data_root')
        dr_new = self.hv('new1', 'msupgrade_data_root')
        self.assertEqual(self.sim(lambda s: s.access_route('store1-u01'))[0], dr_old)
        self.ldapmodify('store1', self.ldif(self.users, 'new1', 'active'))
        self.assertEqual(self.sim(lambda s: s.access_route('store1-u01'))[0], dr_old, 'LdapCacheTTL 900')
        cr = self.hv('mmp1', 'msupgrade_config_root')
        for f in ('ImapProxyAService.cfg', 'PopProxyAService.cfg'):
            with open(os.path.join(cr, f), 'a') as fh:
                fh.write('default:LdapCacheTTL 0\ndefault:AuthCacheTTL 0\n')
        self.assertEqual(self.sim(lambda s: s.access_route('store1-u01'))[0], dr_old,
                         'the MMP reads its configuration when it starts')
        self.ok('mmp1', self.msbin('mmp1', 'stop-msg'), 'mmp')
        self.ok('mmp1', self.msbin('mmp1', 'start-msg'), 'mmp')
        self.assertEqual(self.sim(lambda s: s.access_route('store1-u01'))[0], dr_new)

    def test_rehostuser_flushes_the_caches(self):
        self.deliver(1, user='store1-u01')
        self.sim(lambda s: s.flush_user_caches('store1-u01'))
        caches = self.sim(lambda s: [c for h in s.hosts.values() for c in (h.get('caches') or {}).values()])
        self.assertFalse([c for c in caches if 'store1-u01' in c])

    def test_open_session_goes_on_until_imsconnutil_k(self):
        """Step 2: users must be logged out before the data move; the hold refuses new logins
        only. imsconnutil -k (Administration Reference) disconnects them."""
        self.ok('mmp1', self.msbin('mmp1', 'stop-msg'), 'mmp')
        self.ok('store1', self.msbin('store1', 'configutil'), '-o', 'service.authcachettl', '-v', '0')

        def u01_changes(n=30):
            return [c for c in self.touch_flags(n) if c['id'] in self.u01_ids]
        self.u01_ids = self.sim(lambda s: [m for m, r in s.ledger['messages'].items() if r['user'] == 'store1-u01'])
        self.assertTrue(u01_changes(), 'the user logs in and keeps a session')
        self.ldapmodify('store1', self.ldif(self.users, None, 'hold'))
        self.assertTrue(u01_changes(), 'a session opened before the hold goes on')
        conn = self.msbin('store1', 'imsconnutil')
        self.assertIn('store1-u01', self.ok('store1', conn, '-c', '-f', self.userfile))
        self.fails('store1', conn, '-k', contains='usage')
        self.ok('store1', conn, '-k', '-f', self.userfile)
        self.assertNotIn('store1-u01', self.ok('store1', conn, '-c', '-f', self.userfile))
        self.assertEqual(u01_changes(), [])
