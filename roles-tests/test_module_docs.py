"""Every module of the roles (roles/*/library/*.py) is documented for ansible-doc.

`ansible-doc -M <library> <module>` must render it (exit 0, its options, examples and return
values), and the documented options must be exactly the module's argument_spec, with the same
types, required flags, defaults and choices: a new option the documentation does not list, or a
documented option the module dropped, fails here. These modules are also those of the collection
msupgrade.messaging (plugins/modules/), where ansible-doc shows the same text.
"""
import ast
import glob
import json
import os
import shutil
import subprocess
import unittest

ROLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'playbook-templates', 'roles')
MODULES = sorted(glob.glob(os.path.join(ROLES, '*', 'library', '*.py')))


def argument_spec(path):
    """The module's argument_spec=dict(...) as {option: {type, required, default, choices}}."""
    with open(path) as f:
        tree = ast.parse(f.read())
    # module-level constants a default may name (DEFAULT_INSTALL_ROOT = "/opt/...")
    constants = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                constants[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                pass

    def value(v):
        return constants[v.id] if isinstance(v, ast.Name) and v.id in constants else ast.literal_eval(v)

    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == 'argument_spec' and isinstance(node.value, ast.Call):
            spec = {}
            for option in node.value.keywords:
                attrs = {k.arg: value(k.value) for k in option.value.keywords}
                spec[option.arg] = attrs
            return spec
    raise AssertionError('no argument_spec=dict(...) in ' + path)


def run(*argv):
    env = dict(os.environ, ANSIBLE_NOCOLOR='1')
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=300)


@unittest.skipUnless(shutil.which('ansible-doc'), 'ansible-doc is not installed')
class ModuleDocs(unittest.TestCase):

    def test_there_are_modules(self):
        self.assertGreaterEqual(len(MODULES), 3, MODULES)

    def test_ansible_doc_renders_every_module(self):
        for path in MODULES:
            name = os.path.basename(path)[:-3]
            with self.subTest(module=name):
                r = run('ansible-doc', '-M', os.path.dirname(path), name)
                self.assertEqual(r.returncode, 0, r.stderr)
                for section in ('OPTIONS', 'EXAMPLES', 'RETURN VALUES'):
                    self.assertIn(section, r.stdout)
                for option in argument_spec(path):
                    self.assertIn(option, r.stdout)

    def test_documented_options_are_the_argument_spec(self):
        for path in MODULES:
            name = os.path.basename(path)[:-3]
            with self.subTest(module=name):
                r = run('ansible-doc', '-j', '-M', os.path.dirname(path), name)
                self.assertEqual(r.returncode, 0, r.stderr)
                doc = json.loads(r.stdout)[name]['doc']
                documented = doc.get('options', {})
                spec = argument_spec(path)
                self.assertEqual(sorted(documented), sorted(spec), 'documented options vs argument_spec')
                for option, attrs in spec.items():
                    d = documented[option]
                    self.assertEqual(d.get('type', 'str'), attrs.get('type', 'str'), option + ': type')
                    self.assertEqual(bool(d.get('required', False)), bool(attrs.get('required', False)),
                                     option + ': required')
                    if 'default' in attrs and attrs['default'] not in (None, [], {}):
                        self.assertEqual(d.get('default'), attrs['default'], option + ': default')
                    if 'choices' in attrs:
                        self.assertEqual(d.get('choices'), attrs['choices'], option + ': choices')
                    if attrs.get('type') == 'list':
                        self.assertEqual(d.get('elements'), attrs.get('elements'), option + ': elements')
                self.assertTrue(doc.get('short_description'))


if __name__ == '__main__':
    unittest.main()
