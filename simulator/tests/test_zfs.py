"""Solaris (SVR4) in-place upgrade with the chapter's ZFS snapshot back-out."""
import os
import time
import unittest

from simbase import SimCase, TARGET, OLD, msim, spec, tree_digest

DS = 'rpool/export/comms-data'


def sol_host(**kw):
    h = {"name": "sol1", "os_family": "solaris", "os": "solaris-11.3", "arch": "sparc",
         "installed_version": OLD, "components": ["store", "mta"], "zfs_dataset": DS,
         "users": {"count": 3, "messages": 5, "prefix": "s"}}
    h.update(kw)
    return h


class Zfs(SimCase):
    SPEC = spec([sol_host()])

    def setUp(self):
        super().setUp()
        self.admin = self.svr4_admin()
        self.store = os.path.join(self.hv('sol1', 'msupgrade_data_root'), 'store')

    def ms(self, cmd, *a):
        return self.ok('sol1', self.msbin('sol1', cmd), *a)

    def upgrade_svr4(self):
        self.ms('stop-msg')
        self.ms('stored', '-r')
        self.ok('sol1', 'pkgrm', '-n', '-a', self.admin, 'SUNWmsgsr')
        self.ok('sol1', 'pkgadd', '-n', '-a', self.admin, '-d', self.media()['solaris'], 'SUNWmsgsr')
        self.ms('start-msg')

    def test_snapshot_refused_while_store_runs(self):
        self.fails('sol1', 'zfs', 'snapshot', DS + '@x', contains='running')
        self.set_cfg(zfs_snapshot_while_running='flag')
        self.ok('sol1', 'zfs', 'snapshot', DS + '@x')
        self.assertIn('snapshot_while_running', self.journal()[-1]['flags'])

    def test_rollback_restores_store_exactly_and_keeps_queue(self):
        self.ms('stop-msg')
        before = tree_digest(self.store)
        self.ok('sol1', 'zfs', 'snapshot', DS + '@s1')
        out = self.ok('sol1', 'zfs', 'list', '-H', '-o', 'name', '-t', 'snapshot', '-r', DS)
        self.assertEqual(out.split(), [DS + '@s1'])
        self.ms('start-msg')
        self.deliver(3)
        self.touch_flags(3)
        self.ms('stop-msg')
        self.deliver(2)                           # queued: the MTA queue is outside the dataset
        self.assertNotEqual(tree_digest(self.store), before)
        self.fails('sol1', 'zfs', 'rollback', DS + '@nosuch')
        self.ok('sol1', 'zfs', 'rollback', DS + '@s1')
        self.assertEqual(tree_digest(self.store), before)
        self.assertEqual(len(msim.Store(self.hv('sol1', 'msupgrade_data_root')).queued()), 2)
        self.ms('start-msg')
        self.fails('sol1', 'zfs', 'rollback', DS + '@s1', contains='busy')

    def test_rollback_only_to_latest_snapshot(self):
        self.ms('stop-msg')
        self.ok('sol1', 'zfs', 'snapshot', DS + '@a')
        self.ok('sol1', 'zfs', 'snapshot', DS + '@b')
        self.fails('sol1', 'zfs', 'rollback', DS + '@a', contains='more recent snapshots')
        self.ok('sol1', 'zfs', 'rollback', '-r', DS + '@a')
        out = self.ok('sol1', 'zfs', 'list', '-H', '-o', 'name', '-t', 'snapshot', '-r', DS)
        self.assertEqual(out.split(), [DS + '@a'])

    def test_zfs_backout_procedure_nothing_lost(self):
        """Chapter: 'To Downgrade Using a ZFS Snapshot', with mail and flag changes throughout."""
        self.set_cfg(deliver_every=2, flags_every=3)
        self.dssetup('sol1')
        # 1. stop services, snapshot (timestamp in the name)
        self.ms('stop-msg')
        self.ms('stored', '-r')
        snap = self.snapshot_name()
        self.ok('sol1', 'zfs', 'snapshot', '%s@%s' % (DS, snap))
        # 2. upgrade and start
        self.ok('sol1', 'pkgrm', '-n', '-a', self.admin, 'SUNWmsgsr')
        self.ok('sol1', 'pkgadd', '-n', '-a', self.admin, '-d', self.media()['solaris'], 'SUNWmsgsr')
        self.ms('start-msg')
        self.assertIn(TARGET, self.ok('sol1', 'pkginfo', '-l', 'SUNWmsgsr'))
        self.deliver(6)
        self.touch_flags(6)            # includes flag changes on messages older than the snapshot
        self.assertCheck('upgrade')
        # 3-5. stop, start the store, incremental backup since the snapshot
        self.ms('stop-msg')
        self.deliver(2)                # queued while down
        self.ms('start-msg', 'store')
        bak = os.path.join(self.hv('sol1', 'msupgrade_backup_dir'), 'incr.bak')
        since = '%s:%s' % (snap[:8], snap[8:])
        self.ms('imsbackup', '-x', '-v', '-f', bak, '-d', since, '/')
        # 6-8. stop, uninstall, reinstall the previous version
        self.ms('stop-msg')
        self.ok('sol1', 'pkgrm', '-n', '-a', self.admin, 'SUNWmsgsr')
        self.ok('sol1', 'pkgadd', '-n', '-a', self.admin, '-d', self.media(OLD)['solaris'], 'SUNWmsgsr')
        # an old release cannot read the converted store
        self.fails('sol1', self.msbin('sol1', 'start-msg'), 'store', contains='invalid format')
        # 9-12. rollback, start store, imsrestore -E, start
        self.ok('sol1', 'zfs', 'rollback', '%s@%s' % (DS, snap))
        self.ms('start-msg', 'store')
        self.ms('imsrestore', '-E', '-f', bak)
        self.ms('start-msg')
        self.assertIn(OLD, self.ms('imsimta', 'version'))
        rep = self.assertCheck('rollback')
        self.assertGreaterEqual(rep['messages'], 15 + 8)

    def test_backout_without_incremental_restore_loses_mail(self):
        self.ms('stop-msg')
        snap = self.snapshot_name()
        self.ok('sol1', 'zfs', 'snapshot', '%s@%s' % (DS, snap))
        self.ms('start-msg')
        self.deliver(3)
        self.ms('stop-msg')
        self.ok('sol1', 'zfs', 'rollback', '%s@%s' % (DS, snap))
        self.ms('start-msg')
        rep = self.check('rollback')
        self.assertFalse(rep['ok'])
        self.assertEqual(rep['lost'], 3)

    def test_incremental_restore_without_E_duplicates(self):
        self.ms('stop-msg')
        snap = self.snapshot_name()
        self.ok('sol1', 'zfs', 'snapshot', '%s@%s' % (DS, snap))
        self.ms('start-msg')
        self.deliver(2)
        bak = os.path.join(self.hv('sol1', 'msupgrade_backup_dir'), 'incr.bak')
        self.ms('imsbackup', '-x', '-v', '-f', bak, '-d', '%s:%s' % (snap[:8], snap[8:]), '/')
        self.ms('imsrestore', '-f', bak)
        rep = self.check('rollback')
        self.assertEqual(rep['duplicated'], 2)

    def test_svr4_half_installed_package_must_be_removed_before_it_is_added_again(self):
        self.ms('stop-msg')
        self.ms('stored', '-r')
        self.ok('sol1', 'pkgrm', '-n', '-a', self.admin, 'SUNWmsgsr')
        with msim.locked(self.root):
            sim = msim.Sim(self.root)
            sim.faults.append({"id": "T1", "host": "sol1", "command": "pkgadd", "mode": "partial", "once": True})
            sim.save()
        pkgadd = ('pkgadd', '-n', '-a', self.admin, '-d', self.media()['solaris'], 'SUNWmsgsr')
        self.fails('sol1', *pkgadd, contains='partially installed')
        out = self.ok('sol1', 'pkginfo', '-l', 'SUNWmsgsr')
        self.assertIn('STATUS:  partially installed', out)
        self.fails('sol1', self.msbin('sol1', 'start-msg'), contains='incomplete')
        # adding it again over the half-installed instance is refused; removed first, it works
        self.fails('sol1', *pkgadd, contains='pkgrm')
        self.ok('sol1', 'pkgrm', '-n', '-a', self.admin, 'SUNWmsgsr')
        self.ok('sol1', *pkgadd)
        self.assertIn('STATUS:  completely installed', self.ok('sol1', 'pkginfo', '-l', 'SUNWmsgsr'))
        self.ms('start-msg')

    def test_svr4_conflicts_and_absent_on_11_4(self):
        self.fails('sol1', 'pkgadd', '-n', '-a', self.admin, '-d', self.media()['solaris'], 'SUNWmsgsr',
                   contains='already installed')
        self.ms('stop-msg')
        self.fails('sol1', 'pkgrm', '-n', '-a', '/nonexistent', 'SUNWmsgsr', contains='admin')
        self.tearDown()
        self.SPEC = spec([sol_host(os='solaris-11.4', package_system='ips')])
        Zfs.setUp(self)
        self.assertFalse(os.path.exists(os.path.join(self.root, 'hosts', 'sol1', 'bin', 'pkgadd')))
        self.assertTrue(os.path.exists(os.path.join(self.root, 'hosts', 'sol1', 'bin', 'pkg')))


