#!/usr/bin/python
# -*- coding: utf-8 -*-
# msupgrade: what one existing Messaging Server host is, read from the host
# itself, for `msupgrade discover` (a draft of the deployment model).
#
# Read-only by construction: it runs only commands that report (uname,
# <bin>/imsimta version, zfs list, clresource list/status, crsctl status) and
# reads files (the release file, the product's configuration under
# ConfigRoot). Every value it returns comes from the host: msupgrade treats it
# as untrusted data (quoted in the draft, checked by `validate`).
#
# What it cannot read it reports under `problems` and leaves out; it never
# guesses a value.
#
# Runs on the managed hosts' Python: 2.7 or 3.5+, standard library and
# module_utils only.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: msupgrade_discover
short_description: Read what an existing Messaging Server host runs, changing nothing
description:
  - Reads the operating system and release (C(uname -s -m), the release file),
    the installed Messaging Server version and word size (C(imsimta version)),
    the configuration layout (C(config.xml) is Unified Configuration, C(msg.conf)
    legacy), the enabled components and the directory host from the product's
    own configuration, the ZFS dataset the store lies on (C(zfs list)) and the
    HA resource the host is a node of (C(clresource), C(crsctl)).
  - Returns what it read under C(discovered) and what it could not read under
    C(problems); changes nothing, so it runs the same under --check.
options:
  host:
    description: The inventory name, for the messages.
    type: str
    required: true
  install_root:
    description: The Messaging Server install root.
    type: path
    default: /opt/sun/comms/messaging64
  config_root:
    description: ConfigRoot; by default the target of C(<install_root>/config) when that is a symbolic link, else the documented default.
    type: path
  data_root:
    description: DataRoot; by default the target of C(<install_root>/data) when that is a symbolic link, else the documented default.
    type: path
  release_file:
    description: The release file; C(/etc/release) on Solaris, C(/etc/os-release) on Linux by default.
    type: path
  address:
    description: The inventory's C(ansible_host), returned as it is (the model's C(address)).
    type: str
    default: ""
attributes:
  check_mode:
    support: full
author: msupgrade
"""

EXAMPLES = r"""
- name: Read the host
  msupgrade_discover:
    host: "{{ inventory_hostname }}"
"""

RETURN = r"""
discovered:
  description: What the host runs (see roles/discover/README.md for every key).
  returned: always
  type: dict
problems:
  description: What could not be read, one sentence each.
  returned: always
  type: list
