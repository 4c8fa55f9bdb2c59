"""msim.python, the simulated hosts' Python: a run through it must be what `python3 < payload`
gives (output, exit status, working folder, environment, umask, the payload's own code), cold or
through the warm server, and the compiled-code cache must never serve a stale module.

Each test runs a copy of msim/python.py in a package of its own (CODE/msim/, beside which the
calls' modules are), with a runtime folder of its own (RUN: the launcher, the server's sockets,
its cache), as a rehearsal has them."""
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

SIM_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if SIM_DIR not in sys.path:
    sys.path.insert(0, SIM_DIR)

from msim import runtime  # noqa: E402


def fnv1a64(data):
    """As msim/python.py and msim_client.c name the short link to a runtime folder."""
    h = 0xcbf29ce484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001b3) % (1 << 64)
    return h


SOURCE = os.path.join(SIM_DIR, 'msim', 'python.py')

# A payload like AnsiballZ's: a zip written to a temporary folder, put first on sys.path, a
# module imported from it (through zipimport, so through the cache) and run as __main__.
PAYLOAD = r'''
import base64, os, runpy, sys, tempfile
ZIP = %r
def main():
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, 'payload.zip')
    with open(path, 'wb') as f:
        f.write(base64.b64decode(ZIP))
    sys.path.insert(0, path)
    runpy.run_module('probe', run_name='__main__', alter_sys=True)
main()
'''

PROBE = r'''
import json, os, sys
data = sys.stdin.read() if os.environ.get('PROBE_STDIN') else ''
print(json.dumps({"version": VERSION, "cwd": os.getcwd(), "env": os.environ.get("PROBE_ENV"),
                  "umask": oct(os.umask(0)), "file": __file__, "pid": os.getpid(), "argv": sys.argv[1:], "stdin": data}))
sys.stderr.write("to stderr\n")
sys.exit(int(os.environ.get("PROBE_EXIT", "0")))
'''


def payload(version):
    import base64
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w') as z:
        z.writestr('probe.py', 'VERSION = %d\n' % version + PROBE)
    return (PAYLOAD % base64.b64encode(buffer.getvalue()).decode()).encode()


# A payload laid out like AnsiballZ's (what the zygotes key on): the zip in ZIPDATA holds
# ansible/module_utils/basic.py, which the wrapper imports before it runs the module.
ANSIBALLZ = r'''
import base64, os, runpy, shutil, sys, tempfile
ZIPDATA = """%s"""
def main():
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, 'payload.zip')
    with open(path, 'wb') as f:
        f.write(base64.b64decode(ZIPDATA))
    sys.path.insert(0, path)
    from ansible.module_utils import basic
    basic.ARGS = os.environ.get('PROBE_ENV')
    try:
        runpy.run_module('ansible.modules.probe', run_name='__main__', alter_sys=True)
    finally:
        shutil.rmtree(folder)
main()
'''

BASIC = '''
import os
VALUE = %d
IMPORTED_IN = os.getpid()
ARGS = None
'''

MODULE = '''
import json, os, sys
from ansible.module_utils import basic
print(json.dumps({"value": basic.VALUE, "args": basic.ARGS, "imported_here": basic.IMPORTED_IN == os.getpid(),
                  "pid": os.getpid(), "cwd": os.getcwd(), "umask": oct(os.umask(0))}))
sys.stderr.write("to stderr\\n")
sys.exit(int(os.environ.get("PROBE_EXIT", "0")))
'''


def ansiballz(value):
    import base64
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w') as z:
        z.writestr('ansible/__init__.py', 'from pkgutil import extend_path\n__path__ = extend_path(__path__, __name__)\n')
        z.writestr('ansible/module_utils/__init__.py', '')
        z.writestr('ansible/module_utils/basic.py', BASIC % value)
        z.writestr('ansible/modules/__init__.py', '')
        z.writestr('ansible/modules/probe.py', MODULE)
    return (ANSIBALLZ % base64.b64encode(buffer.getvalue()).decode()).encode()


