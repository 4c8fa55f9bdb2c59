"""The directory: comm_dssetup.pl, ldapmodify, ldapsearch."""

import fnmatch
import os
import re

from .base import parse_options, SimError, usage_error


# ---------------------------------------------------------------------------------------------
# directory: comm_dssetup.pl, ldapmodify, ldapsearch

def check_bind(ctx, binddn, pwfile, host, port, password=None):
    d = ctx.sim.directory
    if binddn is None or binddn.lower() != d['bind_dn'].lower():
        raise SimError('%s: ldap_bind: Invalid credentials (49) (bind DN %r)' % (ctx.name, binddn), rc=49)
    if password is not None:
        pw = password
    elif pwfile is None:
        raise SimError('%s: no password file given' % ctx.name, rc=49)
    else:
        try:
            with open(pwfile) as f:
                pw = f.read().rstrip('\n')
        except OSError as e:
            raise SimError('%s: cannot read password file %s: %s' % (ctx.name, pwfile, e), rc=49)
    if not pw or (d.get('password') and pw != d['password']):
        raise SimError('%s: ldap_bind: Invalid credentials (49)' % ctx.name, rc=49)
    if host is not None and host.lower() != d['host'].lower():
        raise SimError("%s: ldap_sasl_bind(SIMPLE): Can't contact LDAP server (-1) at %s" % (ctx.name, host), rc=255)
    if port is not None and str(port) != str(d['port']):
        raise SimError("%s: Can't contact LDAP server (-1) on port %s" % (ctx.name, port), rc=255)


def parse_ldap_url(url):
    m = re.fullmatch(r'ldaps?://([^:/]+)(?::(\d+))?/?', url)
    if not m:
        raise usage_error('bad LDAP URL %r' % url)
    return m.group(1), m.group(2) or '389'


# The silent-mode options of Oracle's comm_dssetup.pl documents: -i -R -c -d -r -u -s -D -w -b -t -m
# [-S] (the Messaging Server / Calendar Server guides' "comm_dssetup.pl Syntax"; -H/-P name a
# remote server). The password is -w PASSWORD: there is no documented password-file option, so -j
# is refused as unknown. A -w on the command line shows the password to every user of the host
# (ps) and in logs: refused and flagged (project rule); the roles hand it to the script inside
# perl instead (DSSETUP_PERL_PROGRAM below, docs/contract-variables.md).
DSSETUP_OPTIONS = 'i:R:c:D:w:s:b:t:m:H:P:S:r:u:d:'
# `perl -e DSSETUP_PERL_PROGRAM SCRIPT ARGS...` runs SCRIPT in this perl with ARGS plus
# `-w $MSUPGRADE_DSSETUP_PASSWORD`: the password is in the script's @ARGV, never on a command line.
DSSETUP_PERL_PROGRAM = ('$0 = shift @ARGV; push @ARGV, "-w", $ENV{MSUPGRADE_DSSETUP_PASSWORD}; '
                        'delete $ENV{MSUPGRADE_DSSETUP_PASSWORD}; do $0; die $@ if $@;')


def cmd_comm_dssetup(ctx, password=None):
    opts, rest = parse_options('comm_dssetup.pl', ctx.args, DSSETUP_OPTIONS,
                               note='documented silent-mode options: -i -R -c -d -r -u -s -D -w -b -t -m -S')
    o = dict(opts)
    if rest:
        raise usage_error('comm_dssetup.pl: unexpected %r' % rest)
    if password is None and '-w' in o:
        ctx.flags.append('password_on_argv')
        raise SimError('comm_dssetup.pl: -w PASSWORD on the command line shows the password in the process list'
                       ' and the logs; hand it to the script inside perl (docs/contract-variables.md)')
    check_bind(ctx, o.get('-D'), None, o.get('-H'), o.get('-P'), password=o.get('-w'))
    if '-H' not in o and ctx.h is not None:
        # no -H: the script works on the local instance named by -c (server root) and -d
        root_ok = ctx.h.get('ds_server_root') and os.path.normpath(o.get('-c', '')) == ctx.h['ds_server_root']
        inst_ok = ('-d' not in o) or (ctx.h.get('ds_instance')
                                      and os.path.normpath(o['-d']) == ctx.h['ds_instance'])
        if not root_ok or not inst_ok:
            raise SimError('comm_dssetup.pl: %s is not a Directory Server root with instance %s on %s'
                           % (o.get('-c'), o.get('-d'), ctx.hname))
    if ctx.fault:
        raise SimError('comm_dssetup.pl: schema update failed (injected fault %s)' % ctx.fault['id'])
    d = ctx.sim.directory
    old = d.get('schema_version')
    d['schema_version'] = d['target_schema_version']
    d.setdefault('dssetup_runs', []).append({"host": ctx.hname, "time": ctx.sim.now,
                                             "from": old, "to": d['schema_version'],
                                             "options": o})
    ctx.p('comm_dssetup.pl: schema updated %s -> %s' % (old, d['schema_version']))
    return 0