class Ips(SimCase):
    SPEC = spec([sol_host(os='solaris-11.4', package_system='ips', zfs_dataset=None)])
    PKG = 'communication/messaging/messaging-server'

    def test_pkg5_module_commands(self):
        out = self.ok('sol1', 'pkg', 'publisher', '-Ftsv')
        lines = out.splitlines()
        self.assertEqual(lines[0].split('\t')[0], 'PUBLISHER')
        self.assertTrue(any(l.startswith('comms\t') for l in lines))
        self.ok('sol1', 'pkg', 'list', '--', self.PKG)                    # installed
        self.fails('sol1', 'pkg', 'list', '--', self.PKG + '@' + TARGET)  # not that version
        self.ok('sol1', 'pkg', 'list', '-u', '--', self.PKG)              # update available
        rc, _o, _e = self.run_cmd('sol1', 'pkg', 'install', '--accept', '-q', '--', '%s@%s' % (self.PKG, OLD))
        self.assertEqual(rc, 4)                                           # nothing to do
        self.fails('sol1', 'pkg', 'install', '--accept', '-q', '--', self.PKG, contains='running')
        self.fails('sol1', 'pkg', 'install', '--accept', '-q', '--', '%s@%s' % (self.PKG, TARGET),
                   contains='running')
        self.fails('sol1', 'pkg', 'update', '--accept', '-q', '--', '%s@%s' % (self.PKG, TARGET),
                   contains='running')
        self.ok('sol1', self.msbin('sol1', 'stop-msg'))
        self.ok('sol1', self.msbin('sol1', 'stored'), '-r')
        self.ok('sol1', 'pkg', 'update', '--accept', '--be-name=ms810', '-q', '--', '%s@%s' % (self.PKG, TARGET))
        self.ok('sol1', self.msbin('sol1', 'start-msg'))
        self.assertIn('Version: %s' % TARGET, self.ok('sol1', 'pkg', 'info', self.PKG))
        self.fails('sol1', 'pkg', 'list', '-u', '--', self.PKG)           # latest
        # uninstall / install from the back-out media
        self.ok('sol1', self.msbin('sol1', 'stop-msg'))
        self.ok('sol1', 'pkg', 'uninstall', '-q', '--', self.PKG)
        self.assertFalse(os.path.exists(os.path.join(self.hv('sol1', 'msupgrade_install_root'), 'bin')))
        self.ok('sol1', 'pkg', 'install', '--accept', '-q', '--', '%s@%s' % (self.PKG, OLD))
        self.assertIn(OLD, self.ok('sol1', self.msbin('sol1', 'imsimta'), 'version'))

    def test_publisher_without_origin_finds_nothing(self):
        self.ok('sol1', self.msbin('sol1', 'stop-msg'))
        self.ok('sol1', 'pkg', 'uninstall', '-q', '--', self.PKG)
        self.ok('sol1', 'pkg', 'set-publisher', '--remove-origin=*', 'comms')
        self.fails('sol1', 'pkg', 'install', '--accept', '-q', '--', self.PKG, contains='did not match')
        self.ok('sol1', 'pkg', 'set-publisher', '--add-origin=' + self.media()['solaris_ips'], 'comms')
        self.ok('sol1', 'pkg', 'install', '--accept', '-q', '--', self.PKG)
        self.assertIn(TARGET, self.ok('sol1', self.msbin('sol1', 'imsimta'), 'version'))


