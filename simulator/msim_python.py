#!/usr/bin/python3 -S
"""The Python of the simulated hosts: CPython, started once and kept warm for every module.

Ansible runs every task's module as a fresh Python process fed an AnsiballZ payload on stdin (the
rehearsal pipelines): a zip of the module and the ``ansible.module_utils`` it needs, imported
from the zip. Each such process paid, for every task on every simulated host:

* compiling ``module_utils/basic.py`` and its imports from source (``zipimport`` writes no
  ``.pyc``), about 0.05 s of CPU, and
* starting Python and importing the standard library those modules use (``json``,
  ``subprocess``, ``locale``, ``platform``, ``ctypes``, ...), about 0.08 s,

together most of what a rehearsal costs. This interpreter removes both, without changing what
runs:

1. What ``zipimport`` compiles is cached on disk, keyed by the SHA-1 of the source bytes: the
   same source is compiled once per rehearsal, an edited one afresh (never a stale cache).
2. The first module run starts a warm server beside this file (``python.sock``): a Python that
   has imported that standard library once. Every later run (this script, as the client) hands
   it its stdin, stdout and stderr, argv, working folder, environment and umask over the socket;
   the server forks a child that runs the payload exactly as ``python3 < payload`` would, and
   the client exits with the child's status. The server ends after IDLE_SECONDS without work.

Each module still runs in a process of its own, from the code in the payload Ansible sent (the
``ansible`` package is never pre-imported, only the standard library). Without a server (none
yet, a socket path too long for the system, ``MSIM_PYTHON_COLD=1``), the client runs the payload
itself. Production hosts run their own Python; only the rehearsal inventory names this one
(``ansible_python_interpreter``).

Run with ``-S`` like the simulator's command wrappers: a module payload carries all it imports
beyond the standard library, so site-packages are not needed and not scanned.
"""
import hashlib
import marshal
import os
import sys
import types
import zipimport

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, 'module-code-cache')
SOCKET = os.path.join(HERE, 'python.sock')
LOCK = os.path.join(HERE, 'python.lock')
IDLE_SECONDS = float(os.environ.get('MSIM_PYTHON_IDLE', '30'))  # tests shorten it
# AF_UNIX paths are limited to 108 bytes on Linux; a longer one runs every module cold.
MAX_SOCKET_PATH = 100
# The cache is only valid for the Python that wrote it (marshal's format is per version).
TAG = 'cpython-%d%d' % sys.version_info[:2]
# The standard library that ansible.module_utils.basic and the builtin modules import (read off
# `python3 -X importtime` of a module run). Only the standard library: the ansible package
# itself always comes from the payload.
WARM = ('json', 'subprocess', 'locale', 'shlex', 'tempfile', 'hashlib', 'grp', 'pwd', 'platform',
        'syslog', 'datetime', 'selectors', 'signal', 'traceback', 'errno', 'stat', 'time', 're',
        'shutil', 'ctypes', 'glob', 'fnmatch', 'select', 'zipfile', 'base64', 'runpy', 'pkgutil',
        'collections.abc', 'typing', 'ast', 'copy', 'string', 'logging', 'textwrap', 'tokenize',
        'linecache', 'ipaddress', 'urllib.parse', 'pathlib', 'random', 'bz2', 'lzma', 'atexit',
        'fcntl', 'struct', 'binascii', 'weakref', 'threading', '__future__')

_compile_source = zipimport._compile_source
_loaded = {}


