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
2. The first module run starts a warm server in the runtime folder (``python.sock``): a Python that
   has imported that standard library once. Every later run (this script, as the client) hands
   it its stdin, stdout and stderr, argv, working folder, environment and umask over the socket;
   the server forks a child that runs the payload exactly as ``python3 < payload`` would, and
   the client exits with the child's status. The server ends after IDLE_SECONDS without work.
3. An AnsiballZ payload goes on to the *zygote* of its zip (see "zygotes" below): a child of the
   server that has imported ``ansible.module_utils.basic`` from that very zip, extracted. The
   module's code is the payload's byte for byte; only the import of ``basic`` is not repeated.
4. The simulated commands' wrappers run in the server too (``call()``), with the simulator
   (the ``msim`` package, this project's own code) imported there once.

Each module still runs in a process of its own. Without a server (none yet, a socket path too
long for the system, ``MSIM_PYTHON_COLD=1``), the client runs the payload itself. msim_client.c
is the same client in C (a Python start per task is most of what the client costs); this file's
client half serves where it is not built. Production hosts run their own Python; only the
rehearsal inventory names this one (``ansible_python_interpreter``).

Everything this writes (the cache, the lock, the sockets) goes into a *runtime folder* of the
simulation's (``msim setup --runtime``, see msim.runtime), never beside this file: the inventory
names the launcher msim.runtime writes there (``RUNTIME/msim_python``, which calls ``main(RUNTIME)``)
or the C client built there.

Run with ``-S`` like the simulator's command wrappers: a module payload carries all it imports
beyond the standard library, so site-packages are not needed and not scanned.
"""
import marshal
import os
import sys
import types
import zipimport

# The msim package, and the simulator's folder that holds it: the modules call() runs are imported
# from there (the simulator's own code, never a payload's).
PACKAGE = os.path.dirname(os.path.abspath(__file__))
CODE = os.path.dirname(PACKAGE)
LAUNCHER = 'msim_python'  # in the runtime folder: see msim.runtime.write_launcher (and LAUNCHER there)
IDLE_SECONDS = float(os.environ.get('MSIM_PYTHON_IDLE', '30'))  # tests shorten it
# AF_UNIX paths are limited to 108 bytes on Linux; a longer one runs every module cold.
MAX_SOCKET_PATH = 100


def fnv1a64(data):
    h = 0xcbf29ce484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001b3) & 0xffffffffffffffff
    return h


# The sockets live in the runtime folder, but are bound and reached through a short link to it,
# /tmp/msim-<uid>/<FNV-1a of the folder's real path>: the folder is often longer than a socket path
# may be (a rehearsal in a test's temporary folder), and the zygotes' sockets are longer still.
# msim_client.c names the link the same way. See short_folder().
LINKS = '/tmp/msim-%d' % os.getuid()
# Set by bind(): the runtime folder and what lives in it.
RUNTIME = CACHE = LOCK = SHORT = SOCKET = ZYGOTES = None


def bind(runtime):
    """Makes RUNTIME (an absolute path) the folder of this process's cache, lock and sockets."""
    global RUNTIME, CACHE, LOCK, SHORT, SOCKET, ZYGOTES
    RUNTIME = runtime
    CACHE = os.path.join(runtime, 'module-code-cache')
    LOCK = os.path.join(runtime, 'python.lock')
    SHORT = os.path.join(LINKS, '%016x' % fnv1a64(os.fsencode(os.path.realpath(runtime))))
    SOCKET = os.path.join(SHORT, 'python.sock')
    ZYGOTES = os.path.join(CACHE, 'zygotes')

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
    import hashlib  # here, not at the top: a client never compiles, and hashlib costs it 8 ms
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


def run_payload(argv, source=None):
    """Runs the module payload as `python3 SCRIPT ARGS` or `python3 < payload` would (SOURCE:
    the payload, already read from stdin by the server)."""
    if argv:
        # A script path (Ansible without pipelining).
        name = argv[0]
        sys.argv = list(argv)
        with open(name, 'rb') as f:
            source = f.read()
    else:
        name = '<stdin>'
        sys.argv = ['']
        if source is None:
            source = sys.stdin.buffer.read()
    module = types.ModuleType('__main__')
    if argv:
        module.__file__ = name
    sys.modules['__main__'] = module
    exec(compile(source, name, 'exec'), module.__dict__)


# ---------------------------------------------------------------------------------------------
# client: hand the run to the warm server

def call(module, function, *args):
    """Runs MODULE.FUNCTION(*ARGS) as this process would, in the warm server when one runs.

    The simulated commands' wrappers use it: each would otherwise start Python and import the
    simulator (the msim package, which the server has imported) for every command a role runs.
    The call gets this process's stdio, argv, folder, environment and umask, as a module payload
    does. MODULE is imported from CODE."""
    if not delegate({'call': (module, function, args), 'argv0': sys.argv[0]}):
        if CODE not in sys.path:
            sys.path.insert(0, CODE)
        getattr(__import__(module), function)(*args)


def delegate(extra=None):
    """Runs this module in the warm server; False when there is none (the caller runs it here).

    Every task on every simulated host starts one of these clients, so it imports only what is
    built in: ``_socket`` rather than ``socket`` (whose ``enum`` import alone costs more than the
    rest of the client) and ``marshal`` rather than ``json`` for the request (both ends are this
    same Python)."""
    if os.environ.get('MSIM_PYTHON_COLD') or len(SOCKET) > MAX_SOCKET_PATH:
        return False
    conn = connect(SOCKET)
    if conn is None:
        start_server()
        return False
    umask = os.umask(0)
    os.umask(umask)
    request = {'argv': sys.argv[1:], 'cwd': os.getcwd(), 'env': dict(os.environ), 'umask': umask}
    request.update(extra or {})
    # From the first byte sent on, the module may run there: never run it here as well.
    send_request(conn, request, (0, 1, 2))
    code = exit_status(conn)
    if code is None:
        sys.stderr.write('msim_python: the warm interpreter ended before the module did\n')
        sys.exit(1)
    sys.stdout.flush()
    os._exit(code)


def connect(path):
    """A connection to the server (or a zygote) listening on the socket at PATH; None when none
    listens there. ``_socket``, not ``socket``: see delegate()."""
    import _socket
    conn = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        conn.connect(path)
    except OSError:
        conn.close()
        return None
    return conn


def send_request(conn, request, fds):
    """Sends REQUEST (marshalled, after its length) and the descriptors FDS, the run's stdin,
    stdout and stderr. ``_socket``, not ``socket``: see delegate()."""
    import _socket
    import struct
    header = marshal.dumps(request)
    data = struct.pack('!I', len(header)) + header
    sent = conn.sendmsg([data], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, struct.pack('%di' % len(fds), *fds))])
    conn.sendall(data[sent:])


