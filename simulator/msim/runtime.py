"""The runtime folder of a simulation, and the command wrappers of the simulated hosts.

What the simulator writes while it runs, beyond the sandboxes, goes into one folder outside the
simulator's own (which may be a source tree, or read-only): the C client built from
msim_client.c, the launcher of the hosts' Python (msim_python, see msim.python) and what that
Python keeps (its lock, its compiled-code cache, its sockets). `msim setup --runtime DIR` names
it (the rehearsal passes a folder of its output); sim.json remembers it, and a copy of the
simulation (clone) shares it. Without one, a folder of the user's own under /tmp serves, one
per simulator folder, so that the tests' many simulations share one client and one server.
"""

import contextlib
import os
import shlex
import shutil
import subprocess
import sys

from .base import SIM_DIR, SimError

# msim.python (LINKS, LAUNCHER, ...) is imported where it is used: the command line, which
# imports this module, never needs it, and it would cost every `python3 -m msim` 5 ms.
LAUNCHER = 'msim_python'  # as msim.python.LAUNCHER
CLIENT_SOURCE = os.path.join(SIM_DIR, 'msim_client.c')


def default_runtime():
    """/tmp/msim-<uid>/run-<FNV-1a of the simulator folder's real path>: in the folder of the
    sockets' short links (this user's own, closed to others: see msim.python)."""
    from . import python
    if not python.own_links_folder():
        raise SimError('msim: %s is not a folder of this user\'s own, closed to others; '
                       'name a runtime folder (--runtime)' % python.LINKS)
    return os.path.join(python.LINKS, 'run-%016x' % python.fnv1a64(os.fsencode(os.path.realpath(SIM_DIR))))


def client(runtime):
    return os.path.join(runtime, 'msim_client')


def launcher(runtime):
    return os.path.join(runtime, LAUNCHER)


def prepare(runtime):
    """Makes RUNTIME ready for the wrappers and the inventory: the launcher of the hosts' Python
    and (unless MSIM_NO_CLIENT) the C client."""
    os.makedirs(runtime, exist_ok=True)
    write_launcher(runtime)
    if not os.environ.get('MSIM_NO_CLIENT'):
        build_client(runtime)


def write_launcher(runtime, code=SIM_DIR):
    """RUNTIME/msim_python: the hosts' Python (msim.python, imported from CODE) with its runtime
    files in RUNTIME. A script, so that the inventory can name it as the hosts' interpreter and
    the C client can exec it; a few lines, so that compiling it on every start costs nothing."""
    text = ('#!%s -S\n# msim: the simulated hosts\' Python (msim/python.py), its runtime files in this folder\n'
            'import sys\nsys.path.insert(0, %r)\nfrom msim import python\npython.main(%r)\n'
            % (sys.executable, code, runtime))
    path = launcher(runtime)
    with contextlib.suppress(OSError), open(path) as f:
        if f.read() == text:
            return
    staged = '%s.%d.tmp' % (path, os.getpid())
    with open(staged, 'w') as f:
        f.write(text)
    os.chmod(staged, 0o755)
    os.replace(staged, path)  # several simulations may set up at once with one runtime folder


def build_client(runtime):
    """Compiles msim_client.c into RUNTIME (once: a binary newer than its source stays) with
    the C compiler on the PATH. False without a compiler or when the build fails: the rehearsal
    then runs the launcher itself, only slower (a Python start per module and command)."""
    target = client(runtime)
    try:
        if os.stat(target).st_mtime >= os.stat(CLIENT_SOURCE).st_mtime:
            return True
    except FileNotFoundError:
        pass
    cc = shutil.which('cc') or shutil.which('gcc')
    if not cc or not os.path.exists(CLIENT_SOURCE):
        return False
    staged = '%s.%d.tmp' % (target, os.getpid())
    built = subprocess.run([cc, '-O2', '-o', staged, '-DMSIM_PYTHON="%s"' % sys.executable, CLIENT_SOURCE],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    if built:
        os.replace(staged, target)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(staged)
    return built


def client_built(runtime):
    return os.access(client(runtime), os.X_OK) and not os.environ.get('MSIM_NO_CLIENT')


def interpreter(runtime):
    """The simulated hosts' Python, as the inventory names it (ansible_python_interpreter)."""
    return client(runtime) if client_built(runtime) else launcher(runtime)


def write_wrapper(path, root, host, name, runtime):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if client_built(runtime):
        # The command runs in the warm server through msim_client (see msim.python).
        with open(path, 'w') as f:
            f.write('#!/bin/sh\n# msim wrapper: %s on simulated host %s\nexec %s --call msim wrapper_main %s %s %s -- "$@"\n'
                    % (name, host or '$MSUPGRADE_SIM_HOST', shlex.quote(client(runtime)), shlex.quote(root),
                       shlex.quote(host or ''), shlex.quote(name)))
        os.chmod(path, 0o755)
        return
    with open(path, 'w') as f:
        # Through the simulated hosts' Python: the command runs in its warm server (msim
        # already imported) when one runs, else here.
        f.write('#!%s -S\n# msim wrapper: %s on simulated host %s\nimport sys\nsys.path.insert(0, %r)\n'
                'from msim import python\npython.bind(%r)\npython.call(\'msim\', \'wrapper_main\', %r, %r, %r)\n'
                % (sys.executable, name, host or '$MSUPGRADE_SIM_HOST', SIM_DIR, runtime, root, host, name))
    os.chmod(path, 0o755)


def write_media_wrapper(path, name, runtime):
    """A command of the media (ROOT/media/KIND/NAME) that finds ROOT from its own place, so its
    bytes do not name the sandbox: a copy of the estate (clone) keeps the same file, as a real
    media folder does, and the checksum the dssetup gate compares stays the same."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if client_built(runtime):
        with open(path, 'w') as f:
            f.write('#!/bin/sh\n# msim wrapper: %s of the media\nroot=$(cd "${0%%/*}/../.." && pwd)\n'
                    'exec %s --call msim wrapper_main "$root" \'\' %s -- "$@"\n'
                    % (name, shlex.quote(client(runtime)), shlex.quote(name)))
    else:
        with open(path, 'w') as f:
            f.write('#!%s -S\n# msim wrapper: %s of the media\nimport os, sys\nsys.path.insert(0, %r)\n'
                    'from msim import python\npython.bind(%r)\n'
                    'root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath('
                    'sys.argv[0]))))\npython.call(\'msim\', \'wrapper_main\', root, None, %r)\n'
                    % (sys.executable, name, SIM_DIR, runtime, name))
    os.chmod(path, 0o755)
