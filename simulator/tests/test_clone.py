"""msim clone: a copy of a simulation in its current state, which goes on on its own (the rehearsal
runs the stages the upgrade and rollback scenarios share once, then both go on from there)."""
import json
import os
import subprocess
import sys

from simbase import SimCase, SIM_DIR, TARGET, OLD, msim, run_cli, spec, tree_digest
from test_zfs import DS, sol_host


def files_naming(root, text):
    found = []
    for here, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(here, name)
            with open(path, 'rb') as f:
                if text.encode() in f.read():
                    found.append(path)
        for name in _dirs + files:
            path = os.path.join(here, name)
            if os.path.islink(path) and text in os.readlink(path):
                found.append(path)
    return found


class Clone(SimCase):
    SPEC = spec([sol_host()])

    def setUp(self):
        super().setUp()
        self.admin = self.svr4_admin()
        self.copy = os.path.join(self.tmp, 'rehearsal-copy')

    def ms(self, root, cmd, *argv):
        rc, out, err, _b, _s = msim.execute(root, 'sol1', os.path.basename(cmd), list(argv))
        self.assertEqual(rc, 0, '%s %s: %s%s' % (cmd, ' '.join(argv), out, err))
        return out

    def bin(self, root, cmd, version=OLD):
        inv = msim.inventory_vars(root)
        return os.path.join(inv['hosts']['sol1']['msupgrade_install_root'], msim.bin_subdir(version), cmd)

    def half_upgraded(self):
        """A full backup, the services stopped, the ZFS snapshot, the old packages removed."""
        backup = os.path.join(self.hv('sol1', 'msupgrade_backup_dir'), 'full.bak')
        os.makedirs(os.path.dirname(backup), exist_ok=True)
        self.ms(self.root, 'imsbackup', '-v', '-f', backup, '/')
        self.ms(self.root, self.bin(self.root, 'stop-msg'))
        self.ms(self.root, 'zfs', 'snapshot', DS + '@before')
        self.ms(self.root, 'pkgrm', '-n', '-a', self.admin, 'SUNWmsgsr')
        return backup

    def test_the_copy_names_only_itself_and_goes_on_alone(self):
        self.half_upgraded()
        self.deliver(3)
        inv = msim.clone(self.root, self.copy)
        self.assertEqual(files_naming(self.copy, self.root + '/'), [])
        self.assertTrue(inv['hosts']['sol1']['msupgrade_data_root'].startswith(self.copy + '/'))
        self.assertEqual(inv['ansible_env']['MSUPGRADE_SIM_ROOT'], self.copy)
        # the copy's journal holds what ran before it was made
        with open(os.path.join(self.copy, 'journal.jsonl')) as f:
            self.assertEqual([json.loads(l)['argv'][0] for l in f],
                             ['imsbackup', 'stop-msg', 'zfs', 'pkgrm'])
        original = tree_digest(self.root)
        # the copy finishes the upgrade through its own wrappers; the original does not move
        wrapper = os.path.join(inv['hosts']['sol1']['msupgrade_sim_host_dir'], 'bin', 'pkgadd')
        env = dict(os.environ, **{k: str(v) for k, v in inv['hosts']['sol1']['msupgrade_env'].items()})
        media = inv['all']['msupgrade_media']['solaris']
        p = subprocess.run([wrapper, '-n', '-a', self.admin, '-d', media, 'SUNWmsgsr'], env=env,
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(tree_digest(self.root), original)
        self.assertEqual(msim.Sim(self.copy).installed_version(msim.Sim(self.copy).hosts['sol1']), TARGET)
        self.assertIsNone(msim.Sim(self.root).installed_version(msim.Sim(self.root).hosts['sol1']))

    def test_the_copy_backs_out_with_the_original_backup_and_snapshot(self):
        backup = self.half_upgraded()
        store = os.path.join(self.hv('sol1', 'msupgrade_data_root'), 'store')
        at_snapshot = tree_digest(store)
        msim.clone(self.root, self.copy)
        original = tree_digest(self.root)
        copied_backup = self.copy + backup[len(self.root):]
        self.ms(self.copy, 'pkgadd', '-n', '-a', self.admin, '-d',
                msim.inventory_vars(self.copy)['all']['msupgrade_previous_media'][OLD]['solaris'], 'SUNWmsgsr')
        self.ms(self.copy, 'zfs', 'rollback', DS + '@before')
        self.assertEqual(tree_digest(self.copy + store[len(self.root):]), at_snapshot)
        self.ms(self.copy, self.bin(self.copy, 'start-msg'))
        self.ms(self.copy, 'imsrestore', '-E', '-f', copied_backup)
        self.assertTrue(msim.check(self.copy, 'rollback')['ok'])
        self.assertEqual(tree_digest(self.root), original)

    def test_the_copy_keeps_the_media_byte_for_byte(self):
        # the dssetup gate compares the media script's checksum with the one recorded when
        # comm_dssetup.pl ran: a copied estate's media must be the same bytes, as a real copy is
        import hashlib
        script = os.path.join('media', 'dssetup', 'comm_dssetup.pl')
        msim.clone(self.root, self.copy)
        with open(os.path.join(self.root, script), 'rb') as a, open(os.path.join(self.copy, script), 'rb') as b:
            self.assertEqual(hashlib.sha1(a.read()).hexdigest(), hashlib.sha1(b.read()).hexdigest())

    def test_refuses_a_folder_holding_a_simulation_or_inside_the_original(self):
        msim.clone(self.root, self.copy)
        with self.assertRaises(msim.SimError):
            msim.clone(self.root, self.copy)
        with self.assertRaises(msim.SimError):
            msim.clone(self.root, os.path.join(self.root, 'inside'))

    def test_refuses_binary_data_naming_the_original(self):
        with open(os.path.join(self.root, 'hosts', 'sol1', 'blob'), 'wb') as f:
            f.write(b'\x00\xff' + self.root.encode() + b'/x\x00')
        with self.assertRaises(msim.SimError) as raised:
            msim.clone(self.root, self.copy)
        self.assertIn('is binary', str(raised.exception))

    def test_command_line(self):
        p = run_cli(['clone', '--root', self.root, '--to', self.copy], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(json.loads(p.stdout)['root'], self.copy)


class InventoryNamesNoPackage(SimCase):
    """The rehearsal runs with the roles' own default package names: the simulator's inventory
    variables name none, so a wrong default in msupgrade_common is rehearsed (issue 15, item 8)."""
    SPEC = spec([sol_host()])

    def test_no_package_name_in_the_inventory(self):
        inv = msim.inventory_vars(self.root)
        named = sorted(k for k in inv['all'] if k.startswith('msupgrade_package'))
        self.assertEqual(named, [])

    def test_the_simulated_packages_are_the_roles_defaults(self):
        import re
        defaults = os.path.join(SIM_DIR, '..', 'playbook-templates', 'roles', 'msupgrade_common', 'defaults',
                                'main.yml')
        with open(defaults) as f:
            text = f.read()
        cfg = msim.Sim(self.root).cfg['packages']
        self.assertIn('msupgrade_packages_linux:\n  - %s\n' % cfg['linux'][0], text)
        self.assertIn('msupgrade_packages_solaris:\n  - %s\n' % cfg['solaris'][0], text)
        self.assertTrue(re.search(r'^msupgrade_package_ips: %s$' % re.escape(cfg['ips']), text, re.M))
