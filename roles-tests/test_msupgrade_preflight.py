"""The preflight role (tasks/main.yml and library/msupgrade_preflight.py), through the real
ansible-playbook on localhost against a host laid out in a temporary folder.

Messaging Server, rpm, pkginfo and IPS' pkg cannot be installed here, so the host's commands are
small scripts that answer as the real ones do (docs/contract-variables.md, "What the roles expect
from commands"); uname too, so that the host can be a SPARC Solaris one. Everything else is real:
the release file, the media folders, the filesystems, an IPS origin over HTTP.

What a user relies on: a host that matches the model passes with changed=0 (also under --check);
a host that does not fails with every problem it has listed at once, each saying what to fix.
"""
import http.server
import json
import os
import shutil
import sys
import tempfile
import threading
import unittest

import playbook

OS_RELEASE_OL8 = 'NAME="Oracle Linux Server"\nVERSION="8.9"\nID="ol"\nVERSION_ID="8.9"\n'
RELEASE_SOLARIS_11_3 = '                      Oracle Solaris 11.3 SPARC\n  Copyright (c) 1983, 2015, Oracle.\n'


class FakeHost(object):
    """A host's folders and commands in a temporary folder."""

    def __init__(self, root, uname='Linux x86_64', release=OS_RELEASE_OL8, version='8.0.2.3.0',
                 rpms=None, svr4=None, ips=None):
        self.root = root
        self.bin = os.path.join(root, 'path')
        self.install_root = os.path.join(root, 'opt', 'messaging64')
        self.data_root = os.path.join(root, 'data')
        self.backup_dir = os.path.join(root, 'backup')
        self.release_file = os.path.join(root, 'etc', 'release')
        self.media = os.path.join(root, 'media', 'target')
        self.backout_media = os.path.join(root, 'media', 'previous')
        for d in (self.bin, os.path.join(self.install_root, 'bin'), os.path.join(self.data_root, 'store'),
                  os.path.dirname(self.release_file), self.media, self.backout_media):
            os.makedirs(d)
        self.write(self.release_file, release)
        self.script('uname', 'echo "%s"' % uname)
        self.script(os.path.join(self.install_root, 'bin', 'imsimta'),
                    '[ "$1" = version ] || exit 2\n'
                    'echo "Oracle Communications Messaging Server %s (64bit)"' % version)
        # package name -> version; absent: not installed (rc 1, as the real tools)
        rpms, svr4, ips = rpms or {}, svr4 or {}, ips or {}
        self.script('rpm', 'shift 3\ncase "$1" in\n%s  *) echo "package $1 is not installed"; exit 1;;\nesac'
                    % ''.join('  %s) printf %%s "%s";;\n' % (n, v) for n, v in rpms.items()))
        self.script('pkginfo', 'case "$2" in\n%s  *) echo "ERROR: information for \\"$2\\" was not found"'
                    ' >&2; exit 1;;\nesac' % ''.join(
                        '  %s) echo "   PKGINST:  %s"; echo "   VERSION:  %s,REV=2019.01.01";;\n' % (n, n, v)
                        for n, v in svr4.items()))
        self.script('pkg', 'case "$3" in\n%s  *) echo "pkg list: no packages matching \'$3\' installed"'
                    ' >&2; exit 1;;\nesac' % ''.join(
                        '  %s) echo "%s (communications) %s-0.1 i--";;\n' % (n, n, v) for n, v in ips.items()))

    @staticmethod
    def write(path, text):
        with open(path, 'w') as f:
            f.write(text)

    def script(self, name, body):
        path = name if os.path.isabs(name) else os.path.join(self.bin, name)
        self.write(path, '#!/bin/sh\n' + body + '\n')
        os.chmod(path, 0o755)

    def vars(self, **overrides):
        v = {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
             'msupgrade_env': {'PATH': self.bin + ':' + os.environ['PATH']},
             'msupgrade_target_version': '8.1.0', 'msupgrade_installed_version': '8.0.2.3.0',
             'msupgrade_os': 'oracle-linux-8', 'msupgrade_os_family': 'linux', 'msupgrade_arch': 'x86_64',
             'msupgrade_procedure': 'linux-rpm-inplace', 'msupgrade_strategy': 'in-place',
             'msupgrade_components': ['store'], 'msupgrade_install_root': self.install_root,
             'msupgrade_data_root': self.data_root, 'msupgrade_backup_dir': self.backup_dir,
             'msupgrade_state_dir': os.path.join(self.root, 'state'),
             'msupgrade_os_release_file': self.release_file,
             'msupgrade_media': {'linux': self.media, 'solaris': self.media, 'solaris_ips': 'file://' + self.media},
             'msupgrade_previous_media': {'8.0.2.3.0': {'linux': self.backout_media, 'solaris': self.backout_media,
                                                        'solaris_ips': 'file://' + self.backout_media}},
             # the health check is its own role, run after every stage; it is not what this tests
             'preflight_checks': ['upgrade_path', 'os', 'version', 'package', 'media', 'space'],
             # a temporary folder is on whatever filesystem the machine has: ask for a known size
             'preflight_backup_required_bytes': 1024}
        v.update(overrides)
        return v


