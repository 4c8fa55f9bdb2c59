"""HA: disabling the resource stops the services on every node; in-place upgrade under HA."""
import os
import unittest

from simbase import SimCase, TARGET, OLD, msim, spec


def node(name, cluster='solaris-cluster', res='msg_svr_resource', **kw):
    h = {"name": name, "os_family": "linux", "os": "oel-8", "arch": "x86_64",
         "installed_version": OLD, "components": ["store", "mta"],
         "ha": {"cluster": cluster, "resource": res, "logical_host": "mail-lh"}}
    h.update(kw)
    return h


class SolarisCluster(SimCase):
    SPEC = spec([node('ha1', users={"count": 3, "messages": 4, "prefix": "h"}), node('ha2')])

    def running(self):
        sim = msim.Sim(self.root)
        return {n: sim.running(sim.hosts[n]) for n in ('ha1', 'ha2')}

    def test_disable_stops_every_node_and_inplace_upgrade(self):
        self.set_cfg(deliver_every=2)
        self.assertEqual(self.hv('ha1', 'msupgrade_data_root'), self.hv('ha2', 'msupgrade_data_root'))
        r = self.running()
        self.assertTrue(r['ha1'])
        self.assertEqual(r['ha2'], [])
        # a manual start on the passive node cannot take the store the active node serves
        self.fails('ha2', self.msbin('ha2', 'start-msg'), contains='already served')
        self.assertTrue(os.path.exists(os.path.join(self.root, 'hosts', 'ha2', 'bin', 'scswitch')))
        self.ok('ha2', 'scswitch', '-n', '-j', 'msg_svr_resource')
        self.assertEqual(self.running(), {'ha1': [], 'ha2': []})
        rec = self.journal()[-1]
        self.assertEqual(rec['affected'], ['ha1'])
        self.deliver(3)               # queued while the resource is down
        for n in ('ha1', 'ha2'):
            self.ok(n, 'rpm', '-e', 'sun-messaging-server')
        # enabling with nothing installed fails on every node
        self.fails('ha1', 'scswitch', '-e', '-j', 'msg_svr_resource', contains='failed to start')
        self.ok('ha1', 'scswitch', '-n', '-j', 'msg_svr_resource')
        for n in ('ha1', 'ha2'):
            self.ok(n, 'rpm', '-i', self.rpm_file())
        # the agent recovers the store before starting: no stored -r needed under HA
        self.ok('ha1', 'scswitch', '-e', '-j', 'msg_svr_resource')
        r = self.running()
        self.assertEqual(len([n for n in r if r[n]]), 1)
        self.dssetup('ha1')
        self.assertCheck('upgrade')

    def test_rpm_e_on_active_node_fails(self):
        self.fails('ha1', 'rpm', '-e', 'sun-messaging-server', contains='running')
        self.ok('ha2', 'rpm', '-e', 'sun-messaging-server')      # passive node: allowed

    def test_wrong_node_or_resource(self):
        self.fails('ha1', 'scswitch', '-n', '-j', 'other_res', contains='does not exist')
        self.assertFalse(os.path.exists(os.path.join(self.root, 'hosts', 'ha1', 'bin', 'crsctl')))


class Clusterware(SimCase):
    SPEC = spec([node('c1', cluster='clusterware', res='ms_res', users={"count": 2, "messages": 2, "prefix": "c"}),
                 node('c2', cluster='clusterware', res='ms_res')])

    def test_crsctl(self):
        out = self.ok('c2', 'crsctl', 'status', 'resource', 'ms_res')
        self.assertIn('STATE=ONLINE on c1', out)
        self.ok('c2', 'crsctl', 'stop', 'resource', 'ms_res')
        sim = msim.Sim(self.root)
        self.assertEqual(sim.running(sim.hosts['c1']), [])
        self.assertIn('STATE=OFFLINE', self.ok('c1', 'crsctl', 'status', 'resource', 'ms_res'))
        self.ok('c1', 'crsctl', 'start', 'resource', 'ms_res', '-n', 'c2')
        sim = msim.Sim(self.root)
        self.assertTrue(sim.running(sim.hosts['c2']))
        self.assertCheck('rollback')


class ClusterwareAgent(SimCase):
    """Chapter "Messaging Server 8.1.0 Upgrade in an HA Environment": "upgrading the Messaging Server
    software then upgrading the Messaging Oracle Clusterware Agent". The resource does not start on a
    node whose agent is older than its Messaging Server."""
    SPEC = spec([node('c1', cluster='clusterware', res='ms_res', users={"count": 2, "messages": 2, "prefix": "c"}),
                 node('c2', cluster='clusterware', res='ms_res')])

    @classmethod
    def spec(cls):
        return spec([node('c1', cluster='clusterware', res='ms_res', users={"count": 2, "messages": 2, "prefix": "c"},
                          **{"ha": {"cluster": "clusterware", "resource": "ms_res", "logical_host": "mail-lh",
                                    "agent": ["ms-cw-agent"]}}),
                     node('c2', cluster='clusterware', res='ms_res',
                          **{"ha": {"cluster": "clusterware", "resource": "ms_res", "logical_host": "mail-lh",
                                    "agent": ["ms-cw-agent"]}})])

    def agent_rpm(self):
        d = self.media()['clusterware_agent']
        files = [f for f in os.listdir(d) if f.startswith('ms-cw-agent-' + TARGET)]
        self.assertEqual(len(files), 1, os.listdir(d))
        return os.path.join(d, files[0])

    def upgrade_software(self):
        self.ok('c1', 'crsctl', 'stop', 'resource', 'ms_res')
        for n in ('c1', 'c2'):
            self.ok(n, 'rpm', '-e', 'sun-messaging-server')
            self.ok(n, 'rpm', '-i', self.rpm_file())

    def test_old_agent_refuses_the_new_software(self):
        self.assertIn('ms-cw-agent-' + OLD, self.ok('c1', 'rpm', '-q', 'ms-cw-agent'))
        self.upgrade_software()
        self.fails('c1', 'crsctl', 'start', 'resource', 'ms_res', contains='older than Messaging Server')
        self.assertEqual(msim.Sim(self.root).cluster['resources']['ms_res']['state'], 'Start_failed')

    def test_agent_upgraded_after_the_software_starts(self):
        self.upgrade_software()
        for n in ('c1', 'c2'):
            self.ok(n, 'rpm', '-e', 'ms-cw-agent')
            self.ok(n, 'rpm', '-i', self.agent_rpm())
        self.ok('c1', 'crsctl', 'start', 'resource', 'ms_res')
        self.dssetup('c1')
        self.assertCheck('upgrade')

    def test_a_newer_agent_runs_the_previous_software(self):
        # back-out: the previous Messaging Server under the 8.1.0 agent is not refused
        self.ok('c1', 'crsctl', 'stop', 'resource', 'ms_res')
        for n in ('c1', 'c2'):
            self.ok(n, 'rpm', '-e', 'ms-cw-agent')
            self.ok(n, 'rpm', '-i', self.agent_rpm())
        self.ok('c1', 'crsctl', 'start', 'resource', 'ms_res')


ClusterwareAgent.SPEC = ClusterwareAgent.spec()


if __name__ == '__main__':
    unittest.main()