def exit_status(conn):
    """The run's exit status a server sends back (4 bytes); None when it closed first."""
    import struct
    status = b''
    while len(status) < 4:
        chunk = conn.recv(4 - len(status))
        if not chunk:
            return None
        status += chunk
    return struct.unpack('!i', status)[0]


def start_server():
    """Starts the warm server in the background unless one is starting or running already (or
    could not be reached: no short folder for its socket)."""
    import fcntl
    import subprocess
    if not short_folder():
        return
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
    subprocess.Popen([sys.executable, '-S', os.path.join(RUNTIME, LAUNCHER), '--serve'], cwd='/',
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True, close_fds=True)


# ---------------------------------------------------------------------------------------------
# server: one warm Python, a forked child per module run

def serve():
    import fcntl
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
    # The simulator (this package), for the simulated commands (call()); its own code, never a
    # payload's. It keeps no state in the modules: each command loads the simulation afresh.
    global _served
    _served = sources_stamp()
    try:
        import msim
        msim.load()  # the package binds its modules on first use: all of them, here, once
    except (ImportError, AttributeError):
        pass
    load_cache()
    accept_loop(SOCKET, retire_when_edited=True)


# What the server imported of the simulator's own code, by (name, mtime, size): an edited module
# of the package (a developer between two test runs) is never served from the old import.
_served = None


def sources_stamp():
    stamps = []
    try:
        names = sorted(os.listdir(PACKAGE))
    except OSError:
        return None
    for name in names:
        if name.endswith('.py'):
            try:
                st = os.stat(os.path.join(PACKAGE, name))
                stamps.append((name, st.st_mtime_ns, st.st_size))
            except OSError:
                stamps.append((name, None))
    return stamps


