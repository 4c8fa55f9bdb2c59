"""Journal lines, wrapper scripts on PATH, unknown commands, faults, durations, the ledger check,
and one real ansible-playbook run against a sandbox."""
import json
import os
import shutil
import subprocess
import sys
import unittest

from simbase import SimCase, TARGET, OLD, msim, spec, linux_store, run_cli


def dump(obj, path):
    with open(path, 'w') as f:
        json.dump(obj, f)


class Journal(SimCase):
    SPEC = spec([linux_store()])

    def env(self, host='store1'):
        e = dict(self.hv(host, 'msupgrade_env'))
        return e

    def sh(self, *argv, host='store1', stdin=None):
        return subprocess.run(list(argv), env=self.env(host), capture_output=True, text=True, input=stdin)

    def test_journal_fields_and_base_name(self):
        self.ok('store1', self.msbin('store1', 'imsimta'), 'version')
        rec = self.journal()[-1]
        for k in ('host', 'argv', 'rc', 'time', 't_start', 't_end', 'seq'):
            self.assertIn(k, rec)
        self.assertEqual(rec['argv'], ['imsimta', 'version'])
        self.assertEqual(rec['host'], 'store1')
        self.assertEqual(rec['rc'], 0)

    def test_wrappers_through_path_and_install_root(self):
        p = self.sh(self.msbin('store1', 'imsimta'), 'version')
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn(OLD, p.stdout)
        p = self.sh('rpm', '-q', 'sun-messaging-server')
        self.assertEqual(p.stdout.strip(), 'sun-messaging-server-%s-1.x86_64' % OLD)
        # the PATH holds only the sandbox: a real system command the simulator lacks is absent
        self.assertEqual(self.env()['PATH'], os.path.join(self.root, 'hosts', 'store1', 'bin'))
        with self.assertRaises(FileNotFoundError):
            self.sh('systemctl', 'status')
        # Messaging Server commands are not on PATH (the roles use the install root)
        with self.assertRaises(FileNotFoundError):
            self.sh('start-msg')
        # passthrough commands run, inside the sandbox only
        p = self.sh('ls', self.hv('store1', 'msupgrade_data_root'))
        self.assertEqual(p.returncode, 0)
        self.assertIn('store', p.stdout)
        p = self.sh('cat', '/etc/passwd')
        self.assertEqual(p.returncode, 126)
        self.assertIn('outside the rehearsal sandbox', p.stderr)
        recs = self.journal()
        self.assertEqual(recs[-1]['outside_sandbox'], '/etc/passwd')
        self.assertIn('outside_sandbox', [x['check'] for x in self.check('rollback')['problems']])
        # imsbackup -f - writes the archive to stdout; imsrestore -f - reads it from stdin
        p = subprocess.run([self.msbin('store1', 'imsbackup'), '-x', '-v', '-f', '-', '/'],
                           env=self.env(), capture_output=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertGreater(len(p.stdout), 1000)
        p2 = subprocess.run([self.msbin('store1', 'imsrestore'), '-E', '-f', '-'], env=self.env(),
                            input=p.stdout, capture_output=True)
        self.assertEqual(p2.returncode, 0, p2.stderr)
        self.assertEqual([x['check'] for x in self.check('rollback')['problems']], ['outside_sandbox'])

    def test_parallel_hosts_keep_state_and_journal_consistent(self):
        import threading
        self.set_cfg(deliver_every=1)
        errors = []

        def worker(i):
            for _ in range(4):
                p = self.sh(self.msbin('store1', 'imsimta'), 'version')
                if p.returncode:
                    errors.append(p.stderr)
        ts = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        self.assertEqual(errors, [])
        recs = self.journal()
        self.assertEqual(len(recs), 12)
        self.assertEqual(sorted(r['seq'] for r in recs), list(range(1, 13)))
        rep = self.assertCheck('rollback')
        self.assertEqual(rep['messages'], 12 + 12)

    def test_unknown_command_and_arguments_fail_loudly(self):
        rc, _o, err = self.run_cmd('store1', 'frobnicate', '--now')
        self.assertEqual(rc, 127)
        rc, _o, err = self.run_cmd('store1', 'rpm', '--rebuilddb')
        self.assertEqual(rc, 2)
        recs = self.journal()
        self.assertTrue(recs[-1]['unknown'] and recs[-2]['unknown'])
        rep = self.check('rollback')
        self.assertFalse(rep['ok'])
        self.assertEqual([p['argv'][0] for p in rep['problems'] if p['check'] == 'unknown_command'],
                         ['frobnicate', 'rpm'])

    def test_os_errors_are_command_failures(self):
        rc, _o, err = self.run_cmd('store1', self.msbin('store1', 'imsbackup'), '-f', '/nonexistent/dir/x.bak', '/')
        self.assertEqual(rc, 1)
        self.assertIn('No such file', err)
        rc, _o, err = self.run_cmd('store1', self.msbin('store1', 'imsrestore'), '-f', '/nonexistent.bak')
        self.assertEqual(rc, 1)

    def test_ledger_check_detects_lost_and_duplicated_mail(self):
        self.assertCheck('rollback')
        st_dir = os.path.join(self.hv('store1', 'msupgrade_data_root'), 'store', 'partition', 'primary')
        p = os.path.join(st_dir, 'store1-u02.json')
        box = msim.read_json(p)
        lost = box['folders']['INBOX'].pop()
        dump(box, p)
        rep = self.check('rollback')
        self.assertFalse(rep['ok'])
        self.assertEqual(rep['lost'], 1)
        self.assertEqual(rep['problems'][0]['id'], lost['id'])
        box['folders']['INBOX'] += [lost, lost]
        dump(box, p)
        self.assertEqual(self.check('rollback')['duplicated'], 1)
        box['folders']['INBOX'].pop()
        box['folders']['INBOX'][-1] = dict(lost, flags=['seen', 'deleted'] if lost['flags'] != ['deleted', 'seen'] else [])
        dump(box, p)
        self.assertEqual(self.check('rollback')['flags_wrong'], 1)

    def test_seeded_flags(self):
        led = msim.read_json(os.path.join(self.root, 'ledger.json'))
        flags = [tuple(m['flags']) for m in led['messages'].values()]
        self.assertIn(('seen',), flags)
        self.assertIn((), flags)
        self.touch_flags(5)
        self.assertEqual(msim.read_json(os.path.join(self.root, 'ledger.json'))['flag_changes'], 5)
        self.assertCheck('rollback')

    def test_faults_once_after_and_clear(self):
        run_cli(['fault', '--root', self.root, '--host', 'store1', '--command', 'stop-msg',
                              '--once'], check=True, capture_output=True)
        self.fails('store1', self.msbin('store1', 'stop-msg'), contains='injected fault')
        self.assertEqual(self.journal()[-1]['fault'], 'F1')
        self.ok('store1', self.msbin('store1', 'stop-msg'))
        run_cli(['fault', '--root', self.root, '--host', '*', '--command', 'imsimta',
                              '--match', 'version', '--after', '1'], check=True, capture_output=True)
        self.ok('store1', self.msbin('store1', 'imsimta'), 'version')
        self.fails('store1', self.msbin('store1', 'imsimta'), 'version')
        self.fails('store1', self.msbin('store1', 'imsimta'), 'version')
        run_cli(['clear-faults', '--root', self.root], check=True)
        self.ok('store1', self.msbin('store1', 'imsimta'), 'version')

    def test_durations_and_downtime(self):
        self.set_cfg(durations={"rpm -i": 100})
        self.ok('store1', self.msbin('store1', 'stop-msg'))
        self.ok('store1', self.msbin('store1', 'stored'), '-r')
        self.ok('store1', 'rpm', '-e', 'sun-messaging-server')
        self.ok('store1', 'rpm', '-i', self.rpm_file())
        self.ok('store1', self.msbin('store1', 'start-msg'))
        recs = self.journal()
        self.assertEqual(recs[-2]['t_end'] - recs[-2]['t_start'], 100)
        for a, b in zip(recs, recs[1:]):
            self.assertEqual(a['t_end'], b['t_start'])
        # the store is down from stop-msg's t_start to start-msg's t_end: what msupgrade reads
        # (ServiceOutages) from the lines that mark it down and up
        down = next(r for r in recs if 'store' in r.get('services', {}).get('down', {}).get('store1', []))
        up = next(r for r in recs if 'store' in r.get('services', {}).get('up', {}).get('store1', []))
        self.assertEqual(up['t_end'] - down['t_start'], 20 + 30 + 40 + 100 + 40)
        out = run_cli(['durations'], capture_output=True, text=True, check=True).stdout
        self.assertIn('rpm -e', json.loads(out)['durations'])

    def test_no_sleep_by_default_real_times_recorded(self):
        rc, _o, _e, _b, slept = msim.execute(self.root, 'store1', 'stop-msg', [])
        self.assertEqual((rc, slept), (0, 0.0))
        rec = self.journal()[-1]
        self.assertNotIn('sleep', rec)
        self.assertLessEqual(rec['real_start'], rec['real_end'])
        self.assertLess(rec['real_end'] - rec['real_start'], 5)
        # which services went down, per host (msupgrade's downtime, ServiceOutages, reads this)
        self.assertEqual(sorted(rec['services']['down']['store1']), ['imap', 'mta', 'pop', 'store'])
        self.ok('store1', self.msbin('store1', 'start-msg'))
        self.assertEqual(sorted(self.journal()[-1]['services']['up']['store1']), ['imap', 'mta', 'pop', 'store'])
        self.ok('store1', self.msbin('store1', 'imsimta'), 'version')
        self.assertNotIn('services', self.journal()[-1])

    def test_time_scale_sleeps_the_modelled_duration_outside_the_lock(self):
        self.set_cfg(time_scale=0.01, durations={"stop-msg": 30})
        rc, _o, _e, _b, slept = msim.execute(self.root, 'store1', 'stop-msg', [])
        self.assertEqual(rc, 0)
        self.assertAlmostEqual(slept, 0.3)
        rec = self.journal()[-1]
        self.assertEqual(rec['duration'], 30)
        self.assertAlmostEqual(rec['sleep'], 0.3)
        # measured after the sleep, not computed
        self.assertGreaterEqual(rec['real_end'] - rec['real_start'], 0.3)
        # the lock is free while a command sleeps: another host's command is not held up
        with msim.locked(self.root):
            pass

    def test_parallel_commands_overlap_in_real_time(self):
        import threading
        self.set_cfg(time_scale=0.01, durations={"imsimta": 50})
        threads = [threading.Thread(target=msim.execute, args=(self.root, 'store1', 'imsimta', ['version']))
                   for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        recs = self.journal()[-3:]
        span = max(r['real_end'] for r in recs) - min(r['real_start'] for r in recs)
        self.assertLess(span, 1.2, 'three 0.5 s sleeps ran one after another: the lock was held')

    def test_bad_durations_and_time_scale_refused(self):
        for durations, scale in (({"rpm -i": -1}, 0), ({"rpm -i": "long"}, 0), ({"imsbackup": {"per_mb": 1}}, 0),
                                 ({"imsbackup": {"base": -2}}, 0), ({}, -0.1), ({}, 11), ({}, True), ([], 0)):
            with self.assertRaises(msim.SimError, msg=str((durations, scale))):
                msim.check_timing(durations, scale)
        msim.check_timing({"rpm -i": 0, "imsbackup": {"base": 5, "per_message": 0.1}}, 0.5)
        bad = os.path.join(self.tmp, 'bad.json')
        dump({"rpm -e": -5}, bad)
        p = run_cli(['durations', '--root', self.root, '--set', bad], capture_output=True, text=True)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertNotIn('rpm -e', msim.Sim(self.root).cfg.get('durations') or {})
        root2 = os.path.join(self.tmp, 'other')
        with self.assertRaises(msim.SimError):
            msim.setup(spec([linux_store()], sim={"time_scale": -1}), root2)

    def test_backup_duration_grows_with_the_store(self):
        self.set_cfg(durations={"imsbackup": {"base": 10, "per_message": 1}})
        out = os.path.join(self.hv('store1', 'msupgrade_backup_dir'), 'full.bak')
        os.makedirs(os.path.dirname(out), exist_ok=True)
        self.ok('store1', self.msbin('store1', 'imsbackup'), '-f', out, '/')
        small = self.journal()[-1]['duration']
        self.deliver(6)
        self.ok('store1', self.msbin('store1', 'imsbackup'), '-f', out + '2', '/')
        self.assertEqual(self.journal()[-1]['duration'] - small, 6)


@unittest.skipUnless(shutil.which('ansible-playbook') and not os.environ.get('MSIM_SKIP_ANSIBLE'),
                     'ansible-playbook not installed (or MSIM_SKIP_ANSIBLE set)')
class AnsibleLocal(SimCase):
    SPEC = spec([linux_store(), {"name": "sol1", "os_family": "solaris", "os": "solaris-11.4",
                                 "arch": "sparc", "installed_version": OLD, "components": ["mta"],
                                 "package_system": "ips"}])

    def test_playbook_runs_commands_through_the_simulator(self):
        inv = {"all": {"vars": self.inv['all'], "hosts": self.inv['hosts']}}
        ip = os.path.join(self.tmp, 'hosts.json')
        with open(ip, 'w') as f:
            json.dump(inv, f)
        pb = os.path.join(self.tmp, 'pb.yml')
        with open(pb, 'w') as f:
            f.write('''
- hosts: all
  gather_facts: false
  environment: "{{ msupgrade_env }}"
  vars:
    ms: "{{ msupgrade_install_root }}/bin"
    before:
      store1:
        - ["{{ ms }}/stop-msg"]
        - ["{{ ms }}/stored", "-r"]
        - [rpm, -e, sun-messaging-server]
        - "{{ ['rpm', '-i'] + query('ansible.builtin.fileglob', msupgrade_media.linux + '/*.rpm') }}"
      sol1:
        - ["{{ ms }}/stop-msg"]
  tasks:
    - ansible.builtin.command:
        argv: "{{ item }}"
      loop: "{{ before[inventory_hostname] }}"
    - community.general.pkg5_publisher:
        name: "{{ msupgrade_media.solaris_ips_publisher }}"
        origin: "{{ msupgrade_media.solaris_ips }}"
      when: inventory_hostname == 'sol1'
    - community.general.pkg5:
        name: communication/messaging/messaging-server
        state: latest
        accept_licenses: true
      when: inventory_hostname == 'sol1'
    - ansible.builtin.command:
        argv: "{{ item }}"
      loop:
        - ["{{ ms }}/start-msg"]
        - ["{{ ms }}/imsimta", version]
        - [not-a-real-tool]
      ignore_errors: "{{ item[0] == 'not-a-real-tool' }}"
''')
        env = dict(os.environ, **self.inv['ansible_env'], ANSIBLE_HOST_KEY_CHECKING='false',
                   ANSIBLE_RETRY_FILES_ENABLED='false', ANSIBLE_NOCOLOR='1',
                   ANSIBLE_PIPELINING='1')
        p = subprocess.run(['ansible-playbook', '-i', ip, pb, '-f', '5'], env=env,
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stdout[-3000:] + p.stderr[-2000:])
        recs = self.journal()
        vers = [r['version'] for r in recs if r['argv'] == ['imsimta', 'version']]
        self.assertEqual(vers, [TARGET, TARGET])
        argv0 = [(r['host'], r['argv'][0]) for r in recs]
        self.assertIn(('store1', 'rpm'), argv0)
        self.assertIn(('sol1', 'pkg'), argv0)
        self.assertTrue(any(r['argv'][:2] == ['pkg', 'install'] or r['argv'][:2] == ['pkg', 'update']
                            for r in recs), [r['argv'] for r in recs])
        unknown = [r for r in recs if r.get('unknown')]
        self.assertEqual([(r['host'], r['argv']) for r in unknown],
                         [('store1', ['not-a-real-tool']), ('sol1', ['not-a-real-tool'])]
                         if unknown[0]['host'] == 'store1' else
                         [('sol1', ['not-a-real-tool']), ('store1', ['not-a-real-tool'])])
        self.assertEqual(unknown[0]['via'], 'callback')
        rep = self.check('upgrade')
        self.assertEqual({p['check'] for p in rep['problems']}, {'unknown_command', 'schema'})
        # the callback timed every task on every host, in real time
        with open(os.path.join(self.root, 'tasks.jsonl')) as f:
            tasks = [json.loads(l) for l in f]
        self.assertEqual({t['host'] for t in tasks}, {'store1', 'sol1'})
        self.assertTrue(all(t['start'] <= t['end'] for t in tasks))
        self.assertIn('skipped', {t['status'] for t in tasks if t['host'] == 'store1'})
        rpm_i = next(r for r in recs if r['argv'][:2] == ['rpm', '-i'])
        self.assertTrue(any(t['host'] == 'store1' and t['start'] <= rpm_i['real_start'] <= rpm_i['real_end'] <= t['end']
                            for t in tasks), 'rpm -i ran inside a timed task')


if __name__ == '__main__':
    unittest.main()