def cmd_perl(ctx):
    if ctx.args and os.path.basename(ctx.args[0]) == 'comm_dssetup.pl':
        ctx.args = ctx.args[1:]
        ctx.name = 'comm_dssetup.pl'
        return cmd_comm_dssetup(ctx)
    if ctx.args[:1] == ['-e'] and len(ctx.args) >= 3 and ctx.args[1] == DSSETUP_PERL_PROGRAM \
            and os.path.basename(ctx.args[2]) == 'comm_dssetup.pl':
        password = os.environ.get('MSUPGRADE_DSSETUP_PASSWORD')
        if not password:
            raise SimError('comm_dssetup.pl: -w needs a value (MSUPGRADE_DSSETUP_PASSWORD is not set)')
        ctx.args = ctx.args[3:] + ['-w', password]
        ctx.name = 'comm_dssetup.pl'
        return cmd_comm_dssetup(ctx, password=password)
    raise usage_error('perl: only comm_dssetup.pl (perl SCRIPT ARGS, or perl -e DSSETUP_PERL_PROGRAM SCRIPT ARGS)'
                      ' is simulated')


def ldap_common(ctx, optstring):
    opts, rest = parse_options(ctx.name, ctx.args, optstring, gnu=True)
    o = {}
    for k, v in opts:
        o[k] = v
    if '-w' in o:
        ctx.flags.append('password_on_argv')
        raise SimError('%s: use -y PWFILE; -w puts the password on the command line' % ctx.name)
    host, port = (parse_ldap_url(o['-H']) if '-H' in o else (o.get('-h'), o.get('-p')))
    check_bind(ctx, o.get('-D'), o.get('-y') or o.get('-j'), host, port)
    return o, rest


def norm_dn(dn):
    return ','.join(p.strip().lower() for p in dn.split(','))


def user_base(directory):
    return directory.get('user_base') or 'ou=People,%s' % directory.get('base_dn', 'o=example.com')


def uid_of_dn(dn, base=None):
    """The uid of a user's DN, uid=U,<user_base>; None for any other DN (no such object)."""
    m = re.match(r'\s*uid=([^,]+),(.*)$', dn, re.I)
    if not m:
        return None
    if base is not None and norm_dn(m.group(2)) != norm_dn(base):
        return None
    return m.group(1).strip()


def cmd_ldapmodify(ctx):
    o, rest = ldap_common(ctx, 'H:h:p:D:y:j:f:xcvw:Z')
    if rest:
        raise usage_error('ldapmodify: unexpected %r' % rest)
    if '-f' in o:
        try:
            with open(o['-f']) as f:
                text = f.read()
        except OSError as e:
            raise SimError('ldapmodify: %s' % e)
    else:
        text = ctx.stdin.read().decode()
    if ctx.fault:
        raise SimError('ldapmodify: modify failed: Server is unwilling to perform (53) (injected fault %s)'
                       % ctx.fault['id'], rc=53)
    users = ctx.sim.directory['users']
    changed = []
    for block in re.split(r'\n\s*\n', text.strip()):
        lines = [l for l in block.splitlines() if l and not l.startswith('#')]
        if not lines:
            continue
        if not lines[0].lower().startswith('dn:'):
            raise SimError('ldapmodify: invalid format (line 1): expected dn:', rc=1)
        dn = lines[0].split(':', 1)[1].strip()
        uid = uid_of_dn(dn, user_base(ctx.sim.directory))
        if uid is None or uid not in users:
            raise SimError('ldapmodify: modifying entry "%s"\nldap_modify: No such object (32)' % dn, rc=32)
        entry = users[uid]
        ops = lines[1:]
        if ops and ops[0].lower().replace(' ', '') == 'changetype:modify':
            ops = ops[1:]
        op = None
        attr = None
        for l in ops:
            if l.strip() == '-':
                op = attr = None
                continue
            k, v = [x.strip() for x in l.split(':', 1)]
            if k.lower() in ('replace', 'add', 'delete') and op is None:
                op, attr = k.lower(), v
                if op == 'delete':
                    entry.pop(attr, None)
                continue
            if op is None:
                raise SimError('ldapmodify: invalid format: %s (changetype modify expects replace:/add:/delete:)' % l)
            if k.lower() != attr.lower():
                raise SimError('ldapmodify: attribute %s does not match %s: %s' % (k, op, attr))
            entry[attr] = v
            changed.append({"uid": uid, "attr": attr, "value": v})
        ctx.p('modifying entry "%s"' % dn)
    ctx.info['ldap_changes'] = changed
    return 0


def cmd_ldapsearch(ctx):
    o, rest = ldap_common(ctx, 'H:h:p:D:y:j:b:s:xLZw:')
    if not rest:
        raise usage_error('ldapsearch: no filter')
    flt, attrs = rest[0], rest[1:]
    m = re.fullmatch(r'\(?(\w+)=([^)]*)\)?', flt)
    if not m:
        raise usage_error('ldapsearch: only (attr=value) filters are simulated')
    key, val = m.group(1), m.group(2)
    base = user_base(ctx.sim.directory)
    for uid, entry in sorted(ctx.sim.directory['users'].items()):
        e = dict(entry, uid=uid)
        if key.lower() == 'objectclass' or fnmatch.fnmatchcase(str(e.get(key, '')).lower(), val.lower()):
            ctx.p('dn: uid=%s,%s' % (uid, base))
            for k in (attrs or sorted(e)):
                if k in e:
                    ctx.p('%s: %s' % (k, e[k]))
            ctx.p('')
    return 0