def _with_filename(code, filename):
    """The cached code object, pointing its tracebacks at this run's payload path."""
    consts = tuple(_with_filename(c, filename) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


def cached_compile(pathname, source):
    """zipimport's compile step, through the cache (same arguments and result)."""
    key = '%s-%s' % (TAG, hashlib.sha1(source).hexdigest())
    code = _loaded.get(key)
    if code is not None:
        return _with_filename(code, pathname)
    entry = os.path.join(CACHE, key)
    try:
        with open(entry, 'rb') as cached:
            return _with_filename(marshal.load(cached), pathname)
    except (OSError, EOFError, ValueError, TypeError):
        pass
    code = _compile_source(pathname, source)
    try:
        os.makedirs(CACHE, exist_ok=True)
        staged = '%s.%d.tmp' % (entry, os.getpid())
        with open(staged, 'wb') as out:
            marshal.dump(code, out)
        # Several hosts run modules at once: each writes its own file and renames it into place.
        os.replace(staged, entry)
    except OSError:
        pass  # a cache that cannot be written only costs time
    return code


def run_payload(argv):
    """Runs the module payload as `python3 SCRIPT ARGS` or `python3 < payload` would."""
    if argv:
        # A script path (Ansible without pipelining).
        name = argv[0]
        sys.argv = list(argv)
        with open(name, 'rb') as f:
            source = f.read()
    else:
        name = '<stdin>'
        sys.argv = ['']
        source = sys.stdin.buffer.read()
    module = types.ModuleType('__main__')
    if argv:
        module.__file__ = name
    sys.modules['__main__'] = module
    exec(compile(source, name, 'exec'), module.__dict__)


# ---------------------------------------------------------------------------------------------
# client: hand the run to the warm server

def delegate():
    """Runs this module in the warm server; False when there is none (the caller runs it here)."""
    if os.environ.get('MSIM_PYTHON_COLD') or len(SOCKET) > MAX_SOCKET_PATH:
        return False
    import json
    import socket
    import struct
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(SOCKET)
        umask = os.umask(0)
        os.umask(umask)
        header = json.dumps({'argv': sys.argv[1:], 'cwd': os.getcwd(), 'env': dict(os.environ),
                             'umask': umask}).encode('utf-8')
    except OSError:
        conn.close()
        start_server()
        return False
    request = struct.pack('!I', len(header)) + header
    # From the first byte sent on, the module may run there: never run it here as well.
    sent = socket.send_fds(conn, [request], [0, 1, 2])
    conn.sendall(request[sent:])
    status = b''
    while len(status) < 4:
        chunk = conn.recv(4 - len(status))
        if not chunk:
            sys.stderr.write('msim_python: the warm interpreter ended before the module did\n')
            sys.exit(1)
        status += chunk
    sys.stdout.flush()
    os._exit(struct.unpack('!i', status)[0])


def start_server():
    """Starts the warm server in the background unless one is starting or running already."""
    import fcntl
    import subprocess
    try:
        fd = os.open(LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a server holds it for its whole life
        fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        return
    finally:
        os.close(fd)
    subprocess.Popen([sys.executable, '-S', os.path.abspath(__file__), '--serve'], cwd='/',
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True, close_fds=True)


# ---------------------------------------------------------------------------------------------
# server: one warm Python, a forked child per module run

def serve():
    import fcntl
    import signal
    import socket
    lock = os.open(LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # another one won the race
    for name in WARM:
        try:
            __import__(name)
        except ImportError:
            pass
    load_cache()
    try:
        os.unlink(SOCKET)  # left by a server that was killed
    except FileNotFoundError:
        pass
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(SOCKET)
    listener.listen(128)
    listener.settimeout(IDLE_SECONDS)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the per-request handlers
    try:
        while True:
            try:
                conn, _ = listener.accept()
            except socket.timeout:
                break
            spawn_handler(listener, conn)
    finally:
        # No new client can connect once the path is gone; serve the ones already queued.
        os.unlink(SOCKET)
        listener.setblocking(False)
        while True:
            try:
                conn, _ = listener.accept()
            except (BlockingIOError, socket.timeout):
                break
            conn.setblocking(True)
            spawn_handler(listener, conn)
        listener.close()


def load_cache():
    try:
        names = os.listdir(CACHE)
    except OSError:
        return
    for name in names:
        if name.startswith(TAG + '-') and not name.endswith('.tmp'):
            try:
                with open(os.path.join(CACHE, name), 'rb') as f:
                    _loaded[name] = marshal.load(f)
            except (OSError, EOFError, ValueError, TypeError):
                pass


def spawn_handler(listener, conn):
    if os.fork() == 0:
        listener.close()
        handle(conn)
    conn.close()


def handle(conn):
    """In a child of the server: runs one request in a grandchild, reports its exit status."""
    import json
    import signal
    import socket
    import struct
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    try:
        message, fds, _flags, _addr = socket.recv_fds(conn, 1 << 16, 3)
        while len(message) < 4 or len(message) < 4 + struct.unpack('!I', message[:4])[0]:
            chunk = conn.recv(1 << 16)
            if not chunk:
                os._exit(1)
            message += chunk
        request = json.loads(message[4:].decode('utf-8'))
        pid = os.fork()
        if pid == 0:
            conn.close()
            run_request(request, fds)
        for fd in fds:
            os.close(fd)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        conn.sendall(struct.pack('!i', code if code >= 0 else 128 - code))
    finally:
        os._exit(0)


def run_request(request, fds):
    """In the grandchild: become the client's process (fds, folder, environment), run, exit."""
    code = 1
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        os.chdir(request['cwd'])
        os.umask(request['umask'])
        os.environ.clear()
        os.environ.update(request['env'])
        import time
        time.tzset()  # the client's TZ, not the server's
        try:
            run_payload(request['argv'])
            code = 0
        except SystemExit as e:
            code = exit_code(e.code)
        except BaseException:
            import traceback
            traceback.print_exc()
            code = 1
        import atexit
        atexit._run_exitfuncs()  # the module's own cleanups, as at interpreter exit
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(code)


def exit_code(value):
    """What Python's own exit makes of sys.exit(value)."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value & 0xff
    sys.stderr.write('%s\n' % (value,))
    return 1


def main():
    zipimport._compile_source = cached_compile
    # As `python3 < payload` has it: the script's own folder is not on the module search path.
    if sys.path and os.path.abspath(sys.path[0]) == HERE:
        del sys.path[0]
    if sys.argv[1:] == ['--serve']:
        serve()
        return
    if not delegate():
        run_payload(sys.argv[1:])


if __name__ == '__main__':
    main()