def accept_loop(path, retire_when_edited=False):
    """Serves requests on a socket at PATH (a forked handler each) until IDLE_SECONDS pass idle,
    or (the server) until its own code was edited: the next client starts a fresh one."""
    import signal
    import socket
    if not short_folder():
        return
    try:
        os.unlink(path)  # left by a server that was killed
    except FileNotFoundError:
        pass
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
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
            if retire_when_edited and sources_stamp() != _served:
                break
    finally:
        # No new client can connect once the path is gone; serve the ones already queued.
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass  # the rehearsal folder was removed under us
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
    """In a child of a server: runs one request in a grandchild, reports its exit status.

    In the warm server, a payload that came on stdin (Ansible pipelines) is read here and handed
    to the zygote of its module, if one runs; otherwise it runs here, and a zygote is started for
    the next run of the same module."""
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
        request = from_c_client(message[8:]) if message[4:8] == C_CLIENT else marshal.loads(message[4:])
        code = None
        if 'call' not in request and not request['argv'] and 'source' not in request:
            request['source'] = read_all(fds[0])
            payload = ansiballz_key(request['source'])
            if payload is not None:
                code = run_in_zygote(payload[0], request, fds)
                if code is None:
                    start_zygote(payload[0], payload[1])
        if code is None:
            pid = os.fork()
            if pid == 0:
                conn.close()
                run_request(request, fds)
            _, status = os.waitpid(pid, 0)
            code = os.waitstatus_to_exitcode(status)
            code = code if code >= 0 else 128 - code
        for fd in fds:
            os.close(fd)
        conn.sendall(struct.pack('!i', code))
    finally:
        os._exit(0)


C_CLIENT = b'MSC1'


def from_c_client(body):
    """The request msim_client.c sends, as the one delegate() sends: length-prefixed fields
    (umask, folder, argv[0], the arguments, the environment, the call), decoded as Python
    decodes its own argv and environment."""
    import struct
    fields = []
    at = 0
    while at < len(body):
        (length,) = struct.unpack('!I', body[at:at + 4])
        fields.append(body[at + 4:at + 4 + length])
        at += 4 + length
    fields = iter(fields)

    def many():
        return [next(fields) for _ in range(int(next(fields)))]
    umask, cwd, argv0 = int(next(fields)), os.fsdecode(next(fields)), os.fsdecode(next(fields))
    argv = [os.fsdecode(a) for a in many()]
    env = {}
    for entry in many():
        if b'=' in entry[1:]:
            name, _, value = entry.partition(b'=')
            env.setdefault(os.fsdecode(name), os.fsdecode(value))  # the first of a name, as os.environ
    request = {'argv': argv, 'cwd': cwd, 'env': env, 'umask': umask}
    call = [os.fsdecode(a) for a in many()]
    if call:
        request.update(call=(call[0], call[1], tuple(call[2:])), argv0=argv0)
    return request


def read_all(fd):
    chunks = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b''.join(chunks)
        chunks.append(chunk)


# ---------------------------------------------------------------------------------------------
# zygotes: a warm Python per module payload, with the payload's own module_utils imported
#
# Importing ansible.module_utils.basic and what it pulls in from the payload's zip is most of
# what a module run still costs once the standard library is warm (about 20 of 40 ms). A zygote
# is a child of the server that has imported it, from the zip of one payload extracted to a
# folder; it forks a child per run of a payload with the SAME zip (same file names, CRC-32s and
# sizes: Ansible builds one zip per module and run, only the parameters beside it change), so the
# code each run executes is byte for byte what the payload carries. Any other zip gets its own.

ZIPDATA_START = b'ZIPDATA = """'


def ansiballz_key(source):
    """(key, zip bytes) of an AnsiballZ payload, or None for anything else."""
    start = source.find(ZIPDATA_START)
    if start < 0:
        return None
    start += len(ZIPDATA_START)
    end = source.find(b'"""', start)
    import base64
    import binascii
    import hashlib
    import io
    import zipfile
    try:
        data = base64.b64decode(source[start:end])
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (binascii.Error, ValueError, zipfile.BadZipFile):
        return None
    if not any(e.filename == 'ansible/module_utils/basic.py' for e in entries):
        return None
    digest = hashlib.sha1(TAG.encode())
    for e in entries:
        digest.update(('%s\0%d\0%d\n' % (e.filename, e.CRC, e.file_size)).encode('utf-8'))
    return digest.hexdigest()[:16], data


def zygote_socket(key):
    return os.path.join(SHORT, 'zyg-%s.sock' % key)


def own_links_folder():
    """True when LINKS is (now) this user's own folder, closed to others: a link there decides
    where clients send their modules."""
    try:
        try:
            os.mkdir(LINKS, 0o700)
        except FileExistsError:
            pass
        st = os.lstat(LINKS)
    except OSError:
        return False
    import stat
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


