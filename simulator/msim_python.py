#!/usr/bin/python3 -S
"""The Python of the simulated hosts: CPython, with compiled module code kept between runs.

Ansible runs every task's module as a fresh Python process fed an AnsiballZ payload on stdin (the
rehearsal pipelines): a zip of the module and the ``ansible.module_utils`` it needs, imported
from the zip. ``zipimport`` cannot write ``.pyc`` files, so every task compiled
``module_utils/basic.py`` and its imports from source again: about 0.1 s of CPU of every task,
on every simulated host, the largest single cost of a rehearsal.

This interpreter is the system's ``python3`` with one change: what ``zipimport`` compiles is cached
on disk, keyed by the SHA-1 of the source bytes, so the same source is compiled once per
rehearsal and an edited one is compiled afresh (never a stale cache). The code still comes from
the payload Ansible sent, the module still runs in its own process, and everything else (argv,
stdin, exit code, ``__main__``) is what ``python3 < payload`` gives. Production hosts run their
own Python; only the rehearsal inventory names this one (``ansible_python_interpreter``).

Run with ``-S`` like the simulator's command wrappers: a module payload carries all it imports
beyond the standard library, so site-packages are not needed and not scanned.
"""
import hashlib
import marshal
import os
import sys
import types
import zipimport

CACHE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'module-code-cache')
# The cache is only valid for the Python that wrote it (marshal's format is per version).
TAG = 'cpython-%d%d' % sys.version_info[:2]

_compile_source = zipimport._compile_source


def _with_filename(code, filename):
    """The cached code object, pointing its tracebacks at this run's payload path."""
    consts = tuple(_with_filename(c, filename) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


def cached_compile(pathname, source):
    """zipimport's compile step, through the cache (same arguments and result)."""
    entry = os.path.join(CACHE, '%s-%s' % (TAG, hashlib.sha1(source).hexdigest()))
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


def main():
    zipimport._compile_source = cached_compile
    # As `python3 < payload` has it: the script's own folder is not on the module search path.
    if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
        del sys.path[0]
    if len(sys.argv) > 1:
        # A script path, as `python3 SCRIPT ARGS` (Ansible without pipelining).
        path = sys.argv[1]
        sys.argv = sys.argv[1:]
        with open(path, 'rb') as f:
            source = f.read()
        name = path
    else:
        # `python3 < payload`, as a pipelined module runs.
        source = sys.stdin.buffer.read()
        sys.argv = ['']
        name = '<stdin>'
    module = types.ModuleType('__main__')
    if name != '<stdin>':
        module.__file__ = name
    sys.modules['__main__'] = module
    exec(compile(source, name, 'exec'), module.__dict__)


if __name__ == '__main__':
    main()
