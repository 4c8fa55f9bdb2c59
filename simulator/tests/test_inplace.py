"""In-place upgrade on Linux: the chapter's order works, wrong orders fail."""
import os
import unittest

from simbase import SimCase, TARGET, OLD, msim, spec, linux_store


class InPlaceOrder(SimCase):
    def test_chapter_order_upgrades_and_keeps_all_mail(self):
        self.set_cfg(deliver_every=2, flags_every=3)
        self.dssetup('store1')
        out = self.ok('store1', self.msbin('store1', 'imsimta'), 'version')
        self.assertEqual(out.splitlines()[0], 'Oracle Communications Messaging Server %s (64bit)' % OLD)
        self.inplace_linux('store1')
        out = self.ok('store1', self.msbin('store1', 'imsimta'), 'version')
        self.assertIn(TARGET, out)
        self.assertEqual(self.ok('store1', 'rpm', '-q', '--qf', '%{VERSION}', 'sun-messaging-server'), TARGET)
        self.deliver(5)
        self.touch_flags(3)
        rep = self.assertCheck('upgrade')
        self.assertGreater(rep['messages'], 12)
        st = msim.Store(self.hv('store1', 'msupgrade_data_root'))
        self.assertEqual(st.meta['format'], 3)
        self.assertEqual(st.meta['conversions'][0]['from'], 2)
        conv = [r for r in self.journal() if (r.get('info') or {}).get('store_converted')]
        self.assertEqual(conv[0]['argv'][0], 'start-msg')

    def test_mail_during_downtime_is_queued_and_delivered_at_start(self):
        self.ok('store1', self.msbin('store1', 'stop-msg'))
        ids = self.deliver(4)
        st = msim.Store(self.hv('store1', 'msupgrade_data_root'))
        self.assertEqual(len(st.queued()), 4)
        rep = self.check('rollback')
        self.assertFalse(rep['ok'])
        self.assertEqual(rep['queued'], 4)
        self.ok('store1', self.msbin('store1', 'start-msg'), 'store')
        self.assertEqual(len(msim.Store(self.hv('store1', 'msupgrade_data_root')).queued()), 4,
                         'start-msg store alone accepts no mail')
        self.ok('store1', self.msbin('store1', 'start-msg'))
        self.assertEqual(msim.Store(self.hv('store1', 'msupgrade_data_root')).queued(), [])
        self.assertCheck('rollback')
        self.assertTrue(ids)

    def test_rpm_e_while_running_fails(self):
        self.fails('store1', 'rpm', '-e', 'sun-messaging-server', contains='running')
        self.assertEqual(self.ok('store1', 'rpm', '-q', 'sun-messaging-server').strip(),
                         'sun-messaging-server-%s-1.x86_64' % OLD)

    def test_rpm_i_over_installed_fails(self):
        self.ok('store1', self.msbin('store1', 'stop-msg'))
        self.fails('store1', 'rpm', '-i', self.rpm_file(), contains='conflicts')
        self.fails('store1', 'rpm', '-i', self.rpm_file(OLD), contains='already installed')

    def test_rpm_e_removes_binaries_keeps_config_and_data(self):
        self.ok('store1', self.msbin('store1', 'stop-msg'))
        start = self.msbin('store1', 'start-msg')
        self.ok('store1', 'rpm', '-e', 'sun-messaging-server')
        self.assertFalse(os.path.exists(start))
        self.assertFalse(os.path.exists(os.path.join(self.hv('store1', 'msupgrade_install_root'), 'bin')))
        self.assertTrue(os.listdir(self.hv('store1', 'msupgrade_config_root')))
        self.assertTrue(msim.Store(self.hv('store1', 'msupgrade_data_root')).users())
        rc, out = self.fails('store1', 'rpm', '-q', 'sun-messaging-server')
        self.assertIn('is not installed', out)
        # a stale path cannot run: the simulator refuses too
        rc, _o, _e = self.run_cmd('store1', start)
        self.assertEqual(rc, 127)

    def test_start_msg_half_installed_fails(self):
        self.ok('store1', self.msbin('store1', 'stop-msg'))
        self.ok('store1', self.msbin('store1', 'stored'), '-r')
        self.ok('store1', 'rpm', '-e', 'sun-messaging-server')
        with msim.locked(self.root):
            sim = msim.Sim(self.root)
            sim.faults.append({"id": "T1", "host": "store1", "command": "rpm", "mode": "partial", "once": True})
            sim.save()
        self.fails('store1', 'rpm', '-i', self.rpm_file(), contains='half-installed')
        self.fails('store1', self.msbin('store1', 'start-msg'), contains='incomplete')

    def test_stored_r_while_running_fails(self):
        self.fails('store1', self.msbin('store1', 'stored'), '-r', contains='running')

    def test_upgrade_without_stored_r_fails_at_first_access(self):
        self.ok('store1', self.msbin('store1', 'stop-msg'))
        self.ok('store1', 'rpm', '-e', 'sun-messaging-server')
        self.ok('store1', 'rpm', '-i', self.rpm_file())
        self.fails('store1', self.msbin('store1', 'start-msg'), contains='stored -r')
        self.ok('store1', self.msbin('store1', 'stored'), '-r')
        self.ok('store1', self.msbin('store1', 'start-msg'))

    def test_imsrestore_needs_store_running(self):
        f = os.path.join(self.hv('store1', 'msupgrade_backup_dir'), 'full.bak')
        self.ok('store1', self.msbin('store1', 'imsbackup'), '-v', '-f', f, '/')
        self.ok('store1', self.msbin('store1', 'stop-msg'))
        self.fails('store1', self.msbin('store1', 'imsrestore'), '-f', f, contains='start-msg store')
        self.ok('store1', self.msbin('store1', 'start-msg'), 'store')
        self.ok('store1', self.msbin('store1', 'imsrestore'), '-E', '-f', f)

    def test_downgrade_to_old_version_without_restore_is_detected(self):
        self.inplace_linux('store1')
        self.ok('store1', self.msbin('store1', 'stop-msg'))
        self.ok('store1', 'rpm', '-e', 'sun-messaging-server')
        self.ok('store1', 'rpm', '-i', self.rpm_file(OLD))
        self.fails('store1', self.msbin('store1', 'start-msg'), contains='invalid format')

    def test_full_backup_downgrade(self):
        """Chapter: downgrading without a ZFS snapshot."""
        self.set_cfg(deliver_every=3)
        self.inplace_linux('store1')
        self.deliver(3)
        self.touch_flags(4)
        bak = os.path.join(self.hv('store1', 'msupgrade_backup_dir'), 'full.bak')
        self.ok('store1', self.msbin('store1', 'stop-msg'))
        self.ok('store1', self.msbin('store1', 'start-msg'), 'store')
        self.ok('store1', self.msbin('store1', 'imsbackup'), '-v', '-f', bak, '/')
        self.ok('store1', self.msbin('store1', 'stop-msg'))
        self.ok('store1', 'rpm', '-e', 'sun-messaging-server')
        self.ok('store1', 'rpm', '-i', self.rpm_file(OLD))
        data = self.hv('store1', 'msupgrade_data_root')
        os.rename(os.path.join(data, 'store'), os.path.join(data, 'store.old'))
        self.ok('store1', self.msbin('store1', 'start-msg'), 'store')
        self.ok('store1', self.msbin('store1', 'imsrestore'), '-f', bak)
        self.ok('store1', self.msbin('store1', 'start-msg'))
        self.assertCheck('rollback')
        self.assertEqual(msim.Store(data).meta['format'], 2)

    def test_configtoxml_moves_legacy_config(self):
        self.tearDown()
        self.SPEC = spec([linux_store(config='legacy')])
        self.setUp()
        cr = self.hv('store1', 'msupgrade_config_root')
        self.assertTrue(os.path.exists(os.path.join(cr, 'msg.conf')))
        self.ok('store1', self.msbin('store1', 'configtoxml'))
        self.assertTrue(os.path.exists(os.path.join(cr, 'legacy-config', 'msg.conf')))
        self.assertTrue(os.path.exists(os.path.join(cr, 'config.xml')))
        self.fails('store1', self.msbin('store1', 'configtoxml'), contains='already')

    def test_old_version_uses_sbin(self):
        self.tearDown()
        self.SPEC = spec([linux_store(installed_version='7.0.5.30.0')])
        self.setUp()
        ir = self.hv('store1', 'msupgrade_install_root')
        self.assertTrue(os.path.exists(os.path.join(ir, 'sbin', 'start-msg')))
        self.assertFalse(os.path.exists(os.path.join(ir, 'bin')))
        self.inplace_linux('store1')
        self.assertTrue(os.path.exists(os.path.join(ir, 'bin', 'start-msg')))
        self.assertFalse(os.path.exists(os.path.join(ir, 'sbin')))
        st = msim.Store(self.hv('store1', 'msupgrade_data_root'))
        self.assertEqual(st.meta['conversions'][0], dict(st.meta['conversions'][0], **{"from": 1, "to": 3}))


if __name__ == '__main__':
    unittest.main()