def short_folder():
    """Makes SHORT a link to RUNTIME; False when that cannot be done safely (the sockets then stay
    unreachable and modules run cold). Links to folders gone are removed."""
    if not own_links_folder():
        return False
    try:
        if os.path.realpath(SHORT) == os.path.realpath(RUNTIME):
            return True
        for name in os.listdir(LINKS):
            link = os.path.join(LINKS, name)
            if os.path.islink(link) and not os.path.exists(link):
                try:
                    os.unlink(link)
                except OSError:
                    pass
        staged = '%s.%d.tmp' % (SHORT, os.getpid())
        os.symlink(os.path.realpath(RUNTIME), staged)
        os.rename(staged, SHORT)
        return True
    except OSError:
        return False


def run_in_zygote(key, request, fds):
    """The exit status of the run in the zygote of KEY; None when none runs (nothing ran)."""
    path = zygote_socket(key)
    if len(path) > MAX_SOCKET_PATH:
        return None
    conn = connect(path)
    if conn is None:
        return None
    send_request(conn, request, fds)
    code = exit_status(conn)
    if code is None:
        os.write(2, b'msim_python: the zygote ended before the module did\n')
        return 1
    return code


def start_zygote(key, data):
    """Forks the zygote of KEY off this handler (it keeps the server's warm standard library)."""
    if len(zygote_socket(key)) > MAX_SOCKET_PATH:
        return
    if os.fork() != 0:
        return
    # The zygote must hold nothing of the handler's open: not the client's stdout (Ansible waits
    # for the end of the module's output), not the server's lock (a new server could not start).
    try:
        null = os.open(os.devnull, os.O_RDWR)
        for target in (0, 1, 2):
            os.dup2(null, target)
        os.closerange(3, 1 << 16)
        os.setsid()
        if os.fork() == 0:
            zygote(key, data)
    finally:
        os._exit(0)


def zygote(key, data):
    import fcntl
    import io
    import zipfile
    os.makedirs(ZYGOTES, exist_ok=True)
    lock = os.open(os.path.join(ZYGOTES, key + '.lock'), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # another one won the race
    folder = os.path.join(ZYGOTES, key)
    if not os.path.isdir(folder):
        import compileall
        staged = '%s.%d.tmp' % (folder, os.getpid())
        zipfile.ZipFile(io.BytesIO(data)).extractall(staged)
        # .pyc written now, whatever PYTHONDONTWRITEBYTECODE says: a zygote that ends when idle
        # and starts again later does not compile its imports again.
        compileall.compile_dir(staged, quiet=2, ddir=folder)
        os.rename(staged, folder)
    sys.path.insert(0, folder)
    try:
        __import__('ansible.module_utils.basic')
    except Exception:
        return
    finally:
        sys.path.remove(folder)
    accept_loop(zygote_socket(key))


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
            if 'call' in request:
                sys.argv = [request['argv0']] + request['argv']
                module, function, args = request['call']
                if _served is not None and sources_stamp() != _served:
                    # edited since the server imported it: the module and, a package, its modules
                    for name in [n for n in sys.modules if n == module or n.startswith(module + '.')]:
                        del sys.modules[name]
                sys.path.insert(0, CODE)
                try:
                    target = getattr(__import__(module), function)
                finally:
                    sys.path.remove(CODE)
                target(*args)
            else:
                run_payload(request['argv'], request.get('source'))
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


def main(runtime):
    """The hosts' Python, its runtime files in RUNTIME (the launcher there calls this)."""
    bind(runtime)
    zipimport._compile_source = cached_compile
    # As `python3 < payload` has it: neither the launcher's folder nor the simulator's (which the
    # launcher put first to import this) is on the module search path.
    while sys.path and os.path.abspath(sys.path[0]) in (CODE, os.path.realpath(runtime), runtime):
        del sys.path[0]
    if sys.argv[1:] == ['--serve']:
        serve()
        return
    if sys.argv[1:2] == ['--call'] and '--' in sys.argv:
        # msim_client's form, when it found no server: --call MODULE FUNCTION ARG... -- ARGV...
        end = sys.argv.index('--')
        module, function, args = sys.argv[2], sys.argv[3], sys.argv[4:end]
        sys.argv = [sys.argv[0]] + sys.argv[end + 1:]
        call(module, function, *args)
        return
    if not delegate():
        run_payload(sys.argv[1:])
