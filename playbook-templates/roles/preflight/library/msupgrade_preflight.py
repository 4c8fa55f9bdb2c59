#!/usr/bin/python
# -*- coding: utf-8 -*-
# msupgrade: the read-only preflight of one Messaging Server host, in one
# module run.
#
# Why a module: the checks were some forty tasks per host (a command or stat
# per probe, a set_fact to parse it, an assert to judge it, and the same again
# for each package tool). Every task costs Ansible a worker process and every
# probe a module run on the host, and the preflight runs before every stage of
# an upgrade and in every rehearsal. Here every probe runs in one module run,
# and every problem the host has comes back at once: an administrator fixes
# the model or the host once, not once per failed assert.
#
# It runs the commands the checks always ran (uname -s -m, <bin>/imsimta
# version, rpm -q --qf / pkginfo -l / pkg list -H) and reads the release file,
# the media and the filesystems itself. It changes nothing, so it runs the same
# under --check.
#
# Runs on the managed hosts' Python: 2.7 or 3.5+ (Solaris 10 ships 2.7 with
# the support repository), standard library and module_utils only.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: msupgrade_preflight
short_description: Read-only checks of a Messaging Server host before its upgrade
description:
  - Runs the checks named in O(checks) and returns every problem found, and
    what it read, without changing anything. The role C(preflight) fails the
    host when O(checks) found a problem, listing all of them.
  - C(upgrade_path) the installed version is at least O(minimum_version)
    (7.x or later, chapter "Upgrade Requirements for Messaging Server").
  - C(os) C(uname -s -m) and the release file match O(os) and O(arch).
  - C(version) C(<bin_dir>/imsimta version) reports one of O(expected_versions).
  - C(package) every package of O(packages) is installed at one of
    O(expected_versions), by the query of O(package_tool).
  - C(media) every location of O(media) is readable (a directory, or an IPS
    origin that answers), holding the packages when asked.
  - C(space) O(backup_dir) has room for a full backup of the store.
  - C(config_layout) the configuration in O(config_root) is the O(config_layout)
    the model says (C(config.xml) a Unified Configuration, C(msg.conf) a legacy
    one; chapter "About Messaging Server Unified Configuration"); the plan
    converts the legacy hosts with configtoxml after the upgrade.
  - C(zfs) ZFS back-out safety, after the chapter's "To Downgrade Using a ZFS
    Snapshot" (the snapshot covers the mboxlist database, index and message
    partitions, and the MTA queues are not rolled back). From
    C(zfs list -H -o name,mountpoint), the dataset that holds a path is the one
    with the longest mountpoint above it. O(zfs_dataset) must hold
    C(<data_root>/store) and each of O(zfs_store_paths), and must not hold
    C(<data_root>/queue) nor O(backup_dir) (where the back-out's incremental
    imsbackup lands before the rollback). On an HA node (O(zfs_shared)) where
    the pool is not imported the dataset is absent, a note; the node holding the
    pool checks it.