@unittest.skipUnless(shutil.which('ansible-playbook'), 'ansible-playbook is not installed')
class PreflightRole(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='msupgrade-preflight-')
        self.addCleanup(shutil.rmtree, self.dir)

    def host(self, **kw):
        return FakeHost(os.path.join(self.dir, 'host'), **kw)

    def play(self, variables, *extra):
        r = playbook.run(self.dir, [{'name': 'preflight', 'hosts': 'localhost', 'gather_facts': False,
                                     'environment': '{{ msupgrade_env }}', 'vars': variables,
                                     'roles': ['preflight']}], *extra)
        self.output = r.output
        return r.rc, r.recap

    def assertPasses(self, variables, *extra):
        rc, recap = self.play(variables, *extra)
        self.assertEqual(rc, 0, self.output)
        self.assertIn('changed=0', recap)
        self.assertIn('failed=0', recap)

    def assertFailsWith(self, variables, *sentences):
        rc, recap = self.play(variables)
        self.assertNotEqual(rc, 0, self.output)
        self.assertIn('failed=1', recap)
        self.assertIn('Report every problem the probe found', self.output.split('fatal:')[0].rsplit('TASK', 1)[-1])
        for sentence in sentences:
            self.assertIn(sentence, self.output)

    def linux_host(self, **kw):
        h = self.host(rpms={'sun-messaging-server': '8.0.2.3.0'}, **kw)
        h.write(os.path.join(h.media, 'sun-messaging-server-8.1.0-1.x86_64.rpm'), 'rpm')
        return h

    def test_a_host_that_matches_the_model_passes_without_change(self):
        h = self.linux_host()
        self.assertPasses(h.vars())
        self.assertIn('localhost runs 8.0.2.3.0', self.output)

    def test_check_mode_runs_every_probe_too(self):
        h = self.linux_host()
        self.assertPasses(h.vars(), '--check')
        self.assertIn('localhost runs 8.0.2.3.0', self.output)

    def test_every_problem_is_reported_at_once(self):
        h = self.host(uname='Linux aarch64', release=OS_RELEASE_OL8.replace('8.9', '9.3'), version='8.0.1.3.0',
                      rpms={})
        h.write(os.path.join(h.media, 'sun-messaging-server-8.1.0-1.x86_64.rpm'), 'rpm')
        h.write(os.path.join(h.media, 'sun-messaging-server-8.1.0-2.x86_64.rpm'), 'rpm')
        os.rmdir(h.backout_media)
        self.assertFailsWith(
            h.vars(),
            'localhost runs oracle-linux 9 on aarch64 (aarch64); the model says oracle-linux-8 on x86_64',
            'version reports \\"8.0.1.3.0\\", the model says 8.0.2.3.0',
            'package sun-messaging-server is not installed',
            'must hold exactly one sun-messaging-server-<version>.rpm',
            'back-out media %s is missing or not a readable directory' % h.backout_media)

    def test_a_version_below_7_has_no_direct_upgrade(self):
        h = self.linux_host(version='6.3')
        self.assertFailsWith(h.vars(msupgrade_installed_version='6.3'),
                             'there is no direct upgrade to 8.1.0 below 7.0')

    def test_an_upgraded_host_may_report_the_target_and_skips_the_media(self):
        h = self.host(version='8.1.0', rpms={'sun-messaging-server': '8.1.0.0.0'})
        os.rmdir(h.media)
        state = os.path.join(h.root, 'state')
        os.makedirs(state)
        with open(os.path.join(state, 'upgrade.done'), 'w') as f:
            json.dump({'step': 'upgrade'}, f)
        self.assertPasses(h.vars())
        self.assertIn('already the target: the upgrade resumes or skips it', self.output)

    def test_a_coexistence_host_must_report_its_installed_version(self):
        h = self.host(version='8.1.0', rpms={'sun-messaging-server': '8.1.0'})
        self.assertFailsWith(h.vars(msupgrade_strategy='coexistence'),
                             'version reports \\"8.1.0\\", the model says 8.0.2.3.0',
                             'package sun-messaging-server is at version 8.1.0')

    def test_solaris_svr4_reads_pkginfo_and_the_package_folders(self):
        h = self.host(uname='SunOS sun4v', release=RELEASE_SOLARIS_11_3, svr4={'SUNWmsgsr': '8.0.2.3.0'})
        variables = h.vars(msupgrade_os='solaris-11.3', msupgrade_os_family='solaris', msupgrade_arch='sparc')
        self.assertFailsWith(variables, '%s/SUNWmsgsr is missing (pkgadd -d' % h.media)
        os.makedirs(os.path.join(h.media, 'SUNWmsgsr'))
        self.assertPasses(variables)
        # the model's arch is what the media were chosen by
        self.assertFailsWith(dict(variables, msupgrade_arch='x86_64'),
                             'runs solaris 11.3 on sun4v (sparc); the model says solaris-11.3 on x86_64')

    def test_solaris_ips_asks_the_origin_over_http(self):
        h = self.host(uname='SunOS i86pc', release=RELEASE_SOLARIS_11_3.replace('11.3 SPARC', '11.4 X86'),
                      ips={'communication/messaging/messaging-server': '8.0.2.3.0'})
        origin = Origin()
        self.addCleanup(origin.stop)
        variables = h.vars(msupgrade_os='solaris-11.4', msupgrade_os_family='solaris',
                           msupgrade_media={'solaris_ips': origin.url})
        self.assertPasses(variables)
        self.assertEqual(origin.paths, ['/versions/0/'])
        self.assertFailsWith(dict(variables, msupgrade_media={'solaris_ips': origin.url + 'missing/'}),
                             'the target IPS origin %smissing/ does not answer (404' % origin.url)

    def test_media_the_model_does_not_name(self):
        h = self.linux_host()
        self.assertFailsWith(h.vars(msupgrade_media={}), 'localhost needs media.linux in the model')
        # without back-out media the upgrade may go on; the back-out playbook refuses later
        self.assertPasses(h.vars(msupgrade_previous_media={}))
        self.assertIn('no media.previous["8.0.2.3.0"].linux in the model', self.output)

    def test_room_for_the_backup(self):
        h = self.linux_host()
        self.assertFailsWith(h.vars(preflight_backup_required_bytes=2 ** 60),
                             'localhost: %s has ' % h.backup_dir, 'the full imsbackup needs about 1.00 EB')
        # a passive cluster node has no store: its backup runs on the node that holds it
        os.rmdir(os.path.join(h.data_root, 'store'))
        self.assertPasses(h.vars(preflight_backup_required_bytes=2 ** 60))
        self.assertIn('is not here (passive cluster node?)', self.output)

    def test_the_configuration_layout_the_model_says(self):
        h = self.linux_host()
        config = os.path.join(h.root, 'config')
        os.makedirs(config)
        h.write(os.path.join(config, 'msg.conf'), 'service.imap.enable = 1\n')
        checks = ['upgrade_path', 'os', 'version', 'package', 'media', 'space', 'config_layout']
        legacy = h.vars(preflight_checks=checks, msupgrade_config_root=config, msupgrade_config_layout='legacy')
        self.assertPasses(legacy)
        # the model says unified, the host has legacy files: configtoxml would be skipped
        self.assertFailsWith(dict(legacy, msupgrade_config_layout='unified'),
                             'the model says config_layout: unified', 'holds a legacy configuration (msg.conf)')
        h.write(os.path.join(config, 'config.xml'), '<config/>\n')
        self.assertFailsWith(legacy, 'the model says config_layout: legacy', 'holds a unified configuration')
        # once converted (the unified-config marker), the layout is the new one: not a problem
        self.assertPasses(dict(legacy, msupgrade_markers=['upgrade', 'unified-config']))
        # a model that says nothing of the layout is not checked
        self.assertPasses(h.vars(preflight_checks=checks, msupgrade_config_root=config))


    # ---- ZFS back-out safety (chapter "To Downgrade Using a ZFS Snapshot") -------------------

    def zfs_host(self, mounts):
        """A Solaris-like host whose `zfs list -H -o name,mountpoint` prints MOUNTS (name -> path)."""
        h = self.linux_host()
        lines = ''.join('%s\t%s\n' % (n, m) for n, m in mounts.items())
        h.script('zfs', '[ "$*" = "list -H -o name,mountpoint" ] || exit 2\nprintf "%s"' % lines.replace('\t', '\\t')
                 .replace('\n', '\\n'))
        return h

    def zfs_vars(self, h, **kw):
        v = dict(msupgrade_zfs_store_dataset='pool/comms-data', msupgrade_backout='zfs-snapshot',
                 preflight_checks=['zfs'])
        v.update(kw)
        return h.vars(**v)

    def test_zfs_store_on_its_own_dataset_passes(self):
        root = os.path.join(self.dir, 'host')
        h = self.zfs_host({'pool': '/pool', 'pool/comms-data': os.path.join(root, 'data', 'store')})
        self.assertPasses(self.zfs_vars(h))
        self.assertIn('holds the store, not the MTA queue nor the backup folder', self.output)

    def test_zfs_dataset_holding_the_queue_and_the_backup_folder_fails_with_both(self):
        root = os.path.join(self.dir, 'host')
        h = self.zfs_host({'pool/comms-data': root})
        self.assertFailsWith(self.zfs_vars(h),
                             '%s (the MTA queue) is on the store dataset pool/comms-data' % os.path.join(h.data_root, 'queue'),
                             'you should not rollback the MTA queues',
                             '%s (msupgrade_backup_dir' % h.backup_dir, 'point backup.dir outside the dataset')

    def test_zfs_dataset_not_holding_the_store_fails(self):
        root = os.path.join(self.dir, 'host')
        # the store area is on a child dataset the rollback of its parent does not revert, and a
        # message partition elsewhere is on no dataset at all
        h = self.zfs_host({'pool/comms-data': os.path.join(root, 'data'),
                           'pool/comms-data/store': os.path.join(root, 'data', 'store')})
        part = os.path.join(root, 'partition2')
        self.assertFailsWith(self.zfs_vars(h, preflight_zfs_store_paths=[part]),
                             '%s (the store: mboxlist database, index, message partitions) is on '
                             'pool/comms-data/store, not on the store dataset pool/comms-data'
                             % os.path.join(h.data_root, 'store'),
                             '%s (the store: mboxlist database, index, message partitions) is on no ZFS dataset'
                             % part,
                             # the queue is on the store dataset too: every problem at once
                             'is on the store dataset pool/comms-data')

    def test_zfs_dataset_not_here(self):
        h = self.zfs_host({'pool': '/pool'})
        self.assertFailsWith(self.zfs_vars(h), 'zfs list does not show the store dataset pool/comms-data')
        # an HA node where the pool is not imported: the node holding it checks
        self.assertPasses(self.zfs_vars(h, msupgrade_ha_group='ha_rs'))
        self.assertIn('is not imported here (passive cluster node?)', self.output)

    def test_zfs_is_checked_only_for_a_zfs_back_out(self):
        h = self.zfs_host({'pool/comms-data': os.path.join(self.dir, 'host')})
        self.assertPasses(self.zfs_vars(h, msupgrade_backout='full-backup'))

    # ---- the Clusterware agent's media --------------------------------------------------------

    def test_clusterware_agent_rpms_must_be_in_their_media(self):
        h = self.linux_host()
        agent = os.path.join(self.dir, 'host', 'media', 'agent')
        os.makedirs(agent)
        ha = {'cluster': 'clusterware', 'resource': 'ora.ms', 'agent': ['ms-cw-agent']}
        media = {'linux': h.media, 'clusterware_agent': agent}
        self.assertFailsWith(h.vars(msupgrade_ha=ha, msupgrade_media=media),
                             '%s must hold exactly one ms-cw-agent-<version>.rpm' % agent)
        self.assertFailsWith(h.vars(msupgrade_ha=ha, msupgrade_media={'linux': h.media}),
                             'localhost needs media.clusterware_agent (and ha.agent) in the model')
        h.write(os.path.join(agent, 'ms-cw-agent-8.1.0-1.x86_64.rpm'), 'rpm')
        self.assertPasses(h.vars(msupgrade_ha=ha, msupgrade_media=media))
        # Solaris Cluster has no Clusterware agent to check
        self.assertPasses(h.vars(msupgrade_ha={'cluster': 'solaris-cluster', 'resource': 'rs'},
                                 msupgrade_media={'linux': h.media}))


class Origin(object):
    """An IPS origin answering /versions/0/ (what the preflight asks) and nothing else."""

    def __init__(self):
        paths = self.paths = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                paths.append(self.path)
                ok = self.path == '/versions/0/'
                self.send_response(200 if ok else 404)
                self.end_headers()
                self.wfile.write(b'pkg-server 0.1\nversions 0\n' if ok else b'not found')

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(('127.0.0.1', 0), Handler)
        self.url = 'http://127.0.0.1:%d/' % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


if __name__ == '__main__':
    unittest.main()
