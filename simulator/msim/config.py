"""The product's configuration as the simulated hosts keep it: the layout (legacy msg.conf or
Unified Configuration's config.xml), the directory caches' TTLs, the options setup writes."""

import os
import re

from .base import read_json


def config_layout(h):
    cr = h['config_root']
    if os.path.exists(os.path.join(cr, 'config.xml')):
        return 'unified'
    if os.path.exists(os.path.join(cr, 'msg.conf')):
        return 'legacy'
    return None


# The caches the online move lowers (Administration Guide 6.3, "To Migrate User Mailboxes from
# One Messaging Server to Another While Online", step 3), their documented defaults, and where
# each layout keeps them. Legacy: the store's configutil option in msg.conf; the MMP's
# ImapProxyAService.cfg / PopProxyAService.cfg ("default:Option value" lines); the MTA's
# option.dat (OPTION=value). Unified Configuration (msconfig): the names below (the MMP's
# ldapcachettl is "available under mmp, imapproxy, popproxy, and vdomain"; the others are
# this simulator's reading of the legacy names, see docs/coexistence.md).
CACHE_DEFAULTS = {'service.authcachettl': 900, 'LdapCacheTTL': 900, 'AuthCacheTTL': 900,
                  'ALIAS_ENTRY_CACHE_TIMEOUT': 600}
MMP_FILES = {'ImapProxyAService.cfg': 'imapproxy', 'PopProxyAService.cfg': 'popproxy'}
UNIFIED_CACHE_OPTIONS = {'base.authcachettl', 'mta.alias_entry_cache_timeout',
                         'imapproxy.ldapcachettl', 'imapproxy.authcachettl', 'popproxy.ldapcachettl',
                         'popproxy.authcachettl', 'mmp.ldapcachettl', 'mmp.authcachettl'}


def read_lines(path):
    try:
        with open(path) as f:
            return f.read().splitlines()
    except OSError:
        return []


def ttl_value(v, default):
    try:
        return max(0, int(str(v).strip()))
    except (TypeError, ValueError):
        return default


def unified_option(h, name):
    cfg = read_json(os.path.join(h['config_root'], '.msim-config.json'), {}) if h.get('config_root') else {}
    return (cfg.get('msconfig') or {}).get(name)


def msg_conf_option(h, name):
    for line in read_lines(os.path.join(h['config_root'], 'msg.conf')):
        if '=' in line and not line.lstrip().startswith(('!', '#')):
            k, v = [x.strip() for x in line.split('=', 1)]
            if k == name:
                return v
    return None


def store_config_ttl(h):
    if config_layout(h) == 'unified':
        v = unified_option(h, 'base.authcachettl')
    else:
        v = msg_conf_option(h, 'service.authcachettl')
    return ttl_value(v, CACHE_DEFAULTS['service.authcachettl'])


def mmp_config_ttl(h):
    """How long the MMP lets a user in on a cached entry: per service, its AuthCacheTTL bounded by
    its LdapCacheTTL ("setting ldapcachettl smaller than authcachettl causes the entire user entry
    to expire"); a user may come through IMAP or POP, so the longer of the two."""
    out = []
    for fname, group in MMP_FILES.items():
        vals = {}
        if config_layout(h) == 'unified':
            for opt in ('ldapcachettl', 'authcachettl'):
                v = unified_option(h, '%s.%s' % (group, opt))
                vals[opt] = v if v is not None else unified_option(h, 'mmp.%s' % opt)
        else:
            for line in read_lines(os.path.join(h['config_root'], fname)):
                m = re.match(r'^\s*default:(\w+)\s+(\S+)', line)
                if m and m.group(1).lower() in ('ldapcachettl', 'authcachettl'):
                    vals[m.group(1).lower()] = m.group(2)
        out.append(min(ttl_value(vals.get('ldapcachettl'), 900), ttl_value(vals.get('authcachettl'), 900)))
    return max(out)


def mta_config_ttl(h):
    if config_layout(h) == 'unified':
        v = unified_option(h, 'mta.alias_entry_cache_timeout')
    else:
        v = None
        for line in read_lines(os.path.join(h['config_root'], 'option.dat')):
            m = re.match(r'^\s*ALIAS_ENTRY_CACHE_TIMEOUT\s*=\s*(\S*)', line, re.I)
            if m:
                v = m.group(1)
    return ttl_value(v, CACHE_DEFAULTS['ALIAS_ENTRY_CACHE_TIMEOUT'])


def mta_compiled_ttl(h):
    """The MTA runs the compiled configuration (imsimta cnbuild), not the files as edited."""
    return ttl_value((h.get('mta_compiled') or {}).get('alias_entry_cache_timeout'),
                     CACHE_DEFAULTS['ALIAS_ENTRY_CACHE_TIMEOUT'])


def cache_ttl(h, kind):
    """The TTL a running process uses: the MTA's and the MMP's as they were when it (re)started,
    the store's authentication cache as configured (the guide: with the hold it "immediately
    prevents users from accessing their mailboxes")."""
    if kind == 'store':
        return store_config_ttl(h) if config_layout(h) else CACHE_DEFAULTS['service.authcachettl']
    live = (h.get('live') or {}).get(kind)
    if live is None:
        return CACHE_DEFAULTS['ALIAS_ENTRY_CACHE_TIMEOUT' if kind == 'mta' else 'AuthCacheTTL']
    return live


# The product's own options that say which services a host runs and where its directory is
# (configutil names, kept in ConfigRoot/msg.conf; Unified Configuration keeps them in
# ConfigRoot/config.xml under the names of UNIFIED_OPTION_NAMES). Written by setup the way
# `configure` leaves them; `msupgrade discover` reads them (docs/contract-variables.md).
COMPONENT_OPTIONS = (('store', 'local.store.enable'), ('mta', 'local.imta.enable'),
                     ('mmp', 'local.mmp.enable'), ('webmail', 'service.http.enable'))
UNIFIED_OPTION_NAMES = {'local.store.enable': 'store.enable', 'local.imta.enable': 'mta.enable',
                        'local.mmp.enable': 'mmp.enable', 'service.http.enable': 'http.enable',
                        'service.imap.enable': 'imap.enable', 'service.pop.enable': 'pop.enable',
                        'local.ugldaphost': 'base.ugldaphost', 'local.ugldapport': 'base.ugldapport',
                        'local.ugldapbasedn': 'base.ugldapbasedn'}


def product_options(components, directory):
    """[(configutil option, value)] of a host running COMPONENTS against DIRECTORY."""
    store = 'store' in components
    out = [(opt, 1 if c in components else 0) for c, opt in COMPONENT_OPTIONS]
    out += [('service.imap.enable', 1 if store else 0), ('service.pop.enable', 1 if store else 0),
            ('local.ugldaphost', directory['host']), ('local.ugldapport', directory['port']),
            ('local.ugldapbasedn', directory['base_dn'])]
    return out


def unified_config_xml(name, options, comment=None):
    """config.xml holding OPTIONS: `<imap enable="1"/>` is the option imap.enable."""
    from xml.sax.saxutils import quoteattr
    groups = {}
    for opt, value in options:
        group, key = UNIFIED_OPTION_NAMES.get(opt, opt).split('.', 1)
        groups.setdefault(group, []).append('%s=%s' % (key, quoteattr(str(value))))
    body = ''.join('  <%s %s/>\n' % (g, ' '.join(attrs)) for g, attrs in groups.items())
    return ('<?xml version="1.0"?>\n%s<config host=%s>\n%s</config>\n'
            % ('<!-- %s -->\n' % comment if comment else '', quoteattr(name), body))