class MsimPython(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='msimpy-')
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.code = os.path.join(self.dir, 'code')
        os.makedirs(os.path.join(self.code, 'msim'))
        shutil.copy(SOURCE, os.path.join(self.code, 'msim', 'python.py'))
        with open(os.path.join(self.code, 'msim', '__init__.py'), 'w'):
            pass
        self.use_runtime(os.path.join(self.dir, 'run'))
        self.work = os.path.join(self.dir, 'work')
        os.mkdir(self.work)

    def use_runtime(self, folder):
        """FOLDER the runtime folder, with the launcher of the hosts' Python there (self.python)."""
        self.run = folder
        os.makedirs(folder, exist_ok=True)
        runtime.write_launcher(folder, code=self.code)
        self.launcher = self.python = runtime.launcher(folder)

    def tearDown(self):
        # let an idle server go before its folder does
        deadline = time.time() + 10
        while (os.path.exists(os.path.join(self.run, 'python.sock')) or self.zygotes()) and time.time() < deadline:
            time.sleep(0.2)

    def run_python(self, source, cold=False, exit_code=0, umask=0o027, extra_env=None):
        env = {'PATH': '/usr/bin:/bin', 'PROBE_ENV': 'from the client', 'PROBE_EXIT': str(exit_code),
               'MSIM_PYTHON_IDLE': '2'}
        if cold:
            env['MSIM_PYTHON_COLD'] = '1'
        env.update(extra_env or {})
        old = os.umask(umask)
        try:
            with subprocess.Popen([self.python], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, cwd=self.work, env=env) as p:
                out, err = p.communicate(source, timeout=60)
                return subprocess.CompletedProcess(p.pid, p.returncode, out, err)
        finally:
            os.umask(old)

    def wait_for_server(self):
        deadline = time.time() + 10
        while not os.path.exists(os.path.join(self.run, 'python.sock')):
            self.assertLess(time.time(), deadline, 'the warm server did not start')
            time.sleep(0.05)

    def result(self, p):
        import json
        self.assertEqual(p.stderr.decode().count('to stderr'), 1, p.stderr.decode())
        return json.loads(p.stdout.decode().strip().splitlines()[-1])

    def test_a_cold_run_is_what_python3_gives(self):
        p = self.run_python(payload(1), cold=True, exit_code=3)
        self.assertEqual(p.returncode, 3)
        r = self.result(p)
        self.assertEqual((r['version'], r['cwd'], r['env'], r['umask']), (1, self.work, 'from the client', '0o27'))
        self.assertFalse(os.path.exists(os.path.join(self.run, 'python.sock')), 'cold means no server')

    def test_a_warm_run_is_what_a_cold_one_gives(self):
        self.run_python(payload(1))  # starts the server
        self.wait_for_server()
        for code, umask in ((0, 0o022), (5, 0o077)):
            warm = self.run_python(payload(1), exit_code=code, umask=umask)
            cold = self.run_python(payload(1), exit_code=code, umask=umask, cold=True)
            self.assertEqual(warm.returncode, code)
            self.assertEqual(cold.returncode, code)
            w, c = self.result(warm), self.result(cold)
            self.assertNotEqual(w.pop('pid'), warm.args, 'ran in the warm server, not in the client')
            self.assertEqual(c.pop('pid'), cold.args, 'ran in the client')
            self.assertEqual(w['umask'], oct(umask))
            self.assertEqual(w['cwd'], self.work)
            self.assertEqual(w['env'], 'from the client')
            w.pop('file'), c.pop('file')  # the payload's temporary folder differs
            self.assertEqual(w, c)

    def test_the_warm_server_reads_the_clients_stdin_and_script_arguments(self):
        script = os.path.join(self.dir, 'script.py')
        with open(script, 'wb') as f:
            f.write(b'import sys\nprint(sys.stdin.read().upper(), sys.argv[1:])\nsys.exit(7)\n')
        self.run_python(b'pass')
        self.wait_for_server()
        env = {'PATH': '/usr/bin:/bin', 'MSIM_PYTHON_IDLE': '2'}
        p = subprocess.run([self.python, script, 'a', 'b'], input=b'mail', capture_output=True, env=env,
                           timeout=60)
        self.assertEqual(p.returncode, 7, p.stderr)
        self.assertEqual(p.stdout.decode().strip(), "MAIL ['a', 'b']")

    def test_an_uncaught_exception_prints_its_traceback_and_exits_1(self):
        self.run_python(b'pass')
        self.wait_for_server()
        p = self.run_python(b'raise RuntimeError("boom")')
        self.assertEqual(p.returncode, 1)
        self.assertIn(b'RuntimeError: boom', p.stderr)

    def test_an_edited_module_is_compiled_again_not_served_from_the_cache(self):
        self.assertEqual(self.result(self.run_python(payload(1)))['version'], 1)
        cache = os.path.join(self.run, 'module-code-cache')
        self.assertEqual(len(os.listdir(cache)), 1)
        self.wait_for_server()
        self.assertEqual(self.result(self.run_python(payload(2)))['version'], 2)
        self.assertEqual(self.result(self.run_python(payload(1), cold=True))['version'], 1)
        self.assertEqual(len(os.listdir(cache)), 2)

    def zygotes(self):
        return sorted(n for n in os.listdir(self.run) if n.startswith('zyg-'))

    def test_a_module_payload_runs_in_the_zygote_of_its_zip_as_it_runs_cold(self):
        self.run_python(b'pass')  # starts the server
        self.wait_for_server()
        first = self.run_python(ansiballz(1), exit_code=4)  # in the server; starts the zygote
        self.assertEqual(first.returncode, 4)
        self.assertTrue(self.result(first)['imported_here'])
        deadline = time.time() + 10
        while not self.zygotes():
            self.assertLess(time.time(), deadline, 'no zygote started')
            time.sleep(0.05)
        warm = self.run_python(ansiballz(1), exit_code=4, umask=0o077)
        cold = self.run_python(ansiballz(1), exit_code=4, umask=0o077, cold=True)
        self.assertEqual((warm.returncode, cold.returncode), (4, 4))
        w, c = self.result(warm), self.result(cold)
        self.assertFalse(w.pop('imported_here'), 'module_utils came from the zygote')
        self.assertTrue(c.pop('imported_here'))
        w.pop('pid'), c.pop('pid')
        self.assertEqual(w, c)
        self.assertEqual((w['value'], w['args'], w['cwd'], w['umask']), (1, 'from the client', self.work, '0o77'))

    def test_a_folder_longer_than_a_socket_path_is_served_warm_through_its_short_link(self):
        # a rehearsal under a test's temporary folder: its runtime folder alone is longer than AF_UNIX allows
        deep = os.path.join(self.dir, 'a-rehearsal-folder-with-a-long-name-' + 'x' * 40, 'rehearsal', 'simulator-runtime')
        self.use_runtime(deep)
        self.assertGreater(len(os.path.join(deep, 'zyg-' + 'f' * 40 + '.sock')), 108)
        self.test_a_module_payload_runs_in_the_zygote_of_its_zip_as_it_runs_cold()
        link = os.path.join('/tmp/msim-%d' % os.getuid(), '%016x' % fnv1a64(os.fsencode(os.path.realpath(deep))))
        self.assertEqual(os.path.realpath(link), os.path.realpath(deep))

    def test_a_payload_with_other_module_utils_never_runs_in_another_zip_s_zygote(self):
        self.run_python(b'pass')
        self.wait_for_server()
        self.run_python(ansiballz(1))
        deadline = time.time() + 10
        while len(self.zygotes()) < 1:
            self.assertLess(time.time(), deadline, 'no zygote started')
            time.sleep(0.05)
        edited = self.result(self.run_python(ansiballz(2)))
        self.assertEqual(edited['value'], 2)
        self.assertTrue(edited['imported_here'], 'an edited basic.py is imported from its own payload')
        while len(self.zygotes()) < 2:
            self.assertLess(time.time(), deadline, 'the edited zip got no zygote of its own')
            time.sleep(0.05)
        self.assertEqual(self.result(self.run_python(ansiballz(2)))['value'], 2)
        self.assertEqual(self.result(self.run_python(ansiballz(1)))['value'], 1)

    def test_a_call_runs_in_the_server_with_the_callers_stdio_argv_and_exit_status(self):
        with open(os.path.join(self.code, 'probe_call.py'), 'w') as f:
            f.write('import json, os, sys\n'
                    'def main(tag):\n'
                    '    data = sys.stdin.read()\n'
                    '    print(json.dumps({"tag": tag, "argv": sys.argv[1:], "stdin": data, "cwd": os.getcwd(),\n'
                    '                      "env": os.environ.get("PROBE_ENV"), "pid": os.getpid()}))\n'
                    '    sys.stderr.write("to stderr\\n")\n'
                    '    sys.exit(int(os.environ.get("PROBE_EXIT", "0")))\n')
        wrapper = os.path.join(self.dir, 'rpm')
        with open(wrapper, 'w') as f:
            f.write('#!%s -S\nimport sys\nsys.path.insert(0, %r)\nfrom msim import python\npython.bind(%r)\n'
                    'python.call("probe_call", "main", "rpm on host1")\n' % (sys.executable, self.code, self.run))
        os.chmod(wrapper, 0o755)

        def run(cold):
            env = {'PATH': '/usr/bin:/bin', 'PROBE_ENV': 'env', 'PROBE_EXIT': '6', 'MSIM_PYTHON_IDLE': '2'}
            if cold:
                env['MSIM_PYTHON_COLD'] = '1'
            p = subprocess.run([wrapper, '-q', 'x'], input=b'mail', capture_output=True, cwd=self.work,
                               env=env, timeout=60)
            return p.returncode, self.result(subprocess.CompletedProcess(p.args, p.returncode, p.stdout, p.stderr))

        run(False)  # starts the server
        self.wait_for_server()
        (wcode, w), (ccode, c) = run(False), run(True)
        self.assertEqual((wcode, ccode), (6, 6))
        w.pop('pid'), c.pop('pid')
        self.assertEqual(w, c)
        self.assertEqual(w, {"tag": "rpm on host1", "argv": ['-q', 'x'], "stdin": "mail", "cwd": self.work,
                             "env": "env"})

    def build_client(self):
        import shutil as sh
        cc = sh.which('cc') or sh.which('gcc')
        if not cc:
            self.skipTest('no C compiler: the rehearsal runs the launcher itself')
        client = runtime.client(self.run)
        subprocess.run([cc, '-O2', '-o', client, '-DMSIM_PYTHON="%s"' % sys.executable,
                        os.path.join(SIM_DIR, 'msim_client.c')], check=True)
        return client

    def test_the_c_client_runs_a_payload_as_the_python_one_does_and_starts_the_server_without_one(self):
        client = self.build_client()
        self.python = client
        first = self.run_python(payload(1), exit_code=3)  # no server: the launcher runs it
        self.assertEqual(first.returncode, 3)
        self.assertEqual(self.result(first)['version'], 1)
        self.wait_for_server()
        warm = self.run_python(payload(1), exit_code=5, umask=0o077)
        self.python = self.launcher
        cold = self.run_python(payload(1), exit_code=5, umask=0o077, cold=True)
        self.assertEqual((warm.returncode, cold.returncode), (5, 5))
        w, c = self.result(warm), self.result(cold)
        self.assertNotEqual(w.pop('pid'), warm.args, 'ran in the warm server')
        c.pop('pid')
        w.pop('file'), c.pop('file')
        self.assertEqual(w, c)

    def test_the_c_client_passes_script_arguments_and_a_call_with_its_argv(self):
        client = self.build_client()
        with open(os.path.join(self.code, 'probe_call.py'), 'w') as f:
            f.write('import os, sys\n'
                    'def main(a, b):\n'
                    '    print(a, b, sys.argv[1:], sys.stdin.read(), os.environ.get("PROBE_ENV"))\n'
                    '    sys.exit(9)\n')
        script = os.path.join(self.dir, 'script.py')
        with open(script, 'wb') as f:
            f.write(b'import sys\nprint(sys.stdin.read().upper(), sys.argv[1:])\nsys.exit(7)\n')
        env = {'PATH': '/usr/bin:/bin', 'MSIM_PYTHON_IDLE': '2', 'PROBE_ENV': 'caf\u00e9'}
        for warm in (False, True):
            if warm:
                self.wait_for_server()
            p = subprocess.run([client, script, 'a', 'b'], input=b'mail', capture_output=True, env=env, timeout=60)
            self.assertEqual((p.returncode, p.stdout.decode().strip()), (7, "MAIL ['a', 'b']"), p.stderr)
            p = subprocess.run([client, '--call', 'probe_call', 'main', 'one', 'two words', '--', '-x', ''],
                               input=b'in', capture_output=True, env=env, timeout=60)
            self.assertEqual((p.returncode, p.stdout.decode().strip()), (9, "one two words ['-x', ''] in caf\u00e9"),
                             p.stderr)

    def test_an_edited_simulator_is_never_served_from_the_servers_import(self):
        msim = os.path.join(self.code, 'msim', '__init__.py')  # the package the server imported
        wrapper = os.path.join(self.dir, 'cmd')
        with open(wrapper, 'w') as f:
            f.write('#!%s -S\nimport sys\nsys.path.insert(0, %r)\nfrom msim import python\npython.bind(%r)\n'
                    'python.call("msim", "main")\n' % (sys.executable, self.code, self.run))
        os.chmod(wrapper, 0o755)
        env = {'PATH': '/usr/bin:/bin', 'MSIM_PYTHON_IDLE': '5'}

        def run():
            return subprocess.run([wrapper], capture_output=True, env=env, timeout=60).stdout.decode().strip()
        with open(msim, 'w') as f:
            f.write('def main():\n    print("first")\n')
        self.assertEqual(run(), 'first')  # no server yet: runs here, starts one (msim imported)
        self.wait_for_server()
        self.assertEqual(run(), 'first')
        with open(msim, 'w') as f:
            f.write('def main():\n    print("edited, longer")\n')
        self.assertEqual(run(), 'edited, longer')
        self.assertEqual(run(), 'edited, longer')

    def test_the_server_ends_when_idle_and_the_next_run_starts_another(self):
        self.run_python(payload(1))
        self.wait_for_server()
        deadline = time.time() + 15
        while os.path.exists(os.path.join(self.run, 'python.sock')):
            self.assertLess(time.time(), deadline, 'the idle server did not end')
            time.sleep(0.2)
        p = self.run_python(payload(1))
        self.assertEqual(p.returncode, 0)
        self.wait_for_server()


if __name__ == '__main__':
    unittest.main()
