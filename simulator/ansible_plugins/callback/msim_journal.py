# msim_journal: rehearsal callback for `msupgrade rehearse` (enable with
#   ANSIBLE_CALLBACK_PLUGINS=<repo>/simulator/ansible_plugins/callback
#   ANSIBLE_CALLBACKS_ENABLED=msim_journal  MSUPGRADE_SIM_ROOT=<DIR>/rehearsal)
#
# * A command that is not on a simulated host's PATH never reaches the simulator, so this
#   plugin journals it: one line with rc 127 and "unknown": true (or "absent": true when it is a
#   Messaging Server command that is simply not installed at that moment).  `msim check`
#   fails on unknown commands whatever the play did with the error.
# * It sets the modelled-time barrier at every play start (each batch of a `serial` play starts
#   once the one before it finished everywhere) and, in a play of the linear strategy, at every
#   task start (a task starts on every host once the previous one finished everywhere), so the
#   journal's t_start/t_end add up to the rehearsal's modelled duration. In a play of the free or
#   host_pinned strategy the hosts of a batch do not wait for each other: no barrier per task.
# * It times every task on every host in real time (wall clock, epoch seconds) and appends one
#   line per host and task to MSUPGRADE_SIM_ROOT/tasks.jsonl: {"host", "play", "task", "start",
#   "end", "status", "strategy"} (status ok, changed, failed, skipped, unreachable; strategy the
#   play's: linear, free, host_pinned).  The time between a
#   task's start and its simulated command's real_start is Ansible's own per-task cost (forking,
#   templating, module transfer); the maintenance-window report reads both files.
from __future__ import annotations

import json
import os
import re
import shlex
import sys
import time

from ansible import constants as C
from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
    name: msim_journal
    type: aggregate
    short_description: journal commands the rehearsal simulator never saw
    description:
      - Records, in MSUPGRADE_SIM_ROOT/journal.jsonl, commands that failed with "not found"
        on a simulated host, and sets the simulator's modelled-time barrier per task.
    requirements:
      - MSUPGRADE_SIM_ROOT in the environment (or msupgrade_env.MSUPGRADE_SIM_ROOT on the host)
'''

SIM_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if SIM_DIR not in sys.path:
    sys.path.insert(0, SIM_DIR)
import msim  # noqa: E402

COMMAND_ACTIONS = {'command', 'shell', 'ansible.builtin.command', 'ansible.builtin.shell',
                   'ansible.legacy.command', 'ansible.legacy.shell', 'raw', 'ansible.builtin.raw'}


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'msim_journal'
    CALLBACK_NEEDS_ENABLED = True

    def _root(self, host=None):
        root = os.environ.get('MSUPGRADE_SIM_ROOT')
        if not root and host is not None:
            env = (host.vars or {}).get('msupgrade_env') or {}
            root = env.get('MSUPGRADE_SIM_ROOT') if isinstance(env, dict) else None
        if root and os.path.exists(os.path.join(root, 'sim.json')):
            return root
        return None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._started = {}
        self._play = ''
        self._strategy = 'linear'
        self._barrier = msim.Barrier()

    def v2_playbook_on_play_start(self, play):
        # called once per batch of a serial play
        self._play = play.get_name()
        self._strategy = str(getattr(play, 'strategy', None) or C.DEFAULT_STRATEGY or 'linear')
        self._set_barrier()

    def v2_runner_on_start(self, host, task):
        self._started[(host.get_name(), task._uuid)] = time.time()

    def _timed(self, result, status):
        host = result._host
        start = self._started.pop((host.get_name(), result._task._uuid), None)
        root = self._root(host)
        if start is None or not root:
            return
        try:
            line = json.dumps({"host": host.get_name(), "play": self._play, "task": result._task.get_name(),
                               "start": round(start, 6), "end": round(time.time(), 6), "status": status,
                               "strategy": self._strategy},
                              separators=(',', ':')) + '\n'
            fd = os.open(os.path.join(root, 'tasks.jsonl'), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, line.encode())
            finally:
                os.close(fd)
        except Exception as e:  # never break the play
            self._display.warning('msim_journal: %s' % e)

    def v2_runner_on_skipped(self, result):
        self._timed(result, 'skipped')

    def v2_runner_on_unreachable(self, result):
        self._timed(result, 'unreachable')

    def v2_playbook_on_task_start(self, task, is_conditional):
        if self._strategy == 'linear':
            self._set_barrier()

    def _set_barrier(self):
        root = self._root()
        if not root:
            return
        try:
            self._barrier.set(root)
        except Exception as e:  # never break the play
            self._display.warning('msim_journal: %s' % e)

    def _check(self, result):
        task = result._task
        if task.action not in COMMAND_ACTIONS:
            return
        res = result._result
        host = result._host
        root = self._root(host)
        if not root or not os.path.isdir(os.path.join(root, 'hosts', host.get_name())):
            return
        cmd = res.get('cmd')
        rc = res.get('rc')
        msg = str(res.get('msg') or '')
        stderr = str(res.get('stderr') or '')
        argv = None
        rec = {}
        if cmd and 'No such file or directory' in msg and rc in (2, 127):
            if isinstance(cmd, str):
                try:
                    cmd = shlex.split(cmd)
                except ValueError:
                    cmd = cmd.split()
            m = re.search(r"No such file or directory: b?'([^']*)'", msg)
            first = m.group(1) if m else str(cmd[0])
            argv = [os.path.basename(first)] + [str(x) for x in cmd[1:]]
            rec['path'] = first
        elif rc == 127:
            m = re.search(r'(?:^|\n)(?:/bin/)?(?:ba|da)?sh: (?:\d+: |line \d+: )?([^:\s]+): (?:command )?not found', stderr)
            if m:
                argv = [os.path.basename(m.group(1))]
                rec['shell'] = cmd if isinstance(cmd, str) else ' '.join(map(str, cmd or []))
        if argv is None:
            return
        known = argv[0] in msim.KNOWN_COMMANDS
        if argv[0] in msim.MS_COMMANDS and '/' not in rec.get('path', ''):
            # Messaging Server commands are run from the install root, never found on PATH
            known = False
            rec['note'] = 'Messaging Server commands must be run as {{ msupgrade_install_root }}/<bin_subdir>/<command>'
        rec.update({"host": host.get_name(), "argv": argv, "rc": 127, "time": msim.now_iso(),
                    "via": "callback", "task": task.get_name()})
        if known:
            rec['absent'] = True
        else:
            rec['unknown'] = True
            self._display.error('msim: %s ran a command the simulator does not know: %s'
                                % (host.get_name(), ' '.join(argv)))
        msim.journal(root, rec)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._check(result)
        self._timed(result, 'failed')

    def v2_runner_on_ok(self, result):
        self._check(result)
        self._timed(result, 'changed' if result._result.get('changed') else 'ok')

    def v2_runner_item_on_failed(self, result):
        self._check(result)

    def v2_runner_item_on_ok(self, result):
        self._check(result)
