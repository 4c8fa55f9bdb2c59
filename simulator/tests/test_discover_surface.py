"""What `msupgrade discover` reads on a simulated host: the product's options in its
configuration (legacy msg.conf, unified config.xml), the word size `imsimta version` prints,
and the cluster's resources the host is a node of."""
import os
import unittest
import xml.etree.ElementTree as ElementTree

from simbase import SimCase, OLD, spec


def options_of_msg_conf(path):
    out = {}
    with open(path) as f:
        for line in f:
            if '=' in line and not line.lstrip().startswith(('!', '#')):
                k, v = line.split('=', 1)
                out[k.strip()] = v.strip()
    return out


def options_of_config_xml(path):
    root = ElementTree.parse(path).getroot()
    return {'%s.%s' % (e.tag, k): v for e in root for k, v in e.attrib.items()}


class ProductOptions(SimCase):
    SPEC = spec([
        {"name": "front1", "os": "oracle-linux-7", "installed_version": "7.0.4.20.0", "components": ["mta", "mmp"],
         "config": "legacy", "bits": 32},
        {"name": "store1", "os": "oracle-linux-8", "installed_version": OLD, "components": ["store", "webmail"]},
        {"name": "ha1", "os": "solaris-11.4", "installed_version": OLD, "components": ["store"],
         "ha": {"cluster": "solaris-cluster", "resource": "msg-rs"}},
        {"name": "crs1", "os": "oracle-linux-7", "installed_version": OLD, "components": ["mta"],
         "ha": {"cluster": "clusterware", "resource": "ora.msg"}},
        {"name": "crs2", "os": "oracle-linux-7", "installed_version": OLD, "components": ["mta"],
         "ha": {"cluster": "clusterware", "resource": "ora.msg"}},
    ])

    def test_legacy_msg_conf_names_the_components_and_the_directory(self):
        opts = options_of_msg_conf(os.path.join(self.hv('front1', 'msupgrade_config_root'), 'msg.conf'))
        self.assertEqual((opts['local.store.enable'], opts['local.imta.enable'], opts['local.mmp.enable'],
                          opts['service.http.enable']), ('0', '1', '1', '0'))
        self.assertEqual((opts['local.ugldaphost'], opts['local.ugldapport']), ('ldap1', '389'))

    def test_unified_config_xml_and_configtoxml_carries_the_options_over(self):
        opts = options_of_config_xml(os.path.join(self.hv('store1', 'msupgrade_config_root'), 'config.xml'))
        self.assertEqual((opts['store.enable'], opts['mta.enable'], opts['http.enable']), ('1', '0', '1'))
        self.assertEqual(opts['base.ugldaphost'], 'ldap1')
        self.ok('front1', self.msbin('front1', 'stop-msg'))
        self.ok('front1', self.msbin('front1', 'configtoxml'))
        opts = options_of_config_xml(os.path.join(self.hv('front1', 'msupgrade_config_root'), 'config.xml'))
        self.assertEqual((opts['mmp.enable'], opts['mta.enable'], opts['store.enable']), ('1', '1', '0'))

    def test_imsimta_version_says_the_word_size(self):
        self.assertIn('(32bit)', self.ok('front1', self.msbin('front1', 'imsimta'), 'version'))
        self.assertIn('(64bit)', self.ok('store1', self.msbin('store1', 'imsimta'), 'version'))

    def test_cluster_resources_of_the_node(self):
        self.assertEqual(self.ok('ha1', 'clresource', 'list', '-t', 'SUNW.ims').split(), ['msg-rs'])
        out = self.ok('crs2', 'crsctl', 'status', 'resource', '-p')
        self.assertIn('NAME=ora.msg\n', out)
        self.assertIn('HOSTING_MEMBERS=crs1 crs2\n', out)
        self.assertIn('ACTION_SCRIPT=%s/' % self.hv('crs2', 'msupgrade_install_root'), out)
        self.assertEqual(self.ok('store1', 'uname', '-s').strip(), 'Linux')


if __name__ == '__main__':
    unittest.main()
