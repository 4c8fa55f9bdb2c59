#!/usr/bin/python
# -*- coding: utf-8 -*-
# msupgrade: completion markers of one host, in one module call.
#
# Why a module: a marker used to take three tasks to record (file + copy +
# set_fact, and copy alone is two module runs) and 1 + N to read (find, then
# slurp per marker). Every module run costs a Python start and the import of
# module_utils on the managed host, and the markers are read at the start of
# every play and written after every step, so they were most of a run's time.
# One module run now reads, records or clears them and returns the markers as
# facts. The files stay what they were: one <step>.done per completed step,
# JSON, readable with `cat`, removable by hand.
#
# Runs on the managed hosts' Python: 2.7 or 3.5+ (Solaris 10 ships 2.7 with
# the support repository), standard library only.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: msupgrade_marker
short_description: Read, record or clear the completion markers of a host
description:
  - A completion marker is the file C(<path>/<step>.done), JSON, written when a
    step of the upgrade is done, so that a rerun resumes after it.
  - Every state returns all markers of the host as the fact
    C(msupgrade_markers) (step name -> recorded data) and the fact
    C(msupgrade_upgraded) (true once the C(packages-installed) marker exists).
options:
  path:
    description: The marker directory (C(msupgrade_state_dir)).
    type: path
    required: true
  state:
    description:
      - C(query) only reads.
      - C(present) records O(step) with O(data), creating O(path) if needed.
        A marker already recorded with the same data is left as it is (its
        C(recorded_at) kept), so a rerun reports no change.
      - C(absent) removes the markers named in O(steps).
    type: str
    choices: [query, present, absent]
    default: query
  step:
    description: The step to record (state C(present)).
    type: str
  steps:
    description: The steps to clear (state C(absent)).
    type: list
    elements: str
  host:
    description: The inventory name written into the record.
    type: str
  data:
    description: Extra keys of the record (state C(present)).
    type: dict
    default: {}
attributes:
  check_mode:
    support: full
author: msupgrade
"""

EXAMPLES = r"""
- name: Read the completion markers
  msupgrade_marker:
    path: "{{ msupgrade_state_dir }}"

- name: Record the completed step packages-removed
  msupgrade_marker:
    path: "{{ msupgrade_state_dir }}"
    state: present
    step: packages-removed
    host: "{{ inventory_hostname }}"
    data:
      packages: "{{ removed }}"
"""

RETURN = r"""
markers:
  description: Every marker of the host after the change, step name -> record.
  returned: always
  type: dict
ansible_facts:
  description: C(msupgrade_markers) (as O(markers)) and C(msupgrade_upgraded).
  returned: always
  type: dict
"""

import json
import os
import re
import tempfile
import time

from ansible.module_utils.basic import AnsibleModule

SUFFIX = ".done"
# A step name becomes a file name: no path separators, no leading dot.
STEP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
UPGRADED_STEP = "packages-installed"


def read_marker(path):
    """A marker's record: its JSON, or its text for the plain-text markers
    some roles write (e.g. "messaging-server 8.1.0")."""
    with open(path, "rb") as handle:
        text = handle.read().decode("utf-8")
    try:
        return json.loads(text)
    except ValueError:
        return text.strip()


def read_markers(directory):
    markers = {}
    if not os.path.isdir(directory):
        return markers
    for name in sorted(os.listdir(directory)):
        full = os.path.join(directory, name)
        if name.endswith(SUFFIX) and os.path.isfile(full):
            markers[name[:-len(SUFFIX)]] = read_marker(full)
    return markers


def same_record(old, new):
    """Equal apart from when it was recorded."""
    if not isinstance(old, dict):
        return False
    strip = lambda record: dict((k, v) for k, v in record.items() if k != "recorded_at")
    return strip(old) == strip(new)


def to_nice_json(record):
    # The layout Ansible's to_nice_json gives, which the markers always had.
    return json.dumps(record, indent=4, sort_keys=True, separators=(",", ": "),
                      ensure_ascii=False) + "\n"


def write_marker(module, directory, step, record):
    if not os.path.isdir(directory):
        os.makedirs(directory, 0o750)
    # Written beside the target and moved over it: a crash leaves the old
    # marker or the new one, never half a file that a rerun would misread.
    handle, staged = tempfile.mkstemp(prefix="." + step + ".", dir=directory)
    try:
        os.write(handle, to_nice_json(record).encode("utf-8"))
        os.fsync(handle)
    finally:
        os.close(handle)
    target = os.path.join(directory, step + SUFFIX)
    module.atomic_move(staged, target)
    # atomic_move gives the file the mode of the one it replaces, or the umask's.
    os.chmod(target, 0o640)


def check_step_name(module, step):
    if not step or not STEP_NAME.match(step):
        module.fail_json(msg="msupgrade_marker: '%s' is not a step name "
                             "(letters, digits, '.', '_', '-')" % step)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            path=dict(type="path", required=True),
            state=dict(type="str", default="query", choices=["query", "present", "absent"]),
            step=dict(type="str"),
            steps=dict(type="list", elements="str"),
            host=dict(type="str"),
            data=dict(type="dict", default={}),
        ),
        required_if=[("state", "present", ["step"]), ("state", "absent", ["steps"])],
        supports_check_mode=True,
    )
    directory = module.params["path"]
    state = module.params["state"]
    changed = False
    try:
        markers = read_markers(directory)
        if state == "present":
            step = module.params["step"]
            check_step_name(module, step)
            record = dict(module.params["data"])
            record.update({"step": step, "host": module.params["host"] or "",
                           "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
            if not same_record(markers.get(step), record):
                changed = True
                if not module.check_mode:
                    write_marker(module, directory, step, record)
                markers[step] = record
        elif state == "absent":
            for step in module.params["steps"]:
                check_step_name(module, step)
                target = os.path.join(directory, step + SUFFIX)
                if os.path.lexists(target):
                    changed = True
                    if not module.check_mode:
                        os.remove(target)
                markers.pop(step, None)
    except (IOError, OSError) as error:
        module.fail_json(msg="msupgrade_marker: %s: %s" % (directory, error))
    except UnicodeDecodeError as error:
        module.fail_json(msg="msupgrade_marker: a marker in %s is not UTF-8: %s" % (directory, error))
    module.exit_json(
        changed=changed,
        markers=markers,
        ansible_facts=dict(msupgrade_markers=markers,
                           msupgrade_upgraded=UPGRADED_STEP in markers),
    )


if __name__ == "__main__":
    main()