"""

import os
import re
import xml.etree.ElementTree as ElementTree

from ansible.module_utils.basic import AnsibleModule

DEFAULT_INSTALL_ROOT = "/opt/sun/comms/messaging64"
DEFAULT_CONFIG_ROOT = "/var/opt/sun/comms/messaging64/config"
DEFAULT_DATA_ROOT = "/var/opt/sun/comms/messaging64/data"

# ID= of os-release -> the model's distribution name (as the preflight module)
DISTRIBUTIONS = {"ol": "oracle-linux", "rhel": "rhel", "centos": "centos", "rocky": "rocky",
                 "almalinux": "almalinux", "ubuntu": "ubuntu", "debian": "debian", "sles": "sles"}
IMSIMTA_VERSION = re.compile(r"Messaging Server\s+([0-9][0-9.]*[0-9])(?:\s+\((32|64)bit\))?")

# The product's options that name the enabled services, in the legacy form
# (configutil, msg.conf) and the Unified Configuration form (config.xml).
# docs/contract-variables.md ("discover") cites where each is documented.
COMPONENT_OPTIONS = (
    ("store", ("local.store.enable", "store.enable")),
    ("mta", ("local.imta.enable", "mta.enable")),
    ("mmp", ("local.mmp.enable", "mmp.enable")),
    ("webmail", ("service.http.enable", "http.enable")),
)
LDAP_HOST = ("local.ugldaphost", "base.ugldaphost")
LDAP_PORT = ("local.ugldapport", "base.ugldapport")
LDAP_BASEDN = ("local.ugldapbasedn", "base.ugldapbasedn")
# Solaris Cluster's resource type of the Messaging Server data service (package SUNWscims)
SOLARIS_CLUSTER_TYPE = "SUNW.ims"
# where Solaris Cluster installs its commands
CLUSTER_BIN = ["/usr/cluster/bin"]


def truthy(value):
    return str(value).strip().strip('"').lower() in ("1", "yes", "true", "on")


def read_text(path, limit=1 << 20):
    with open(path, "rb") as handle:
        return handle.read(limit).decode("utf-8", "replace")


def legacy_options(text):
    """msg.conf: one `name = value` a line; `!` and `#` start comments; values may be quoted."""
    options = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "!#" or "=" not in line:
            continue
        name, value = line.split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        options[name.strip().lower()] = value
    return options


def unified_options(text):
    """config.xml: every attribute of an element is the option `<element path>.<attribute>`
    (`<imap enable="1"/>` is imap.enable); an element `<option name=".." value=".."/>` names
    one option itself."""
    options = {}
    root = ElementTree.fromstring(text.encode("utf-8"))

    def walk(element, path):
        tag = element.tag.split("}")[-1].lower()
        if tag == "option" and "name" in element.attrib:
            options[element.attrib["name"].lower()] = element.attrib.get("value", "")
            return
        here = path + [tag]
        for name, value in element.attrib.items():
            options[".".join(here + [name.split("}")[-1].lower()])] = value
        for child in element:
            walk(child, here)

    for child in root:
        walk(child, [])
    return options


def option(options, names):
    for name in names:
        if name in options:
            return options[name]
    return None


class Discovery(object):

    def __init__(self, module):
        self.module = module
        self.p = module.params
        self.host = self.p["host"]
        self.problems = []
        self.found = {}

    def run(self, argv, search=None):
        """(rc, stdout, stderr); rc None when the command is not installed (PATH, the sbin
        folders, SEARCH)."""
        if not os.path.isabs(argv[0]):
            path = self.module.get_bin_path(argv[0], opt_dirs=search or [])
            if path is None:
                return None, "", ""
            argv = [path] + list(argv[1:])
        rc, out, err = self.module.run_command(argv)
        return rc, out or "", err or ""

    def system(self):
        rc, out, err = self.run(["uname", "-s", "-m"])
        if rc != 0:
            self.problems.append("%s: uname -s -m failed: %s" % (self.host, (err or out).strip()[:200]))
            return None
        words = out.split() + ["", ""]
        kernel, machine = words[0], words[1]
        if re.match(r"(sun4|sparc)", machine):
            arch = "sparc"
        elif machine in ("x86_64", "amd64", "i86pc", "i386"):
            arch = "x86_64"
        else:
            arch = machine
        family = "solaris" if kernel == "SunOS" else "linux"
        release_file = self.p["release_file"] or ("/etc/release" if family == "solaris" else "/etc/os-release")
        self.found.update(os_family=family, arch=arch, machine=machine)
        try:
            text = read_text(release_file)
        except (IOError, OSError) as error:
            self.problems.append("%s: cannot read the release file %s: %s" % (self.host, release_file, error))
            return family
        if family == "solaris":
            found = re.search(r"Solaris\s+([0-9]+(?:\.[0-9]+)?)", text)
            if found:
                self.found["os"] = "solaris-" + found.group(1)
        else:
            found_id = re.search(r'(?m)^ID="?([^"\n]*)"?', text)
            found = re.search(r'(?m)^VERSION_ID="?([0-9]+)', text)
            if found_id and found:
                os_id = found_id.group(1)
                self.found["os"] = "%s-%s" % (DISTRIBUTIONS.get(os_id, os_id), found.group(1))
        if "os" not in self.found:
            self.problems.append("%s: %s names no distribution and release" % (self.host, release_file))
        return family

    def roots(self):
        install = self.p["install_root"]
        found = {"install_root": install}
        for key, link, default in (("config_root", "config", DEFAULT_CONFIG_ROOT),
                                   ("data_root", "data", DEFAULT_DATA_ROOT)):
            given = self.p[key]
            if not given:
                # the product follows InstallRoot/config and InstallRoot/data when they are links
                path = os.path.join(install, link)
                given = os.path.realpath(path) if os.path.islink(path) else default
            found[key] = given
        self.found["roots"] = found
        self.found["roots_not_default"] = sorted(
            k for k, d in (("install_root", DEFAULT_INSTALL_ROOT), ("config_root", DEFAULT_CONFIG_ROOT),
                           ("data_root", DEFAULT_DATA_ROOT)) if found[k] != d)
        return found

    def messaging(self, roots):
        """imsimta version from bin (8.x) or sbin (7.x): the product says its version."""
        for sub in ("bin", "sbin"):
            imsimta = os.path.join(roots["install_root"], sub, "imsimta")
            if not os.path.exists(imsimta):
                continue
            rc, out, err = self.run([imsimta, "version"])
            found = IMSIMTA_VERSION.search(out)
            if rc == 0 and found:
                self.found["version"] = found.group(1)
                if found.group(2):
                    self.found["bits"] = int(found.group(2))
                return True
            # installed, but it does not say its version: read the rest, leave the version out
            self.problems.append("%s: %s version failed (rc %s): %s"
                                 % (self.host, imsimta, rc, (err or out).strip()[:200]))
            return True
        self.found["messaging_server"] = False
        return False

    def configuration(self, roots):
        config_root = roots["config_root"]
        unified = os.path.join(config_root, "config.xml")
        legacy = os.path.join(config_root, "msg.conf")
        try:
            if os.path.exists(unified):
                self.found["config_layout"] = "unified"
                options = unified_options(read_text(unified, 16 << 20))
            elif os.path.exists(legacy):
                self.found["config_layout"] = "legacy"
                options = legacy_options(read_text(legacy, 16 << 20))
            else:
                self.problems.append("%s: no configuration in %s (neither config.xml nor msg.conf)"
                                     % (self.host, config_root))
                return None
        except (IOError, OSError, ElementTree.ParseError) as error:
            self.problems.append("%s: cannot read the configuration in %s: %s" % (self.host, config_root, error))
            return None
        components = [name for name, keys in COMPONENT_OPTIONS if truthy(option(options, keys) or "0")]
        if not components:
            self.problems.append("%s: the configuration in %s enables none of store, MTA, MMP, webmail"
                                 % (self.host, config_root))
        else:
            self.found["components"] = components
        hosts = (option(options, LDAP_HOST) or "").split()
        if hosts:
            # "host[:port] host2[:port]": the first is the one in use, the others fail-over
            first = hosts[0]
            port = option(options, LDAP_PORT)
            if ":" in first:
                first, port = first.rsplit(":", 1)
            self.found["directory"] = {"host": first, "port": port, "base_dn": option(options, LDAP_BASEDN)}
        if "store" in components:
            self.found["store_kind"] = "classic"
        return options

    def zfs(self, roots):
        """The dataset mounted at the store (DataRoot/store) or at DataRoot: a store of its own."""
        rc, out, _ = self.run(["zfs", "list", "-H", "-o", "name,mountpoint", "-t", "filesystem"])
        if rc is None or rc != 0:
            return
        store = os.path.join(roots["data_root"], "store")
        best = None
        for line in out.splitlines():
            fields = line.split("\t")
            if len(fields) != 2:
                continue
            name, mount = fields
            if mount in (store, roots["data_root"]) and (best is None or len(mount) > len(best[1])):
                best = (name, mount)
        if best:
            self.found["zfs_store_dataset"] = best[0]

    def ha(self, family):
        if family == "solaris":
            rc, out, _ = self.run(["clresource", "list", "-t", SOLARIS_CLUSTER_TYPE], CLUSTER_BIN)
            if rc is None:
                return
            if rc != 0:
                self.problems.append("%s: clresource list -t %s failed" % (self.host, SOLARIS_CLUSTER_TYPE))
                return
            for resource in out.split():
                rc, status, _ = self.run(["clresource", "status", resource], CLUSTER_BIN)
                nodes = []
                for line in status.splitlines():
                    words = line.split()
                    if rc == 0 and len(words) >= 2 and words[0] == resource and words[1] not in nodes:
                        nodes.append(words[1])
                self.found["ha"] = {"cluster": "solaris-cluster", "resource": resource, "nodes": nodes}
                return
            return
        rc, out, _ = self.run(["crsctl", "status", "resource", "-p"])
        if rc is None:
            return
        if rc != 0:
            self.problems.append("%s: crsctl status resource -p failed" % self.host)
            return
        install = self.p["install_root"].rstrip("/") + "/"
        for block in re.split(r"\n\s*\n", out):
            attrs = dict(line.split("=", 1) for line in block.splitlines() if "=" in line)
            # the Messaging Server resource: its action script is the product's own
            if attrs.get("NAME") and attrs.get("ACTION_SCRIPT", "").startswith(install):
                self.found["ha"] = {"cluster": "clusterware", "resource": attrs["NAME"],
                                    "nodes": attrs.get("HOSTING_MEMBERS", "").split()}
                return

    def discover(self):
        if self.p["address"]:
            self.found["address"] = self.p["address"]
        family = self.system()
        roots = self.roots()
        if not self.messaging(roots):
            return
        self.found["messaging_server"] = True
        self.configuration(roots)
        if "store" in self.found.get("components", []):
            self.zfs(roots)
        if family:
            self.ha(family)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            host=dict(type="str", required=True),
            install_root=dict(type="path", default=DEFAULT_INSTALL_ROOT),
            config_root=dict(type="path"),
            data_root=dict(type="path"),
            release_file=dict(type="path"),
            address=dict(type="str", default=""),
        ),
        supports_check_mode=True,
    )
    discovery = Discovery(module)
    discovery.discover()
    module.exit_json(changed=False, discovered=discovery.found, problems=discovery.problems)


if __name__ == "__main__":
    main()
