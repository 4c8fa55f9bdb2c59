#!/usr/bin/python
# -*- coding: utf-8 -*-
# msupgrade: the directory caches of the online mailbox move, on one host, in one module call.
#
# Step 3 of "To Migrate User Mailboxes from One Messaging Server to Another While Online"
# (Sun Java System Messaging Server 6.3 Administration Guide): before the move the stores'
# authentication cache, the MMPs' LDAP and authentication caches and the MTAs' alias entry
# cache go to 0, so the hold and the new mailHost are seen at once; afterwards they go back.
# Why a module: reading, remembering, setting and refreshing is a dozen commands per host, and
# the original values must survive a crash (a rerun restores them, never 0).
#
# Runs on the managed hosts' Python: 2.7 or 3.5+, standard library only.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: msupgrade_directory_caches
short_description: Lower the directory caches of an online mailbox move to 0, or restore them
description:
  - Step 3 of the Administration Guide's online move ("To Migrate User Mailboxes from One
    Messaging Server to Another While Online"), on one host.
  - C(store) is the authentication cache of a store holding mailboxes to be moved
    (C(configutil -o service.authcachettl), legacy configuration; C(msconfig) option
    C(base.authcachettl), Unified Configuration).
  - C(mmp) is the LDAP and authentication cache of an MMP (C(default:LdapCacheTTL) and
    C(default:AuthCacheTTL) in C(ImapProxyAService.cfg) and C(PopProxyAService.cfg); C(msconfig)
    options C(imapproxy.ldapcachettl), C(imapproxy.authcachettl), C(popproxy.ldapcachettl),
    C(popproxy.authcachettl)); the MMP is restarted (C(stop-msg mmp), C(start-msg mmp)) to read them.
  - C(mta) is the MTA's alias entry cache (C(ALIAS_ENTRY_CACHE_TIMEOUT) in C(option.dat);
    C(msconfig) option C(mta.alias_entry_cache_timeout)); the configuration is compiled and the
    MTA restarted (C(imsimta cnbuild), C(imsimta restart)).
  - The layout is the one found in O(config_root) (C(config.xml) Unified, C(msg.conf) legacy).
  - C(lowered) remembers the values found in O(memory) before it changes anything, unless O(memory)
    already holds them (a run that failed in between left 0 there, and the originals are kept).
    C(restored) sets the remembered values back and removes O(memory); without O(memory) it changes
    nothing. An option that was unset is restored by removing its line (files) or by setting its
    documented default (C(configutil), C(msconfig)).
options:
  state:
    description: C(lowered) (to 0, values remembered) or C(restored) (remembered values back).
    type: str
    required: true
    choices: [lowered, restored]
  caches:
    description: The caches of this host to lower; C(restored) restores what O(memory) holds.
    type: list
    elements: str
    default: []
  config_root:
    description: The host's ConfigRoot (C(msupgrade_config_root)).
    type: path
    required: true
  bin_dir:
    description: Where the host's Messaging Server commands are.
    type: path
    required: true
  memory:
    description: The file remembering the original values (JSON).
    type: path
    required: true
attributes:
  check_mode:
    support: full
author: msupgrade
"""

EXAMPLES = r"""
- name: Lower the alias entry cache of an MTA to 0
  msupgrade_directory_caches:
    state: lowered
    caches: [mta]
    config_root: /var/opt/sun/comms/messaging64/config
    bin_dir: /opt/sun/comms/messaging64/bin
    memory: /var/opt/sun/comms/messaging64/config/msupgrade-migrate-caches.json

- name: Restore the remembered values
  msupgrade_directory_caches:
    state: restored
    config_root: /var/opt/sun/comms/messaging64/config
    bin_dir: /opt/sun/comms/messaging64/bin
    memory: /var/opt/sun/comms/messaging64/config/msupgrade-migrate-caches.json
"""

RETURN = r"""
layout:
  description: The configuration layout found (C(legacy) or C(unified)).
  returned: always
  type: str
original:
  description: The remembered values (option -> value, null when it was unset).
  returned: always
  type: dict
set:
  description: The options this call changed (option -> new value).
  returned: always
  type: dict