options:
  checks:
    description: The checks to run (see the description).
    type: list
    elements: str
    required: true
  host:
    description: The inventory name, for the messages.
    type: str
    required: true
  installed_version:
    description: The version the model says the host runs.
    type: str
    required: true
  target_version:
    description: The version of the upgrade.
    type: str
    required: true
  expected_versions:
    description: The versions the host may report (the installed one; an in-place host also the target, when a run resumes).
    type: list
    elements: str
    required: true
  minimum_version:
    description: The oldest version that upgrades directly.
    type: str
    default: "7.0"
  os:
    description: The model's operating system, C(<distribution>-<release>) (C(oracle-linux-8), C(solaris-11.4)).
    type: str
  os_family:
    description: C(linux) or C(solaris).
    type: str
  arch:
    description: C(sparc) or C(x86_64).
    type: str
  release_file:
    description: The file naming the distribution and release (C(/etc/os-release), C(/etc/release)).
    type: path
  bin_dir:
    description: The directory of C(imsimta).
    type: path
  package_tool:
    description: How packages are queried.
    type: str
    choices: [rpm, svr4, ips]
  packages:
    description: The package names (one for IPS).
    type: list
    elements: str
    default: []
  media:
    description:
      - Media locations, each a dict with the keys C(role), C(location),
        C(packages), C(model) and C(required).
      - C(role) is C(target) or C(back-out); C(location) a directory,
        C(file:///dir), or an C(http://) or C(https://) IPS origin; C(packages) true to look
        for each of O(packages) (or of the medium's own C(names)) in it as well; C(model) where the model names it,
        for the messages.
      - A medium without C(location) is a problem when C(required) (the
        default), a warning otherwise.
    type: list
    elements: dict
    default: []
  data_root:
    description: The Messaging Server data root; the store is C(<data_root>/store).
    type: path
  backup_dir:
    description: Where the full backup is written.
    type: path
  backup_required_bytes:
    description: Room the backup needs; 0 estimates it as the used space of the store's filesystem times O(backup_space_factor).
    type: int
    default: 0
  backup_space_factor:
    description: See O(backup_required_bytes).
    type: float
    default: 1.0
  config_layout:
    description: The layout the model says the host has today (check C(config_layout)).
    type: str
    choices: [legacy, unified]
  config_root:
    description: The host's ConfigRoot (check C(config_layout)).
    type: path
  zfs_dataset:
    description: The store's ZFS dataset (check C(zfs)).
    type: str
  zfs_store_paths:
    description: More paths of the store (message partitions outside C(<data_root>/store)) the dataset must hold.
    type: list
    elements: path
    default: []
  zfs_shared:
    description: The host is an HA node, the pool is imported on one node at a time.
    type: bool
    default: false
  timeout:
    description: Seconds to wait for an IPS origin.
    type: int
    default: 30
  validate_certs:
    description: Verify the TLS certificate of an C(https://) IPS origin (fetch_url's option).
    type: bool
    default: true
attributes:
  check_mode:
    support: full
author: msupgrade
"""

EXAMPLES = r"""
- name: Check the host
  msupgrade_preflight:
    checks: [upgrade_path, os, version, package]
    host: "{{ inventory_hostname }}"
    installed_version: "8.0.2.3.0"
    target_version: "8.1.0"
    expected_versions: ["8.0.2.3.0", "8.1.0"]
    os: oracle-linux-8
    os_family: linux
    arch: x86_64
    release_file: /etc/os-release
    bin_dir: /opt/sun/comms/messaging64/bin
    package_tool: rpm
    packages: [sun-messaging-server]
  register: preflight
"""

RETURN = r"""
config_layout:
  description: The configuration layout found (C(legacy), C(unified), or null when there is none) (check C(config_layout)).
  returned: when the check ran
  type: str
problems:
  description: One sentence per problem found, saying what to fix. Empty when every check passed.
  returned: always
  type: list
  elements: str
notes:
  description: What the checks found, one sentence each (the running version, the free space, ...).
  returned: always
  type: list
  elements: str
version:
  description: The version C(imsimta version) reported (check C(version)).
  returned: when the check ran and imsimta answered
  type: str
system:
  description: C(system), C(machine), C(arch), C(distribution), C(release) as read (check C(os)).
  returned: when the check ran
  type: dict
packages:
  description: Package name -> the version installed, or null when not installed (check C(package)).
  returned: when the check ran
  type: dict
zfs:
  description: C(dataset), C(mountpoint) and C(holders), the dataset holding each path checked (check C(zfs)).
  returned: when the check ran and the dataset is here
  type: dict
space:
  description: C(backup_available), C(required), C(store_mount) in bytes (check C(space)); C(store_present) false on a node without the store.
  returned: when the check ran
  type: dict
"""

import fnmatch
import os
import re

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.urls import fetch_url

# ID= of os-release -> the model's distribution name
DISTRIBUTIONS = {"ol": "oracle-linux", "rhel": "rhel", "centos": "centos", "rocky": "rocky",
                 "almalinux": "almalinux", "ubuntu": "ubuntu", "debian": "debian", "sles": "sles"}
IMSIMTA_VERSION = re.compile(r"Messaging Server\s+([0-9][^\s]*)")


def version_key(text):
    """'8.0.2.3.0' -> (8, 0, 2, 3, 0): numbers compared as numbers, like Ansible's version test."""
    return tuple(int(part) for part in re.findall(r"[0-9]+", str(text)))


def same_release(a, b):
    """'8.0.2' is '8.0.2.3.0' and the other way round: one names a release the other spells out."""
    a, b = str(a) + ".", str(b) + "."
    return a.startswith(b) or b.startswith(a)


def human(size):
    """Like Ansible's human_readable filter: 1.50 GB."""
    for unit in ("B", "KB", "MB", "GB", "TB", "PB", "EB"):
        if abs(size) < 1024 or unit == "EB":
            return ("%d %s" % (size, unit)) if unit == "B" else ("%.2f %s" % (size, unit))
        size /= 1024.0


class Preflight(object):
    """The checks of one host; each appends to problems and notes and returns what it read."""

    def __init__(self, module):
        self.module = module
        self.p = module.params
        self.host = self.p["host"]
        self.problems = []
        self.notes = []
        self.result = {}

    def run(self, argv):
        rc, out, err = self.module.run_command(argv)
        return rc, out or "", err or ""

    def check_upgrade_path(self):
        installed = self.p["installed_version"]
        if version_key(installed) < version_key(self.p["minimum_version"]):
            self.problems.append(
                "%s runs Messaging Server %s: there is no direct upgrade to %s below %s "
                "(chapter \"Upgrade Requirements for Messaging Server\"). Upgrade it to %s first."
                % (self.host, installed, self.p["target_version"], self.p["minimum_version"],
                   self.p["minimum_version"]))

    def check_os(self):
        rc, out, err = self.run(["uname", "-s", "-m"])
        words = out.split() + ["", ""]
        system, machine = words[0], words[1]
        if re.match(r"(sun4|sparc)", machine):
            arch = "sparc"
        elif machine in ("x86_64", "amd64", "i86pc", "i386"):
            arch = "x86_64"
        else:
            arch = machine
        text = ""
        try:
            with open(self.p["release_file"], "rb") as handle:
                text = handle.read().decode("utf-8", "replace")
        except (IOError, OSError) as error:
            self.problems.append("%s: cannot read the release file %s: %s"
                                 % (self.host, self.p["release_file"], error))
        if system == "SunOS":
            distribution = "solaris"
            found = re.search(r"Solaris\s+([0-9]+(\.[0-9]+)?)", text)
        else:
            found_id = re.search(r'(?m)^ID="?([^"\n]*)"?', text)
            os_id = found_id.group(1) if found_id else ""
            distribution = DISTRIBUTIONS.get(os_id, os_id)
            found = re.search(r'(?m)^VERSION_ID="?([0-9]+)', text)
        release = found.group(1) if found else ""
        self.result["system"] = dict(system=system, machine=machine, arch=arch,
                                     distribution=distribution, release=release)
        model_system = "Linux" if self.p["os_family"] == "linux" else "SunOS"
        model_distribution = re.sub(r"-[0-9.]+$", "", self.p["os"])
        model_release = re.sub(r"^.*-", "", self.p["os"])
        if rc != 0 or (system, distribution, release, arch) != (
                model_system, model_distribution, model_release, self.p["arch"]):
            self.problems.append(
                "%s runs %s %s on %s (%s); the model says %s on %s. Fix the model (hosts[].os / "
                "hosts[].arch) and regenerate; moving between SPARC and x86 needs coexistence."
                % (self.host, distribution or system or "(uname failed: %s)" % err.strip(), release,
                   machine, arch, self.p["os"], self.p["arch"]))

    def check_version(self):
        imsimta = os.path.join(self.p["bin_dir"], "imsimta")
        rc, out, err = self.run([imsimta, "version"])
        found = IMSIMTA_VERSION.search(out)
        if rc != 0 or not found:
            self.problems.append("%s: %s version failed (rc %d): %s. Is Messaging Server installed "
                                 "in %s?" % (self.host, imsimta, rc, (err or out).strip()[:300],
                                             self.p["bin_dir"]))
            return
        reported = found.group(1)
        self.result["version"] = reported
        if reported not in self.p["expected_versions"]:
            self.problems.append(
                "%s: %s version reports \"%s\", the model says %s. Fix hosts[].version in the "
                "model and regenerate." % (self.host, imsimta, reported, self.p["installed_version"]))
        elif reported == self.p["target_version"]:
            self.notes.append("%s runs %s (already the target: the upgrade resumes or skips it)"
                              % (self.host, reported))
        else:
            self.notes.append("%s runs %s" % (self.host, reported))

    def package_version(self, name):
        """The installed version of one package, or None when it is not installed."""
        tool = self.p["package_tool"]
        if tool == "rpm":
            rc, out, _ = self.run(["rpm", "-q", "--qf", "%{VERSION}", name])
            return out.strip() if rc == 0 else None
        if tool == "svr4":
            rc, out, _ = self.run(["pkginfo", "-l", name])
            found = re.search(r"VERSION:\s*([^\s,]+)", out)
            return found.group(1) if rc == 0 and found else None
        # pkg list -H: NAME [(PUBLISHER)] VERSION-BRANCH IFO
        rc, out, _ = self.run(["pkg", "list", "-H", name])
        found = re.match(r"^\S+\s+(?:\(\S+\)\s+)?([0-9][^\s-]*)", out.strip())
        return found.group(1) if rc == 0 and found else None

    def check_package(self):
        versions = {}
        for name in self.p["packages"]:
            installed = self.package_version(name)
            versions[name] = installed
            if installed is None or not any(same_release(v, installed) for v in self.p["expected_versions"]):
                self.problems.append(
                    "%s: package %s is %s; the model says Messaging Server %s (%s). Fix hosts[].version, "
                    "or the package names (msupgrade_packages_linux, msupgrade_packages_solaris, "
                    "msupgrade_package_ips)." % (self.host, name, "not installed" if installed is None
                                                 else "at version " + installed, self.p["installed_version"],
                                                 self.p["package_tool"]))
        self.result["packages"] = versions

    def check_media(self):
        for medium in self.p["media"]:
            role = medium.get("role", "target")
            location = str(medium.get("location") or "")
            if not location:
                where = medium.get("model") or "the %s media" % role
                if medium.get("required", True):
                    self.problems.append("%s needs %s in the model (its %s media)." % (self.host, where, role))
                else:
                    self.module.warn("%s: no %s in the model; the back-out playbook refuses to run for this "
                                     "host." % (self.host, where))
                continue
            if re.match(r"https?://", location):
                self.ips_origin(role, location)
                continue
            directory = re.sub(r"^file://", "", location)
            if not (os.path.isdir(directory) and os.access(directory, os.R_OK | os.X_OK)):
                self.problems.append("%s: %s media %s is missing or not a readable directory."
                                     % (self.host, role, location))
                continue
            if medium.get("packages"):
                self.media_packages(location, directory, medium.get("names") or self.p["packages"])

    def ips_origin(self, role, origin):
        # The catalogue's version list, what `pkg` itself asks an origin first.
        url = origin.rstrip("/") + "/versions/0/"
        response, info = fetch_url(self.module, url, method="GET", timeout=self.p["timeout"])
        if info.get("status") != 200:
            self.problems.append("%s: the %s IPS origin %s does not answer (%s: %s)."
                                 % (self.host, role, origin, info.get("status"), info.get("msg")))
        if response is not None:
            response.close()

    def media_packages(self, location, directory, packages):
        tool = self.p["package_tool"]
        names = os.listdir(directory)
        for package in packages:
            if tool == "rpm":
                # one <name>-<version>.rpm: another package's name may start with this one's
                found = sorted(n for n in names if fnmatch.fnmatch(n, package + "-[0-9]*.rpm"))
                if len(found) != 1:
                    self.problems.append("%s: %s must hold exactly one %s-<version>.rpm (found %s)."
                                         % (self.host, location, package, found))
            elif tool == "svr4" and not os.path.exists(os.path.join(directory, package)):
                self.problems.append("%s: %s/%s is missing (pkgadd -d %s %s)."
                                     % (self.host, location, package, location, package))

    def check_space(self):
        store = os.path.join(self.p["data_root"], "store")
        if not os.path.exists(store):
            self.result["space"] = dict(store_present=False)
            self.notes.append("%s: %s is not here (passive cluster node?); its backup runs on the node "
                              "that holds the store." % (self.host, store))
            return
        backup_dir = self.p["backup_dir"]
        try:
            available = free_bytes(existing_parent(backup_dir))
            store_mount = mount_point(store)
            used = used_bytes(store_mount)
        except (IOError, OSError) as error:
            self.problems.append("%s: cannot measure the filesystems of %s and %s: %s"
                                 % (self.host, backup_dir, store, error))
            return
        required = self.p["backup_required_bytes"]
        if required <= 0:
            required = int(used * self.p["backup_space_factor"])
        self.result["space"] = dict(store_present=True, backup_available=available, required=required,
                                    store_mount=store_mount)
        if self.p["backup_required_bytes"] <= 0 and store_mount == "/":
            # The estimate is the used space of the store's own filesystem; on the root
            # filesystem that is everything else as well, so there is no estimate.
            self.module.warn("%s: %s is on the root filesystem, so the size of its full backup is not "
                             "estimated (%s free in %s). Set preflight_backup_required_bytes to check it."
                             % (self.host, store, human(available), backup_dir))
        elif available < required:
            self.problems.append(
                "%s: %s has %s free, the full imsbackup needs about %s. Free space, point backup.dir "
                "elsewhere, or set preflight_backup_required_bytes."
                % (self.host, backup_dir, human(available), human(required)))
        else:
            self.notes.append("%s: %s free for about %s" % (backup_dir, human(available), human(required)))


    def check_zfs(self):
        dataset = self.p["zfs_dataset"]
        rc, out, err = self.run(["zfs", "list", "-H", "-o", "name,mountpoint"])
        mounts = {}
        names = set()
        for line in out.splitlines():
            fields = line.split("\t")
            names.add(fields[0])
            if len(fields) == 2 and fields[1].startswith("/"):
                mounts[fields[0]] = os.path.normpath(fields[1])
        if rc != 0 or dataset not in names:
            if self.p["zfs_shared"]:
                self.notes.append("%s: ZFS dataset %s is not imported here (passive cluster node?); the node "
                                  "holding its pool checks it." % (self.host, dataset))
            else:
                self.problems.append("%s: zfs list does not show the store dataset %s (rc %d: %s). Fix "
                                     "hosts[].zfs.store_dataset in the model and regenerate."
                                     % (self.host, dataset, rc, (err or out).strip()[:300]))
            return
        if dataset not in mounts:
            self.problems.append("%s: ZFS dataset %s is not mounted at a path (zfs list mountpoint), so what "
                                 "its rollback reverts cannot be checked; mount it where the store is."
                                 % (self.host, dataset))
            return
        data_root = self.p["data_root"]
        store_paths = [os.path.join(data_root, "store")] + list(self.p["zfs_store_paths"])
        holders = {}
        for path in store_paths:
            holder = holding_dataset(mounts, path)
            holders[path] = holder
            if holder != dataset:
                self.problems.append(
                    "%s: %s (the store: mboxlist database, index, message partitions) is on %s, not on the store "
                    "dataset %s mounted at %s: its snapshot would not cover the store (chapter \"To Downgrade "
                    "Using a ZFS Snapshot\"). Fix hosts[].zfs.store_dataset, or move the store onto the dataset."
                    % (self.host, path, holder or "no ZFS dataset", dataset, mounts[dataset]))
        queue = os.path.join(data_root, "queue")
        outside = [(queue, "the MTA queue", "\"you should not rollback the MTA queues\": move the queue off the "
                                            "dataset, or give the store a dataset of its own"),
                   (self.p["backup_dir"], "msupgrade_backup_dir, where the back-out's incremental imsbackup lands "
                                          "before the rollback", "the rollback would erase that backup before "
                                          "imsrestore -E reads it: point backup.dir outside the dataset")]
        for path, what, fix in outside:
            holder = holding_dataset(mounts, path)
            holders[path] = holder
            if holder == dataset:
                self.problems.append("%s: %s (%s) is on the store dataset %s mounted at %s, which the back-out "
                                     "rolls back; %s (chapter \"To Downgrade Using a ZFS Snapshot\")."
                                     % (self.host, path, what, dataset, mounts[dataset], fix))
        self.result["zfs"] = dict(dataset=dataset, mountpoint=mounts[dataset], holders=holders)
        if all(holders[p] == dataset for p in store_paths) and all(holders[p] != dataset for p, _w, _f in outside):
            self.notes.append("%s: ZFS dataset %s (%s) holds the store, not the MTA queue nor the backup folder"
                              % (self.host, dataset, mounts[dataset]))


def resolved(path):
    """The real path of PATH, which may not exist yet: its nearest existing parent, resolved."""
    parent = existing_parent(path)
    real = os.path.realpath(parent)
    if parent == path:
        return real
    return os.path.normpath(os.path.join(real, os.path.relpath(path, parent)))


def holding_dataset(mounts, path):
    """The dataset whose mountpoint is the longest one above PATH (a child dataset mounted below
    its parent holds what is under it), or None."""
    target = resolved(path)
    best, best_len = None, -1
    for name, mount in mounts.items():
        m = os.path.realpath(mount)
        if (target == m or target.startswith(m.rstrip("/") + "/")) and len(m) > best_len:
            best, best_len = name, len(m)
    return best


def config_layout_of(config_root):
    """The layout of the configuration in CONFIG_ROOT: 'unified' (config.xml), 'legacy'
    (msg.conf), or None when neither is there (a passive cluster node without the shared disk)."""
    if os.path.exists(os.path.join(config_root, "config.xml")):
        return "unified"
    if os.path.exists(os.path.join(config_root, "msg.conf")):
        return "legacy"
    return None


def check_config_layout(preflight):
    """Check config_layout: the host's configuration is the layout the model says."""
    p = preflight.p
    found = config_layout_of(p["config_root"])
    preflight.result["config_layout"] = found
    if found is None:
        preflight.notes.append("%s: no configuration in %s (passive cluster node?); its layout is checked on "
                               "the node that holds it." % (preflight.host, p["config_root"]))
    elif found != p["config_layout"]:
        preflight.problems.append(
            "%s: the model says config_layout: %s, but %s holds a %s configuration (%s). Fix config_layout "
            "in the model: the plan converts the legacy hosts with configtoxml after the upgrade."
            % (preflight.host, p["config_layout"], p["config_root"], found,
               "config.xml" if found == "unified" else "msg.conf"))


def existing_parent(path):
    """The backup folder may not exist yet: its filesystem is the nearest existing parent's."""
    while not os.path.exists(path) and os.path.dirname(path) != path:
        path = os.path.dirname(path)
    return path


def mount_point(path):
    path = os.path.realpath(path)
    while not os.path.ismount(path):
        path = os.path.dirname(path)
    return path


def free_bytes(path):
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


def used_bytes(path):
    st = os.statvfs(path)
    return (st.f_blocks - st.f_bavail) * st.f_frsize


CHECKS = ("upgrade_path", "os", "version", "package", "media", "space", "zfs", "config_layout")
NEEDS = {"os": ["os", "os_family", "arch", "release_file"], "version": ["bin_dir"],
         "package": ["package_tool"], "media": ["package_tool"], "space": ["data_root", "backup_dir"],
         "zfs": ["zfs_dataset", "data_root", "backup_dir"], "config_layout": ["config_layout", "config_root"]}
# checks written as functions of their own, outside the Preflight class
PROBES = {"config_layout": check_config_layout}


def main():
    module = AnsibleModule(
        argument_spec=dict(
            checks=dict(type="list", elements="str", required=True),
            host=dict(type="str", required=True),
            installed_version=dict(type="str", required=True),
            target_version=dict(type="str", required=True),
            expected_versions=dict(type="list", elements="str", required=True),
            minimum_version=dict(type="str", default="7.0"),
            os=dict(type="str"),
            os_family=dict(type="str"),
            arch=dict(type="str"),
            release_file=dict(type="path"),
            bin_dir=dict(type="path"),
            package_tool=dict(type="str", choices=["rpm", "svr4", "ips"]),
            packages=dict(type="list", elements="str", default=[]),
            media=dict(type="list", elements="dict", default=[]),
            data_root=dict(type="path"),
            backup_dir=dict(type="path"),
            backup_required_bytes=dict(type="int", default=0),
            backup_space_factor=dict(type="float", default=1.0),
            config_layout=dict(type="str", choices=["legacy", "unified"]),
            config_root=dict(type="path"),
            zfs_dataset=dict(type="str"),
            zfs_store_paths=dict(type="list", elements="path", default=[]),
            zfs_shared=dict(type="bool", default=False),
            timeout=dict(type="int", default=30),
            # fetch_url's own options, for an IPS origin over https
            validate_certs=dict(type="bool", default=True),
        ),
        supports_check_mode=True,
    )
    checks = module.params["checks"]
    unknown = [c for c in checks if c not in CHECKS]
    if unknown:
        module.fail_json(msg="msupgrade_preflight: unknown checks %s (known: %s)" % (unknown, ", ".join(CHECKS)))
    missing = sorted(set(o for c in checks for o in NEEDS.get(c, []) if module.params[o] is None))
    if missing:
        module.fail_json(msg="msupgrade_preflight: the checks %s need %s" % (checks, ", ".join(missing)))
    preflight = Preflight(module)
    for check in CHECKS:
        if check in checks:
            probe = PROBES.get(check)
            if probe:
                probe(preflight)
            else:
                getattr(preflight, "check_" + check)()
    module.exit_json(changed=False, problems=preflight.problems, notes=preflight.notes, **preflight.result)


if __name__ == "__main__":
    main()
