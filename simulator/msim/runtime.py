"""The command wrappers of the simulated hosts and the C client they run through."""

import contextlib
import os
import shlex
import shutil
import subprocess
import sys

from .base import SIM_DIR


CLIENT = os.path.join(SIM_DIR, 'msim_client')


def build_client():
    """Compiles msim_client.c beside this file (once: a binary newer than its source stays) with
    the C compiler on the PATH. False without a compiler or when the build fails: the rehearsal
    then runs msim_python.py itself, only slower (a Python start per module and command)."""
    source = CLIENT + '.c'
    try:
        if os.stat(CLIENT).st_mtime >= os.stat(source).st_mtime:
            return True
    except FileNotFoundError:
        pass
    cc = shutil.which('cc') or shutil.which('gcc')
    if not cc or not os.path.exists(source):
        return False
    staged = '%s.%d.tmp' % (CLIENT, os.getpid())
    built = subprocess.run([cc, '-O2', '-o', staged, '-DMSIM_PYTHON="%s"' % sys.executable, source],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    if built:
        os.replace(staged, CLIENT)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(staged)
    return built


def client_built():
    return os.access(CLIENT, os.X_OK) and not os.environ.get('MSIM_NO_CLIENT')


def write_wrapper(path, root, host, name):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if client_built():
        # The command runs in the warm server through msim_client (see msim_python.py).
        with open(path, 'w') as f:
            f.write('#!/bin/sh\n# msim wrapper: %s on simulated host %s\nexec %s --call msim wrapper_main %s %s %s -- "$@"\n'
                    % (name, host or '$MSUPGRADE_SIM_HOST', shlex.quote(CLIENT), shlex.quote(root),
                       shlex.quote(host or ''), shlex.quote(name)))
        os.chmod(path, 0o755)
        return
    with open(path, 'w') as f:
        # Through the simulated hosts' Python: the command runs in its warm server (msim.py
        # already imported) when one runs, else here.
        f.write('#!%s -S\n# msim wrapper: %s on simulated host %s\nimport sys\nsys.path.insert(0, %r)\n'
                'import msim_python\nmsim_python.call(\'msim\', \'wrapper_main\', %r, %r, %r)\n'
                % (sys.executable, name, host or '$MSUPGRADE_SIM_HOST', SIM_DIR, root, host, name))
    os.chmod(path, 0o755)


def write_media_wrapper(path, name):
    """A command of the media (ROOT/media/KIND/NAME) that finds ROOT from its own place, so its
    bytes do not name the sandbox: a copy of the estate (clone) keeps the same file, as a real
    media folder does, and the checksum the dssetup gate compares stays the same."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if client_built():
        with open(path, 'w') as f:
            f.write('#!/bin/sh\n# msim wrapper: %s of the media\nroot=$(cd "${0%%/*}/../.." && pwd)\n'
                    'exec %s --call msim wrapper_main "$root" \'\' %s -- "$@"\n'
                    % (name, shlex.quote(CLIENT), shlex.quote(name)))
    else:
        with open(path, 'w') as f:
            f.write('#!%s -S\n# msim wrapper: %s of the media\nimport os, sys\nsys.path.insert(0, %r)\n'
                    'import msim_python\nroot = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath('
                    'sys.argv[0]))))\nmsim_python.call(\'msim\', \'wrapper_main\', root, None, %r)\n'
                    % (sys.executable, name, SIM_DIR, name))
    os.chmod(path, 0o755)
