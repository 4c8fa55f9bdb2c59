"""msim - simulated Oracle Communications Messaging Server hosts for `msupgrade rehearse`.

Python 3 standard library only.  Two faces:

* the CLI (`python3 -m msim setup|deliver|touch-flags|check|fault|clear-faults|durations|
  status|barrier|clone|exec ...`, run with this package's folder on the module path),
  used by the Java side and by the tests;
* the simulated commands: tiny wrapper scripts written into each sandbox host's bin
  directories call `wrapper_main(root, host, name)`, which dispatches on the command name,
  applies the command to the sandbox state under a global lock and appends one line to
  ROOT/journal.jsonl.

The modules follow the simulator's parts (see MODULES); their public names are this package's
(msim.Sim, msim.setup, msim.execute, ...), bound on first use: `import msim` alone imports
nothing more, so the simulated hosts' Python (msim.python), which starts for every task and
command, does not pay for the simulator it hands the run to.

See README.md beside this package for the model, the SPEC format and the contract.
"""

# In import order: each imports only modules before it.
MODULES = ('base', 'store', 'runtime', 'config', 'state', 'ms_commands', 'ms_mailboxes', 'packages', 'zfs',
           'ha', 'directory', 'execution', 'sandbox', 'checks', 'commandline')

_loaded = False


def load():
    """Imports every module of the simulator and binds their public names here."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    import importlib
    names = globals()
    for name in MODULES:
        module = importlib.import_module(__name__ + '.' + name)
        for key, value in vars(module).items():
            if not key.startswith('_') and not isinstance(value, type(importlib)):
                names.setdefault(key, value)


def __getattr__(name):
    """msim.NAME for a name of one of the modules (PEP 562: only names not bound yet come here)."""
    # A module's own name, not imported yet, is the import system's to find (`from . import x`
    # asks first), not a reason to import them all.
    if not name.startswith('__') and name not in MODULES and name != 'python':
        load()
        if name in globals():
            return globals()[name]
    raise AttributeError('module %r has no attribute %r' % (__name__, name))
