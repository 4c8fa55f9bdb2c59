"""The completion markers of msupgrade_common (library/msupgrade_marker.py and the task files
markers, marker_set and marker_clear), through the real ansible-playbook on localhost.

Markers are what makes every rerun resume where the last run stopped, so this checks what a rerun
relies on: the files on disk, the facts every later task reads, no change on a second recording,
nothing written under --check, and the plain-text markers some roles write.
"""
import json
import os
import shutil
import sys
import tempfile
import unittest

import playbook


def include(tasks_from, **vars_):
    task = {'name': 'msupgrade_common ' + tasks_from, 'ansible.builtin.include_role': {
        'name': 'msupgrade_common', 'tasks_from': tasks_from}}
    if vars_:
        task['vars'] = vars_
    return task


@unittest.skipUnless(shutil.which('ansible-playbook'), 'ansible-playbook is not installed')
class MarkerTasks(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='msupgrade-markers-')
        self.state = os.path.join(self.dir, 'state', 'nested')
        self.addCleanup(shutil.rmtree, self.dir)

    def play(self, tasks, *extra):
        """Runs the tasks, then writes the facts they leave to facts.json; returns the recap."""
        facts = os.path.join(self.dir, 'facts.json')
        if os.path.exists(facts):
            os.remove(facts)
        tasks = list(tasks) + [{
            'name': 'Dump the marker facts',
            'ansible.builtin.copy': {
                'dest': facts, 'mode': '0600',
                'content': '{{ {"markers": msupgrade_markers | default("undefined"), '
                           '"upgraded": msupgrade_upgraded} | to_json }}'},
            'check_mode': False, 'changed_when': False}]
        r = playbook.run(self.dir, [{'name': 'markers', 'hosts': 'localhost', 'gather_facts': False,
                                     'vars': {'msupgrade_state_dir': self.state, 'ansible_connection': 'local',
                                              'ansible_python_interpreter': sys.executable},
                                     'tasks': tasks}], *extra)
        self.last_output = r.output
        result = {'rc': r.rc, 'recap': r.recap}
        if os.path.exists(facts):
            with open(facts) as f:
                result.update(json.load(f))
        return result

    def marker(self, step):
        with open(os.path.join(self.state, step + '.done')) as f:
            return json.load(f)

    def test_recording_writes_the_file_and_the_facts(self):
        r = self.play([include('markers'),
                       include('marker_set', msupgrade_marker='services-stopped',
                               msupgrade_marker_data={'services': ['mta', 'store']}),
                       include('marker_set', msupgrade_marker='packages-installed')])
        self.assertEqual(r['rc'], 0, self.last_output)
        self.assertIn('changed=2', r['recap'])
        record = self.marker('services-stopped')
        self.assertEqual(record['step'], 'services-stopped')
        self.assertEqual(record['host'], 'localhost')
        self.assertEqual(record['services'], ['mta', 'store'])
        self.assertRegex(record['recorded_at'], r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$')
        self.assertEqual(oct(os.stat(os.path.join(self.state, 'services-stopped.done')).st_mode & 0o777), '0o640')
        self.assertEqual(oct(os.stat(self.state).st_mode & 0o777), '0o750')
        self.assertEqual(sorted(r['markers']), ['packages-installed', 'services-stopped'])
        self.assertTrue(r['upgraded'])
        # no staging file left beside the markers
        self.assertEqual(sorted(os.listdir(self.state)), ['packages-installed.done', 'services-stopped.done'])

    def test_a_second_recording_of_the_same_step_changes_nothing(self):
        tasks = [include('markers'), include('marker_set', msupgrade_marker='backup',
                                             msupgrade_marker_data={'time': '20261129:101500'})]
        self.assertIn('changed=1', self.play(tasks)['recap'])
        first = self.marker('backup')
        again = self.play(tasks)
        self.assertEqual(again['rc'], 0, self.last_output)
        self.assertIn('changed=0', again['recap'])
        self.assertEqual(self.marker('backup'), first, 'recorded_at of the first run is kept')
        # other data is a different record: written again
        changed = self.play([include('marker_set', msupgrade_marker='backup',
                                     msupgrade_marker_data={'time': '20261129:111500'})])
        self.assertIn('changed=1', changed['recap'])
        self.assertEqual(self.marker('backup')['time'], '20261129:111500')

    def test_reading_finds_what_earlier_runs_and_other_roles_wrote(self):
        os.makedirs(self.state)
        with open(os.path.join(self.state, 'coexistence-install.done'), 'w') as f:
            f.write('messaging-server 8.1.0\n')
        with open(os.path.join(self.state, 'dssetup.done'), 'w') as f:
            json.dump({'step': 'dssetup', 'script': '/media/comm_dssetup.pl'}, f)
        with open(os.path.join(self.state, 'notes.txt'), 'w') as f:
            f.write('not a marker\n')
        r = self.play([include('markers')])
        self.assertEqual(r['rc'], 0, self.last_output)
        self.assertIn('changed=0', r['recap'])
        self.assertEqual(r['markers'], {'coexistence-install': 'messaging-server 8.1.0',
                                        'dssetup': {'step': 'dssetup', 'script': '/media/comm_dssetup.pl'}})
        self.assertFalse(r['upgraded'])

    def test_no_marker_directory_reads_as_no_markers(self):
        r = self.play([include('markers')])
        self.assertEqual(r['rc'], 0, self.last_output)
        self.assertEqual(r['markers'], {})
        self.assertFalse(os.path.exists(self.state), 'reading creates nothing')

    def test_clearing_removes_the_files_and_forgets_them(self):
        r = self.play([include('marker_set', msupgrade_marker='packages-removed'),
                       include('marker_set', msupgrade_marker='packages-installed'),
                       include('marker_set', msupgrade_marker='backup'),
                       include('marker_clear', msupgrade_markers_to_clear=['packages-removed', 'packages-installed',
                                                                           'never-recorded'])])
        self.assertEqual(r['rc'], 0, self.last_output)
        self.assertEqual(sorted(r['markers']), ['backup'])
        self.assertFalse(r['upgraded'])
        self.assertEqual(os.listdir(self.state), ['backup.done'])
        again = self.play([include('marker_clear', msupgrade_markers_to_clear=['packages-removed'])])
        self.assertIn('changed=0', again['recap'])

    def test_check_mode_writes_nothing_but_remembers_for_the_play(self):
        r = self.play([include('markers'), include('marker_set', msupgrade_marker='services-stopped')], '--check')
        self.assertEqual(r['rc'], 0, self.last_output)
        self.assertEqual(sorted(r['markers']), ['services-stopped'])
        self.assertFalse(os.path.exists(self.state))

    def test_a_step_name_that_is_not_a_file_name_fails(self):
        r = self.play([include('marker_set', msupgrade_marker='../../etc/passwd')])
        self.assertNotEqual(r['rc'], 0)
        self.assertIn('is not a step name', self.last_output)
        self.assertFalse(os.path.exists(os.path.join(self.dir, 'etc')))

    def test_a_marker_that_cannot_be_read_fails_naming_the_folder(self):
        os.makedirs(self.state)
        with open(os.path.join(self.state, 'backup.done'), 'wb') as f:
            f.write(b'\xff\xfe not utf-8')
        r = self.play([include('markers')])
        self.assertNotEqual(r['rc'], 0)
        self.assertIn(self.state, self.last_output)


if __name__ == '__main__':
    unittest.main()