commands:
  description: The refresh commands run.
  returned: always
  type: list
"""

import json
import os
import re
import tempfile

from ansible.module_utils.basic import AnsibleModule

KINDS = ("store", "mmp", "mta")
# Documented defaults: service.authcachettl and the MMP's caches 900 (MMP Reference, Ldapcachettl
# Option), alias_entry_cache_timeout 600 (alias_entry_cache_* MTA options).
DEFAULTS = {"store": "900", "mmp": "900", "mta": "600"}
MMP_FILES = (("ImapProxyAService.cfg", "imapproxy"), ("PopProxyAService.cfg", "popproxy"))
MMP_OPTIONS = (("LdapCacheTTL", "ldapcachettl"), ("AuthCacheTTL", "authcachettl"))


def layout_of(config_root):
    if os.path.exists(os.path.join(config_root, "config.xml")):
        return "unified"
    if os.path.exists(os.path.join(config_root, "msg.conf")):
        return "legacy"
    return None


def options_of(kind, layout):
    """[(key, how)]: how is ('configutil', name), ('msconfig', name) or ('file', file, name)."""
    if kind == "store":
        return [("msconfig:base.authcachettl", ("msconfig", "base.authcachettl"))] if layout == "unified" \
            else [("configutil:service.authcachettl", ("configutil", "service.authcachettl"))]
    if kind == "mmp":
        out = []
        for fname, group in MMP_FILES:
            for legacy, unified in MMP_OPTIONS:
                if layout == "unified":
                    name = "%s.%s" % (group, unified)
                    out.append(("msconfig:" + name, ("msconfig", name)))
                else:
                    out.append(("%s:%s" % (fname, legacy), ("file", fname, legacy)))
        return out
    if layout == "unified":
        return [("msconfig:mta.alias_entry_cache_timeout", ("msconfig", "mta.alias_entry_cache_timeout"))]
    return [("option.dat:ALIAS_ENTRY_CACHE_TIMEOUT", ("file", "option.dat", "ALIAS_ENTRY_CACHE_TIMEOUT"))]


def file_pattern(fname, name):
    if fname == "option.dat":
        return re.compile(r"^\s*%s\s*=\s*(\S*)" % re.escape(name), re.I)
    return re.compile(r"^\s*default:%s\s+(\S+)" % re.escape(name), re.I)


def file_line(fname, name, value):
    return "%s=%s" % (name, value) if fname == "option.dat" else "default:%s %s" % (name, value)


class Host(object):
    def __init__(self, module):
        self.module = module
        p = module.params
        self.config_root = p["config_root"]
        self.bin_dir = p["bin_dir"]
        self.layout = layout_of(self.config_root)
        self.commands = []

    def run(self, argv):
        rc, out, err = self.module.run_command(argv)
        self.commands.append(" ".join(argv))
        if rc != 0:
            self.module.fail_json(msg="%s failed (rc %s): %s" % (" ".join(argv), rc, (err or out).strip()),
                                  commands=self.commands)
        return out

    def cmd(self, name):
        return os.path.join(self.bin_dir, name)

    def read(self, how):
        if how[0] == "configutil":
            out = self.run([self.cmd("configutil"), "-o", how[1]]).strip()
            return out or None
        if how[0] == "msconfig":
            out = self.run([self.cmd("msconfig"), "show", how[1]]).strip()
            if not out:
                return None
            last = out.splitlines()[-1]
            return last.split("=", 1)[1].strip() if "=" in last else last.strip()
        value = None
        pattern = file_pattern(how[1], how[2])
        for line in self.lines(how[1]):
            m = pattern.match(line)
            if m:
                value = m.group(1)
        return value

    def lines(self, fname):
        try:
            with open(os.path.join(self.config_root, fname)) as handle:
                return handle.read().splitlines()
        except (IOError, OSError):
            return []

    def write(self, how, value, kind):
        if how[0] == "configutil":
            self.run([self.cmd("configutil"), "-o", how[1], "-v", value if value is not None else DEFAULTS[kind]])
            return
        if how[0] == "msconfig":
            self.run([self.cmd("msconfig"), "set", how[1], value if value is not None else DEFAULTS[kind]])
            return
        fname, name = how[1], how[2]
        pattern = file_pattern(fname, name)
        kept = [line for line in self.lines(fname) if not pattern.match(line)]
        if value is not None:
            kept.append(file_line(fname, name, value))
        write_atomic(os.path.join(self.config_root, fname), "".join(line + "\n" for line in kept))

    def refresh(self, kind):
        # The MTA runs its compiled configuration: option changes need imsimta cnbuild, and the
        # running processes imsimta restart. The MMP reads its configuration when it starts.
        # The guide names no refresh for the store's authentication cache.
        if kind == "mta":
            self.run([self.cmd("imsimta"), "cnbuild"])
            self.run([self.cmd("imsimta"), "restart"])
        elif kind == "mmp":
            self.run([self.cmd("stop-msg"), "mmp"])
            self.run([self.cmd("start-msg"), "mmp"])


def write_atomic(path, text):
    directory = os.path.dirname(path)
    if not os.path.isdir(directory):
        os.makedirs(directory, 0o750)
    handle, staged = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", dir=directory)
    try:
        os.write(handle, text.encode("utf-8"))
        os.fsync(handle)
    finally:
        os.close(handle)
    os.chmod(staged, 0o644)
    os.rename(staged, path)


def read_memory(path):
    try:
        with open(path) as handle:
            return json.load(handle)
    except (IOError, OSError):
        return None


def main():
    module = AnsibleModule(
        argument_spec=dict(
            state=dict(type="str", required=True, choices=["lowered", "restored"]),
            caches=dict(type="list", elements="str", default=[]),
            config_root=dict(type="path", required=True),
            bin_dir=dict(type="path", required=True),
            memory=dict(type="path", required=True),
        ),
        supports_check_mode=True,
    )
    p = module.params
    bad = [c for c in p["caches"] if c not in KINDS]
    if bad:
        module.fail_json(msg="unknown caches %s (store, mmp, mta)" % ", ".join(bad))
    host = Host(module)
    memory = read_memory(p["memory"])
    result = dict(changed=False, layout=host.layout, original={}, set={}, commands=host.commands)
    if p["state"] == "restored" and memory is None:
        module.exit_json(**result)
    if host.layout is None:
        module.fail_json(msg="no configuration in %s (neither config.xml nor msg.conf)" % p["config_root"])
    if memory is None:
        memory = {"layout": host.layout, "original": {}, "pending": []}
    # options remembered under another layout (converted since) are read under this one
    kinds = list(p["caches"]) if p["state"] == "lowered" else sorted(memory.get("kinds", {}))
    plan = []
    for kind in kinds:
        for key, how in options_of(kind, host.layout):
            current = host.read(how)
            if p["state"] == "lowered":
                memory.setdefault("original", {}).setdefault(key, current)
                want = "0"
            else:
                want = memory.get("original", {}).get(key, DEFAULTS[kind] if current == "0" else current)
            if current != want:
                plan.append((kind, key, how, want))
    if p["state"] == "lowered":
        memory.setdefault("kinds", {}).update(dict((k, True) for k in kinds))
    result["original"] = memory.get("original", {})
    pending = sorted(set(memory.get("pending", [])) | set(kind for kind, _k, _h, _w in plan))
    result["set"] = dict((key, want) for _kind, key, _how, want in plan)
    forget = p["state"] == "restored"
    result["changed"] = bool(plan or pending or forget or not os.path.exists(p["memory"]))
    if module.check_mode or not result["changed"]:
        module.exit_json(**result)
    # Remember first: a crash after this leaves the originals on the host for the next run.
    memory["pending"] = pending
    write_atomic(p["memory"], json.dumps(memory, indent=2, sort_keys=True) + "\n")
    for kind, _key, how, want in plan:
        host.write(how, want, kind)
    for kind in pending:
        host.refresh(kind)
    memory["pending"] = []
    if forget:
        os.remove(p["memory"])
    else:
        write_atomic(p["memory"], json.dumps(memory, indent=2, sort_keys=True) + "\n")
    module.exit_json(**result)


if __name__ == "__main__":
    main()