class ZfsLayout(SimCase):
    """The model may put the MTA queue (zfs_mount: data) or the backup folder inside the store
    dataset: `zfs list -H -o name,mountpoint` shows it, and a rollback then reverts them too."""
    SPEC = spec([sol_host(zfs_mount='data', backup_in_store_dataset=True)])

    def test_dataset_holds_the_queue_and_the_backup_folder(self):
        data = self.hv('sol1', 'msupgrade_data_root')
        out = self.ok('sol1', 'zfs', 'list', '-H', '-o', 'name,mountpoint')
        self.assertIn('%s\t%s' % (DS, data), out.splitlines())
        self.assertTrue(self.hv('sol1', 'msupgrade_backup_dir').startswith(data + os.sep))
        self.ok('sol1', self.msbin('sol1', 'stop-msg'))
        self.ok('sol1', 'zfs', 'snapshot', DS + '@s1')
        self.deliver(2)                           # queued inside the dataset
        self.ok('sol1', 'zfs', 'rollback', DS + '@s1')
        self.assertEqual(msim.Store(data).queued(), [])   # the rollback took the queue with it


class ZfsHaPool(SimCase):
    """Two HA nodes sharing one pool imported on the second: only that node sees the dataset."""
    SPEC = spec([sol_host(name='n1', ha={"cluster": "solaris-cluster", "resource": "rs", "pool_node": "n2"},
                          users={"count": 2, "messages": 3, "prefix": "p"}),
                 sol_host(name='n2', ha={"cluster": "solaris-cluster", "resource": "rs", "pool_node": "n2"},
                          users=None)])

    def test_only_the_pool_node_sees_the_dataset(self):
        sim = msim.Sim(self.root)
        self.assertEqual(sim.running(sim.hosts['n1']), [])
        self.assertTrue(sim.running(sim.hosts['n2']))
        self.fails('n1', 'zfs', 'list', '-H', '-o', 'name', DS, contains='does not exist')
        self.assertEqual(self.ok('n1', 'zfs', 'list', '-H', '-o', 'name,mountpoint').strip(), 'no datasets available')
        self.ok('n2', 'zfs', 'list', '-H', '-o', 'name', DS)
        self.ok('n1', 'scswitch', '-n', '-j', 'rs')
        self.fails('n1', 'zfs', 'snapshot', DS + '@x', contains='does not exist')
        self.fails('n1', self.msbin('n1', 'start-msg'), 'store', contains='imported on n2')
        self.ok('n2', 'zfs', 'snapshot', DS + '@x')
        self.ok('n2', self.msbin('n2', 'start-msg'), 'store')


if __name__ == '__main__':
    unittest.main()
