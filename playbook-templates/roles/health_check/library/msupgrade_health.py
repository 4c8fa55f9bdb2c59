#!/usr/bin/python
# -*- coding: utf-8 -*-
# msupgrade: is a Messaging Server host healthy? One module run.
#
# Why a module: the health check runs before anything changes and again after
# every host's upgrade, conversion and back-out, on every host. As tasks it was
# four (read the version, judge it, list the MTA processes, wait for each port)
# and two module runs; every task costs Ansible a worker process, every module
# run a Python start on the host. One run asks all three questions, waiting
# for the MTA processes and the ports while the services come up.
#
# Runs on the managed hosts' Python: 2.7 or 3.5+ (Solaris 10 ships 2.7 with
# the support repository), standard library only.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: msupgrade_health
short_description: Check a Messaging Server host reports a version, runs its MTA processes and answers on its ports
description:
  - C(<imsimta> version) must report O(version); this is not retried.
  - C(<imsimta> process) must list every name of O(mta_processes); asked
    O(retries) more times, O(delay) seconds apart, while the services come up.
  - Every port of O(ports) must accept a TCP connection on O(address) within
    O(port_timeout) seconds.
  - Changes nothing; runs the same under C(--check).
options:
  imsimta:
    description: The C(imsimta) command of the host.
    type: path
    required: true
  version:
    description: The version C(imsimta version) must report (compared as versions, C(8.1.0) is not C(8.1.0.1)).
    type: str
    required: true
  host:
    description: The inventory name, for the messages.
    type: str
    required: true
  mta_processes:
    description: Process names C(imsimta process) must list; empty for no process check.
    type: list
    elements: str
    default: []
  retries:
    description: How many more times to ask C(imsimta process) before failing.
    type: int
    default: 6
  delay:
    description: Seconds between two questions to C(imsimta process).
    type: int
    default: 10
  ports:
    description: TCP ports that must accept connections; empty for no port check.
    type: list
    elements: int
    default: []
  address:
    description: Where the ports are asked.
    type: str
    default: 127.0.0.1
  port_timeout:
    description: Seconds each port has to answer.
    type: int
    default: 60
attributes:
  check_mode:
    support: full
author: msupgrade
"""

EXAMPLES = r"""
- name: Check the host runs 8.1.0 with its MTA up
  msupgrade_health:
    imsimta: /opt/sun/comms/messaging64/bin/imsimta
    version: "8.1.0"
    host: "{{ inventory_hostname }}"
    mta_processes: [job_controller, dispatcher]
    ports: [25]
"""

RETURN = r"""
version:
  description: The version C(imsimta version) reported.
  returned: always
  type: str
processes:
  description: The names of O(mta_processes) that C(imsimta process) listed at the last question.
  returned: always
  type: list
  elements: str
attempts:
  description: How many times C(imsimta process) was asked.
  returned: always
  type: int
"""

import re
import socket
import time

from ansible.module_utils.basic import AnsibleModule

IMSIMTA_VERSION = re.compile(r"Messaging Server\s+([0-9][^\s]*)")


def loose_version(text):
    """Like Ansible's version test (LooseVersion): numbers as numbers, letters as text."""
    return [int(part) if part.isdigit() else part for part in re.findall(r"\d+|[a-z]+", text.lower())]


def port_answers(address, port, timeout):
    deadline = time.time() + timeout
    while True:
        try:
            socket.create_connection((address, port), timeout=max(1, min(5, deadline - time.time()))).close()
            return True
        except (socket.error, socket.timeout):
            if time.time() >= deadline:
                return False
            time.sleep(1)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            imsimta=dict(type="path", required=True),
            version=dict(type="str", required=True),
            host=dict(type="str", required=True),
            mta_processes=dict(type="list", elements="str", default=[]),
            retries=dict(type="int", default=6),
            delay=dict(type="int", default=10),
            ports=dict(type="list", elements="int", default=[]),
            address=dict(type="str", default="127.0.0.1"),
            port_timeout=dict(type="int", default=60),
        ),
        supports_check_mode=True,
    )
    p = module.params
    host, imsimta = p["host"], p["imsimta"]

    rc, out, err = module.run_command([imsimta, "version"])
    found = IMSIMTA_VERSION.search(out or "")
    reported = found.group(1) if rc == 0 and found else ""
    if not reported:
        module.fail_json(msg="%s: %s version failed (rc %d): %s" % (host, imsimta, rc, (err or out).strip()[:300]),
                         version="", processes=[], attempts=0)
    if loose_version(reported) != loose_version(p["version"]):
        module.fail_json(msg="%s reports Messaging Server \"%s\", expected %s (%s version)."
                             % (host, reported, p["version"], imsimta), version=reported, processes=[], attempts=0)

    wanted, listed, attempts = p["mta_processes"], [], 0
    while wanted:
        attempts += 1
        rc, out, err = module.run_command([imsimta, "process"])
        listed = [name for name in wanted if rc == 0 and name in out]
        if len(listed) == len(wanted) or attempts > p["retries"]:
            break
        time.sleep(p["delay"])
    if len(listed) < len(wanted):
        module.fail_json(msg="%s: %s process does not list %s after %d tries, %d s apart: the MTA is not up."
                             % (host, imsimta, ", ".join(n for n in wanted if n not in listed), attempts, p["delay"]),
                         version=reported, processes=listed, attempts=attempts)

    closed = [port for port in p["ports"] if not port_answers(p["address"], port, p["port_timeout"])]
    if closed:
        module.fail_json(msg="%s: nothing accepts connections on %s port %s after %d s."
                             % (host, p["address"], ", ".join(str(port) for port in closed), p["port_timeout"]),
                         version=reported, processes=listed, attempts=attempts)

    module.exit_json(changed=False, version=reported, processes=listed, attempts=attempts,
                     msg="%s runs Messaging Server %s" % (host, reported))


if __name__ == "__main__":
    main()
