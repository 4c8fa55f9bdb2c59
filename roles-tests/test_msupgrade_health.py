"""The health_check role (tasks/main.yml and library/msupgrade_health.py), through the real
ansible-playbook on localhost.

imsimta is a small script answering as the real one (docs/contract-variables.md); the ports are
real sockets. What the waves rely on: a host that runs the expected version with its MTA up
passes; a host on another version, whose MTA does not come up, or that does not answer on a port,
stops the play with a message that says which; an MTA that comes up while the check waits passes;
a cluster node is only asked its version (services run on the active node).
"""
import os
import shutil
import socket
import sys
import tempfile
import unittest

import playbook


@unittest.skipUnless(shutil.which('ansible-playbook'), 'ansible-playbook is not installed')
class HealthCheckRole(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='msupgrade-health-')
        self.addCleanup(shutil.rmtree, self.dir)
        self.bin = os.path.join(self.dir, 'opt', 'bin')
        os.makedirs(self.bin)

    def imsimta(self, version='8.1.0', processes_after=0):
        """imsimta; `process` lists the MTA processes from its (processes_after + 1)th call on."""
        calls = os.path.join(self.dir, 'process-calls')
        path = os.path.join(self.bin, 'imsimta')
        with open(path, 'w') as f:
            f.write('#!/bin/sh\n'
                    'case "$1" in\n'
                    '  version) echo "Oracle Communications Messaging Server %s (64bit)";;\n'
                    '  process) echo x >> %s\n'
                    '    [ "$(wc -l < %s)" -gt %d ] || exit 0\n'
                    '    echo "mailsrv 1000 S 16768 8240 00:00:01 0:00 /opt/lib/job_controller"\n'
                    '    echo "mailsrv 1001 S 16768 8240 00:00:01 0:00 /opt/lib/dispatcher";;\n'
                    '  *) exit 2;;\n'
                    'esac\n' % (version, calls, calls, processes_after))
        os.chmod(path, 0o755)
        self.calls = calls

    def process_calls(self):
        if not os.path.exists(self.calls):
            return 0
        with open(self.calls) as f:
            return len(f.readlines())

    def check(self, *extra, **variables):
        v = {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
             'msupgrade_install_root': os.path.dirname(self.bin), 'msupgrade_target_version': '8.1.0',
             'msupgrade_components': ['mta'], 'health_check_delay': 1, 'health_check_retries': 2,
             'health_check_port_timeout': 1}
        v.update(variables)
        r = playbook.run(self.dir, [{'name': 'health', 'hosts': 'localhost', 'gather_facts': False,
                                     'vars': v, 'roles': ['health_check']}], *extra)
        self.output = r.output
        return r

    def listening(self):
        server = socket.socket()
        server.bind(('127.0.0.1', 0))
        server.listen(8)
        self.addCleanup(server.close)
        return server.getsockname()[1]

    def free_port(self):
        s = socket.socket()
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
        s.close()
        return port

    def test_a_healthy_host_passes_without_change(self):
        self.imsimta()
        r = self.check('-v', health_check_ports=[self.listening()])
        self.assertEqual(r.rc, 0, self.output)
        self.assertIn('changed=0', r.recap)
        self.assertIn('localhost runs Messaging Server 8.1.0', self.output)
        self.assertEqual(self.process_calls(), 1)

    def test_check_mode_asks_too(self):
        self.imsimta()
        r = self.check('--check')
        self.assertEqual(r.rc, 0, self.output)
        self.assertEqual(self.process_calls(), 1)

    def test_another_version_fails_without_waiting(self):
        self.imsimta(version='8.0.2.3.0')
        r = self.check()
        self.assertNotEqual(r.rc, 0)
        self.assertIn('localhost reports Messaging Server \\"8.0.2.3.0\\", expected 8.1.0', self.output)
        self.assertEqual(self.process_calls(), 0)

    def test_a_longer_version_is_another_version(self):
        self.imsimta(version='8.1.0.1')
        self.assertNotEqual(self.check().rc, 0)

    def test_an_mta_coming_up_while_the_check_waits_passes(self):
        self.imsimta(processes_after=2)
        r = self.check()
        self.assertEqual(r.rc, 0, self.output)
        self.assertEqual(self.process_calls(), 3)

    def test_an_mta_that_does_not_come_up_fails(self):
        self.imsimta(processes_after=5)
        r = self.check()
        self.assertNotEqual(r.rc, 0)
        self.assertIn('process does not list job_controller, dispatcher after 3 tries, 1 s apart', self.output)
        self.assertEqual(self.process_calls(), 3)

    def test_a_closed_port_fails(self):
        self.imsimta()
        port = self.free_port()
        r = self.check(health_check_ports=[self.listening(), port])
        self.assertNotEqual(r.rc, 0)
        self.assertIn('nothing accepts connections on 127.0.0.1 port %d after 1 s' % port, self.output)

    def test_a_cluster_node_is_asked_its_version_only(self):
        self.imsimta(processes_after=99)
        r = self.check(msupgrade_ha={'resource': 'ms-rg'}, health_check_ports=[self.free_port()])
        self.assertEqual(r.rc, 0, self.output)
        self.assertEqual(self.process_calls(), 0)

    def test_a_host_without_the_mta_is_not_asked_for_processes(self):
        self.imsimta(processes_after=99)
        r = self.check(msupgrade_components=['store'])
        self.assertEqual(r.rc, 0, self.output)
        self.assertEqual(self.process_calls(), 0)


if __name__ == '__main__':
    unittest.main()
