"""The simulator's constants, its error, and the small helpers every part uses."""

import contextlib
import datetime
import fcntl
import getopt
import json
import os
import re
import time


# The simulator's folder: the one that holds this package (and ansible_plugins/, msim_client.c).
SIM_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIM_VERSION = 1

MS_COMMANDS = ('imsimta', 'stop-msg', 'start-msg', 'stored', 'mboxutil', 'imsbackup',
               'imsrestore', 'configtoxml', 'rehostuser', 'configure', 'msconfig', 'configutil', 'imsconnutil')
# a MAL (message access layer) host of a Cassandra store serves IMAP/POP and holds the
# rehosted mailboxes (the sandbox store stands in for Cassandra)
SERVICES_BY_COMPONENT = {'store': ['store', 'imap', 'pop'], 'mal': ['store', 'imap', 'pop'], 'mta': ['mta'],
                         'mmp': ['mmp'], 'webmail': ['http'], 'mshttp': ['http']}
SERVICE_ORDER = ['store', 'imap', 'pop', 'mta', 'mmp', 'http']
# real system commands passed through (journaled; absolute path arguments must stay inside
# the sandbox for the commands in PATH_CHECKED)
PASSTHROUGH = ['mv', 'cp', 'rm', 'mkdir', 'rmdir', 'ls', 'cat', 'test', '[', 'df', 'du', 'date',
               'sleep', 'tar', 'gzip', 'gunzip', 'chmod', 'chown', 'id', 'true', 'false', 'echo',
               'printf', 'grep', 'sed', 'awk', 'head', 'tail', 'wc', 'sort', 'find', 'ln', 'touch',
               'stat', 'basename', 'dirname', 'readlink', 'tee', 'sync', 'cut', 'tr', 'uniq',
               'whoami', 'diff', 'cmp', 'md5sum', 'sha256sum']
PATH_CHECKED = {'mv', 'cp', 'rm', 'mkdir', 'rmdir', 'ls', 'cat', 'df', 'du', 'tar', 'chmod',
                'chown', 'ln', 'touch', 'stat', 'find', 'tee', 'readlink', 'head', 'tail', 'wc',
                'sort', 'gzip', 'gunzip', 'diff', 'cmp', 'md5sum', 'sha256sum'}
SIMULATED_SYSTEM = ['rpm', 'pkginfo', 'pkgadd', 'pkgrm', 'pkg', 'zfs', 'scswitch', 'clresource',
                    'crsctl', 'ldapmodify', 'ldapsearch', 'hostname', 'uname', 'perl']
KNOWN_COMMANDS = set(MS_COMMANDS) | set(SIMULATED_SYSTEM) | set(PASSTHROUGH) | {'comm_dssetup.pl'}

DEFAULT_DURATIONS = {
    "default": 1,
    "passthrough": 0.2,
    "imsimta": 1, "mboxutil": {"base": 2, "per_message": 0.001},
    "stop-msg": 20, "start-msg": 40, "start-msg store": 15, "stored -r": 30,
    "rpm -q": 0.5, "rpm -e": 40, "rpm -i": 150, "rpm -U": 180,
    "pkginfo": 0.5, "pkgrm": 60, "pkgadd": 240,
    "pkg list": 2, "pkg info": 2, "pkg publisher": 1, "pkg set-publisher": 3,
    "pkg install": 300, "pkg update": 300, "pkg uninstall": 90,
    "imsbackup": {"base": 10, "per_message": 0.02},
    "imsrestore": {"base": 10, "per_message": 0.04},
    "rehostuser": {"base": 5, "per_message": 0.03},
    "zfs list": 0.5, "zfs snapshot": 2, "zfs rollback": 10, "zfs destroy": 2,
    "scswitch": 45, "clresource": 45, "crsctl": 45,
    "comm_dssetup.pl": 90, "configtoxml": 30, "configure": 60, "msconfig": 2, "configutil": 1, "imsconnutil": 1,
    "imsimta restart": 20, "imsimta cnbuild": 5,
    "ldapmodify": 1, "ldapsearch": 0.5,
}

DEFAULT_CONFIG = {
    "time_scale": 0.0,                 # real seconds slept per modelled second (0: never sleep)
    "deliver_every": 5,                # a message arrives every N simulated commands (0: off)
    "flags_every": 7,                  # a user changes a flag every N simulated commands (0: off)
    "zfs_snapshot_while_running": "refuse",   # refuse | flag
    "require_recovery_before_conversion": True,
    "durations": {},
}


class SimError(Exception):
    def __init__(self, msg, rc=1, unsupported=False):
        super().__init__(msg)
        self.rc = rc
        self.unsupported = unsupported


def usage_error(msg):
    return SimError(msg, rc=2, unsupported=True)


def parse_options(name, args, optstring, gnu=False, note=None):
    """getopt's (options, operands) of a simulated command's ARGS (gnu: getopt.gnu_getopt, options
    after operands too). An option the command does not take, or one without its value, is a usage
    error named by NAME (the command, or `CMD SUB`): rc 2, journaled `unknown`; NOTE, when given,
    follows in parentheses."""
    try:
        return (getopt.gnu_getopt if gnu else getopt.getopt)(args, optstring)
    except getopt.GetoptError as e:
        raise usage_error('%s: %s' % (name, e) + (' (%s)' % note if note else ''))


# ---------------------------------------------------------------------------------------------
# small helpers

def vkey(v):
    out = []
    for part in re.split(r'[.\-,]', str(v)):
        out.append(int(part) if part.isdigit() else 0)
    return tuple(out)


def store_format(version):
    """Message store on-disk format written by a version (8.0.1 changed it, 8.1.0 again)."""
    if version is None:
        return None
    k = vkey(version)
    if k < (8, 0, 1):
        return 1
    if k < (8, 1, 0):
        return 2
    return 3


def bin_subdir(version):
    return 'sbin' if vkey(version) < (8, 0) else 'bin'


def now_iso():
    return datetime.datetime.now().astimezone().isoformat(timespec='milliseconds')


def read_json(path, default=None):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return default


def write_json(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = '%s.tmp%d' % (path, os.getpid())
    with open(tmp, 'w') as f:
        json.dump(data, f, indent=1, sort_keys=True)
    os.replace(tmp, path)


def parse_since(text):
    m = re.fullmatch(r'(\d{8}):?(\d{6})?', text)
    if not m:
        raise usage_error('imsbackup: bad date %r (expected YYYYMMDD:HHMMSS)' % text)
    s = m.group(1) + (m.group(2) or '000000')
    return time.mktime(time.strptime(s, '%Y%m%d%H%M%S'))


@contextlib.contextmanager
def locked(root):
    fd = os.open(os.path.join(root, '.msim.lock'), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
