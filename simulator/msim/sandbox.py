"""Setup of the sandboxes from a SPEC, their copies (clone), and the inventory variables."""

import json
import os
import re
import shutil
import time

from .base import (DEFAULT_CONFIG, PASSTHROUGH, SERVICES_BY_COMPONENT, SIM_DIR, SIM_VERSION, read_json,
                   SimError, store_format, vkey, write_json)
from .store import add_message, Store
from .runtime import default_runtime, interpreter, prepare, write_media_wrapper, write_wrapper
from .config import product_options, unified_config_xml
from .state import check_timing, Sim
from .packages import ips_catalog
from .zfs import zfs_dir, zfs_save
from .directory import user_base


# ---------------------------------------------------------------------------------------------
# setup

def norm_users(spec_users, host):
    if spec_users is None:
        return []
    if isinstance(spec_users, dict):
        prefix = spec_users.get('prefix', host + '-u')
        return [{"uid": '%s%02d' % (prefix, i + 1), "messages": spec_users.get('messages', 5)}
                for i in range(spec_users.get('count', 0))]
    return [u if isinstance(u, dict) else {"uid": u, "messages": 5} for u in spec_users]


def write_media(root, version, packages):
    base = os.path.join(root, 'media', version)
    lin = os.path.join(base, 'linux')
    sol = os.path.join(base, 'solaris')
    agent = os.path.join(base, 'clusterware-agent')
    os.makedirs(lin, exist_ok=True)
    os.makedirs(agent, exist_ok=True)
    # the Messaging Server Oracle Clusterware agent: RPMs of their own, upgraded after the software
    # (chapter "Messaging Server 8.1.0 Upgrade in an HA Environment")
    for n in packages.get('clusterware_agent') or []:
        with open(os.path.join(agent, '%s-%s-1.x86_64.rpm' % (n, version)), 'w') as f:
            f.write(json.dumps({"msim": "rpm", "name": n, "version": version, "release": "1",
                                "arch": "x86_64", "summary": "Messaging Server Oracle Clusterware agent"}) + '\n')
    for n in packages['linux']:
        with open(os.path.join(lin, '%s-%s-1.x86_64.rpm' % (n, version)), 'w') as f:
            f.write(json.dumps({"msim": "rpm", "name": n, "version": version, "release": "1",
                                "arch": "x86_64", "summary": "Oracle Communications Messaging Server"}) + '\n')
    for n in packages['solaris']:
        d = os.path.join(sol, n)
        os.makedirs(os.path.join(d, 'reloc'), exist_ok=True)
        with open(os.path.join(d, 'pkginfo'), 'w') as f:
            f.write('PKG=%s\nNAME=Oracle Communications Messaging Server\nARCH=sparc,i386\n'
                    'VERSION=%s\nCATEGORY=application\nBASEDIR=/opt/sun/comms/messaging64\n' % (n, version))
        with open(os.path.join(d, 'pkgmap'), 'w') as f:
            f.write(': 1 1\n1 d none bin 0755 root bin\n')
    return {"linux": lin, "solaris": sol}


def write_release_file(etc, fam, os_, arch):
    """/etc/os-release (Linux) or /etc/release (Solaris) as the model's OS writes them."""
    if fam == 'solaris':
        m = re.search(r'(\d+(?:\.\d+)?)', os_)
        rel = m.group(1) if m else '11.4'
        plat = 'SPARC' if arch == 'sparc' else 'X86'
        if rel == '10':
            text = '                   Oracle Solaris 10 1/13 s10s_u11wos_24a %s\n' % plat
        else:
            text = '                             Oracle Solaris %s %s\n' % (rel, plat)
        text += '  Copyright (c) 1983, 2018, Oracle and/or its affiliates.  All rights reserved.\n'
        path = os.path.join(etc, 'release')
    else:
        m = re.match(r'(.*?)-(\d+)(?:\.(\d+))?$', os_)
        distro, major = (m.group(1), m.group(2)) if m else (os_, '8')
        minor = (m.group(3) if m and m.group(3) else '9') if m else '9'
        ids = {'oracle-linux': ('ol', 'Oracle Linux Server', 'fedora'),
               'rhel': ('rhel', 'Red Hat Enterprise Linux', 'fedora'),
               'centos': ('centos', 'CentOS Linux', 'rhel fedora'),
               'rocky': ('rocky', 'Rocky Linux', 'rhel centos fedora'),
               'almalinux': ('almalinux', 'AlmaLinux', 'rhel centos fedora'),
               'ubuntu': ('ubuntu', 'Ubuntu', 'debian'), 'debian': ('debian', 'Debian GNU/Linux', ''),
               'sles': ('sles', 'SLES', 'suse')}
        ident, name, like = ids.get(distro, (distro, distro, ''))
        text = ('NAME="%s"\nVERSION="%s.%s"\nID="%s"\nID_LIKE="%s"\nVERSION_ID="%s.%s"\n'
                'PRETTY_NAME="%s %s.%s"\n' % (name, major, minor, ident, like, major, minor, name, major, minor))
        path = os.path.join(etc, 'os-release')
    with open(path, 'w') as f:
        f.write(text)
    return path


def setup(spec, root, runtime=None):
    """Builds the simulation SPEC at ROOT; RUNTIME: the folder of what the simulator writes while
    it runs (see msim.runtime; outside ROOT, as the copies of ROOT share it). Returns the
    inventory variables."""
    root = os.path.abspath(root)
    runtime = os.path.abspath(runtime) if runtime else default_runtime()
    if os.path.exists(os.path.join(root, 'sim.json')):
        raise SimError('msim setup: %s already holds a simulation; remove it first' % root)
    if (runtime + os.sep).startswith(root + os.sep):
        raise SimError('msim setup: the runtime folder %s must be outside the simulation %s' % (runtime, root))
    os.makedirs(root, exist_ok=True)
    prepare(runtime)
    target = spec['target_version']
    packages = {"linux": ["sun-messaging-server"], "solaris": ["SUNWmsgsr"],
                "ips": "communication/messaging/messaging-server", "ips_publisher": "comms"}
    packages.update(spec.get('packages') or {})
    agents = []
    for hs in spec['hosts']:
        for n in ((hs.get('ha') or {}).get('agent') or []):
            if n not in agents:
                agents.append(n)
    packages.setdefault('clusterware_agent', agents)
    simcfg = dict(DEFAULT_CONFIG)
    simcfg.update(spec.get('sim') or {})
    check_timing(simcfg.get('durations'), simcfg.get('time_scale'))
    hosts_spec = spec['hosts']
    names = [h['name'] for h in hosts_spec]
    if len(set(names)) != len(names):
        raise SimError('msim setup: duplicate host names')
    pt = {}
    for n in PASSTHROUGH:
        p = shutil.which(n, path='/usr/bin:/bin:/usr/sbin:/sbin')
        if p:
            pt[n] = p
    cfg = dict(simcfg, version=SIM_VERSION, seed=spec.get('seed', 1), target_version=target,
               host_names=names, packages=packages, passthrough=pt, seq=0, command_count=0,
               barrier=0.0, created=time.time(), deployment=spec.get('deployment', 'rehearsal'),
               runtime=runtime)
    # media
    versions = sorted({target} | {h['installed_version'] for h in hosts_spec if h.get('installed_version')}
                      | set(spec.get('media_versions') or []), key=vkey)
    media = {v: write_media(root, v, packages) for v in versions}
    ips_root = os.path.join(root, 'media', 'ips')
    ips_uri = 'file://' + ips_root
    write_json(os.path.join(ips_root, 'catalog.json'),
               {"publisher": packages['ips_publisher'], "uri": ips_uri, "path": ips_root,
                "packages": {packages['ips']: versions}})
    dss = os.path.join(root, 'media', 'dssetup')
    write_media_wrapper(os.path.join(dss, 'comm_dssetup.pl'), 'comm_dssetup.pl', runtime)
    with open(os.path.join(dss, 'comm_dssetup.pl'), 'a') as f:
        # the banner the script prints in interactive mode, "(Version X Revision Y)" (the Sun/Oracle
        # guides' interactive example), carried in the script's text as the real script carries it
        f.write('# Welcome to the Directory Server preparation tool for Oracle Communications Services.'
                ' (Version %s Revision 0.1)\n' % target)
    # directory
    dspec = spec.get('directory') or {}
    directory = {"host": dspec.get('host', 'ldap1'), "port": int(dspec.get('port', 389)),
                 "bind_dn": dspec.get('bind_dn', 'cn=Directory Manager'),
                 "password": dspec.get('password', 'rehearsal-secret'),
                 "base_dn": dspec.get('base_dn', 'o=example.com'),
                 "user_base": dspec.get('user_base') or 'ou=People,%s' % dspec.get('base_dn', 'o=example.com'),
                 "schema_version": dspec.get('schema_version', '6.4.0.28.0'),
                 "target_schema_version": dspec.get('target_schema_version', target),
                 "users": {}, "dssetup_runs": []}
    cluster = {"resources": {}}
    ledger = {"next": 1, "messages": {}, "flag_changes": 0}
    now = time.time()
    hosts = {}
    out_hosts = {}
    for hs in hosts_spec:
        name = hs['name']
        hdir = os.path.join(root, 'hosts', name)
        fam = hs.get('os_family') or ('solaris' if str(hs.get('os', '')).startswith('solaris') else 'linux')
        os_ = hs.get('os') or ('solaris-11.4' if fam == 'solaris' else 'linux')
        ver = hs.get('installed_version')
        ha = hs.get('ha')
        if ha:
            ha = dict(ha)
            ha.setdefault('logical_host', ha['resource'])
            shared = os.path.join(root, 'ha', ha['resource'])
            config_root = os.path.join(shared, 'config')
            data_root = os.path.join(shared, 'data')
        else:
            config_root = os.path.join(hdir, 'var/opt/sun/comms/messaging64/config')
            data_root = os.path.join(hdir, 'var/opt/sun/comms/messaging64/data')
        pkgsys = hs.get('package_system') or ('rpm' if fam == 'linux' else
                                              'ips' if os_.startswith('solaris-11.4') else 'svr4')
        h = {"name": name, "fqdn": hs.get('fqdn'), "os_family": fam, "os": os_,
             "arch": hs.get('arch') or ('sparc' if fam == 'solaris' else 'x86_64'),
             "components": hs.get('components') if hs.get('components') is not None else ['store'], "ha": ha,
             "zfs_dataset": hs.get('zfs_dataset'), "package_system": pkgsys, "bits": int(hs.get('bits') or 64),
             "original_version": ver, "replacement": hs.get('replacement'), "role": hs.get('role'),
             "replaces": hs.get('replaces'), "created": now,
             "install_root": os.path.join(hdir, 'opt/sun/comms/messaging64'),
             "config_root": config_root, "data_root": data_root,
             "state_dir": os.path.join(hdir, 'var/opt/msupgrade/state'),
             "backup_dir": os.path.join(hdir, 'var/opt/msupgrade/backup'),
             "zfs_mount": None,
             "bin_dir": os.path.join(hdir, 'bin'),
             "services": {}, "packages": {"rpm": {}, "svr4": {}, "ips": {}},
             "publishers": [], "clock": 0.0}
        if h['zfs_dataset']:
            # where the store dataset is mounted: the store area (default), the whole data root
            # (store AND MTA queue: what the chapter warns against), or elsewhere (the store is not on it)
            where = hs.get('zfs_mount') or 'store'
            if where not in ('store', 'data', 'other'):
                raise SimError('msim setup: zfs_mount of %s must be store, data or other' % name)
            h['zfs_mount'] = {'store': os.path.join(data_root, 'store'), 'data': data_root,
                              'other': os.path.join(hdir, 'zfs', 'other')}[where]
            os.makedirs(h['zfs_mount'], exist_ok=True)
            if hs.get('backup_in_store_dataset'):
                # the backup folder inside the dataset the back-out's rollback reverts
                h['backup_dir'] = os.path.join(h['zfs_mount'], 'msupgrade-backup')
        if fam == 'solaris' and not os_.startswith('solaris-10'):
            h['publishers'].append({"name": "solaris", "origin": ["http://pkg.oracle.com/solaris/release/"],
                                    "mirror": [], "sticky": True, "enabled": True})
        # A new host has no ConfigRoot until Messaging Server's initial configuration (configure)
        # created it: installing the packages does not.
        for d in ([config_root] if ver else []) + [h['install_root'], data_root, h['state_dir'], h['backup_dir'],
                  os.path.join(hdir, 'tmp'), os.path.join(hdir, 'home'), os.path.join(hdir, 'etc')]:
            os.makedirs(d, exist_ok=True)
        h['release_file'] = write_release_file(os.path.join(hdir, 'etc'), fam, os_, h['arch'])
        if h['role'] == 'directory':
            # the Directory Server host: comm_dssetup.pl updates its local instance (-c, -d)
            h['components'] = []
            h['ds_server_root'] = os.path.join(hdir, 'opt/dsee7')
            h['ds_instance'] = os.path.join(hdir, 'var/opt/dsee7/instances/dsins1')
            for d in (h['ds_server_root'], h['ds_instance']):
                os.makedirs(d, exist_ok=True)
            directory['server_host'] = name
        # Cassandra hosts: Apache Cassandra is installed first, outside this chapter (Oracle's
        # "Installation and Configuration Guide for Cassandra Message Store")
        if fam == 'linux' and set(h['components']) == {'cassandra'}:
            h['packages']['rpm']['cassandra'] = {"name": "cassandra", "version": "3.11.13", "release": "1",
                                                 "arch": "noarch", "state": "installed",
                                                 "installed_at": now - 86400 * 30}
        if ver and ha and ha.get('cluster') == 'clusterware':
            for n in ha.get('agent') or []:
                h['packages']['rpm'][n] = {"name": n, "version": ver, "release": "1", "arch": "x86_64",
                                           "state": "installed", "installed_at": now - 86400 * 400}
        if ver:
            if pkgsys == 'rpm':
                for n in packages['linux']:
                    h['packages']['rpm'][n] = {"name": n, "version": ver, "release": "1", "arch": "x86_64",
                                               "state": "installed", "installed_at": now - 86400 * 400}
            elif pkgsys == 'svr4':
                for n in packages['solaris']:
                    h['packages']['svr4'][n] = {"name": n, "version": ver, "arch": "sparc,i386",
                                                "state": "installed", "installed_at": now - 86400 * 400,
                                                "desc": "Oracle Communications Messaging Server"}
            else:
                h['packages']['ips'][packages['ips']] = {"name": packages['ips'], "version": ver,
                                                         "publisher": packages['ips_publisher'],
                                                         "state": "installed"}
                h['publishers'].append({"name": packages['ips_publisher'], "origin": [ips_uri],
                                        "mirror": [], "sticky": True, "enabled": True})
            layout = hs.get('config') or ('legacy' if vkey(ver) < (7, 0, 5) else 'unified')
            if not os.path.exists(os.path.join(config_root, '.msim-config.json')):
                options = product_options(h['components'], directory)
                if layout == 'legacy':
                    msg_conf = ''.join('%s = %s\n' % (k, v) for k, v in options)
                    for f, body in (('msg.conf', msg_conf),
                                    ('imta.cnf', '! channel table\n'), ('option.dat', '! options\n'),
                                    ('mappings', '! mappings\n')):
                        with open(os.path.join(config_root, f), 'w') as fh:
                            fh.write(body)
                else:
                    with open(os.path.join(config_root, 'config.xml'), 'w') as fh:
                        fh.write(unified_config_xml(name, options))
                write_json(os.path.join(config_root, '.msim-config.json'), {"version": ver, "layout": layout})
        hosts[name] = h
        if ha:
            r = cluster['resources'].setdefault(ha['resource'], {
                "cluster": ha.get('cluster', 'solaris-cluster'), "nodes": [], "enabled": bool(ver),
                "state": "Online" if ver else "Offline", "online_node": None,
                "logical_host": ha['logical_host'], "pool_node": ha.get('pool_node')})
            r['nodes'].append(name)
    # seed stores, services, directory
    sim_like = {"users": directory['users']}
    for hs in hosts_spec:
        h = hosts[hs['name']]
        ver = h['original_version']
        if not ver:
            continue
        ha = h['ha']
        primary = True
        if ha:
            r = cluster['resources'][ha['resource']]
            # the resource runs where its storage (the ZFS pool) is imported: ha.pool_node, or the first node
            primary = (r['online_node'] is None) if not r.get('pool_node') else r['pool_node'] == h['name']
            if primary:
                r['online_node'] = h['name']
                if h['zfs_dataset']:
                    r['pool_node'] = h['name']
        services = []
        for c in h['components']:
            services += [s for s in SERVICES_BY_COMPONENT.get(c, []) if s not in services]
        if primary:
            for s in services:
                h['services'][s] = True
        users = norm_users(hs.get('users'), h['name'])
        if 'store' in h['components'] and (primary or users):
            st = Store(h['data_root'])
            if not st.exists():
                st.create(store_format(ver), ver)
                st.meta['created'] = now - 86400 * 400
            if primary:
                st.meta['clean'] = False          # the store is running
                st.touch_meta()
            for u in users:
                uid = u['uid']
                if uid in directory['users']:
                    raise SimError('msim setup: user %s seeded twice' % uid)
                directory['users'][uid] = {"mailHost": (ha['logical_host'] if ha else (h.get('fqdn') or h['name'])),
                                           "mailUserStatus": "active", "original_mailHost":
                                           (ha['logical_host'] if ha else (h.get('fqdn') or h['name']))}
                box = st.mailbox(uid, create=True)
                box['folders'].setdefault('Archive', [])
                for i in range(int(u.get('messages', 5))):
                    n = ledger['next']
                    ledger['next'] += 1
                    flags = []
                    if i % 3 == 0:
                        flags.append('seen')
                    if i % 7 == 6:
                        flags.append('deleted')
                    mid = 'm%07d' % n
                    t = now - 86400 * (30 - (i % 30)) - n
                    folder = 'Archive' if i % 5 == 4 else 'INBOX'
                    add_message(box, folder, {"id": mid, "flags": flags, "arrived": t, "mtime": t,
                                              "size": 1000 + 37 * n})
                    ledger['messages'][mid] = {"user": uid, "flags": flags, "arrived": t,
                                               "size": 1000 + 37 * n, "seq": n, "seeded": True}
                st.mark(uid)
            st.save()
    del sim_like
    # write state files
    write_json(os.path.join(root, 'directory.json'), directory)
    write_json(os.path.join(root, 'cluster.json'), cluster)
    write_json(os.path.join(root, 'ledger.json'), ledger)
    write_json(os.path.join(root, 'faults.json'), [])
    write_json(os.path.join(root, 'sim.json'), cfg)
    write_json(os.path.join(root, 'spec.json'), spec)
    open(os.path.join(root, 'journal.jsonl'), 'a').close()
    sim = Sim(root)
    sim.hosts = hosts
    for name, h in hosts.items():
        sim.materialize(h)
        # system commands on PATH
        fam, os_ = h['os_family'], h['os']
        cmds = ['ldapmodify', 'ldapsearch', 'hostname', 'uname', 'perl']
        if h.get('role') == 'directory':
            pass
        elif fam == 'linux':
            cmds.append('rpm')
        else:
            if not os_.startswith('solaris-11.4') or h['package_system'] == 'svr4':
                cmds += ['pkginfo', 'pkgadd', 'pkgrm']
            if not os_.startswith('solaris-10'):
                cmds.append('pkg')
        if (h['zfs_dataset'] or fam == 'solaris') and h.get('role') != 'directory':
            cmds.append('zfs')
        if h['ha']:
            cl = h['ha'].get('cluster', 'solaris-cluster')
            cmds += ['scswitch', 'clresource'] if cl == 'solaris-cluster' else ['crsctl']
        for c in cmds:
            write_wrapper(os.path.join(h['bin_dir'], c), root, name, c, runtime)
        for c in pt:
            write_wrapper(os.path.join(h['bin_dir'], c), root, name, c, runtime)
        if h['zfs_dataset']:
            os.makedirs(os.path.join(zfs_dir(h), 'snap'), exist_ok=True)
            zfs_save(h, [])
    sim.save()
    precompile()
    return inventory_vars(root)


def clone(root, to):
    """A copy of the simulation ROOT at TO, in the state ROOT is in now: the rehearsal runs the
    stages two scenarios share once (the upgrade up to its in-place waves, which the rollback
    scenario starts with) and goes on in both copies.

    Every path in the simulation is absolute (the wrappers, the hosts' state, the markers and
    backups the roles wrote, the IPS catalogue), so each occurrence of ROOT in a file or a
    symbolic link becomes TO. The simulation's files are text (JSON, scripts); a file that does
    not name ROOT is copied byte for byte. Returns the inventory variables of the copy, as
    setup does."""
    root, to = os.path.abspath(root), os.path.abspath(to)
    if os.path.exists(os.path.join(to, 'sim.json')):
        raise SimError('msim clone: %s already holds a simulation; remove it first' % to)
    if (to + os.sep).startswith(root + os.sep) or (root + os.sep).startswith(to + os.sep):
        raise SimError('msim clone: %s and %s must not hold one another' % (root, to))
    # ROOT followed by what ends a path component: ROOT-inventory or ROOT2 are other paths
    old = re.compile(re.escape(root.encode()) + rb'(?=[/"\'\s]|$)', re.M)

    def relocate(data, what):
        if not old.search(data):
            return data
        try:
            data.decode('utf-8')
        except UnicodeDecodeError:
            # a path inside binary data (an archive) cannot change length safely
            raise SimError('msim clone: %s is binary and names %s' % (what, root))
        return old.sub(lambda _m: to.encode(), data)

    for here, dirs, files in os.walk(root):
        there = os.path.join(to, os.path.relpath(here, root))
        os.makedirs(there, exist_ok=True)
        shutil.copystat(here, there)
        for name in dirs + files:
            source, target = os.path.join(here, name), os.path.join(there, name)
            if os.path.islink(source):
                os.symlink(relocate(os.readlink(source).encode(), source).decode(), target)
            elif name in files and name != '.msim.lock':
                with open(source, 'rb') as f:
                    data = f.read()
                with open(target, 'wb') as f:
                    f.write(relocate(data, source))
                shutil.copystat(source, target)
    return inventory_vars(to)


def precompile():
    """Byte-compiles the simulator's own modules once: every simulated command, every
    ansible-playbook run (the callback) and every call from the rehearsal (`python3 -m msim`)
    imports msim, and with PYTHONDONTWRITEBYTECODE set Python would compile its 4,000 lines
    again each time."""
    import py_compile
    package = os.path.dirname(os.path.abspath(__file__))
    sources = [os.path.join(package, n) for n in sorted(os.listdir(package)) if n.endswith('.py')]
    sources.append(os.path.join(SIM_DIR, 'ansible_plugins', 'callback', 'msim_journal.py'))
    for source in sources:
        try:
            py_compile.compile(source, doraise=True)
        except Exception:   # a read-only install still works, only slower
            pass


def inventory_vars(root):
    sim = Sim(root)
    cfg = sim.cfg
    versions = read_json(os.path.join(root, 'media', 'ips', 'catalog.json'))['packages'][cfg['packages']['ips']]
    cat = ips_catalog(sim)

    def media_for(v):
        b = os.path.join(root, 'media', v)
        return {"linux": os.path.join(b, 'linux'), "solaris": os.path.join(b, 'solaris'),
                "clusterware_agent": os.path.join(b, 'clusterware-agent'),
                "solaris_ips": cat['uri'], "solaris_ips_publisher": cat['publisher']}
    allv = {
        "msupgrade_media": dict(media_for(cfg['target_version']), dssetup=os.path.join(root, 'media', 'dssetup')),
        "msupgrade_previous_media": {v: media_for(v) for v in versions if v != cfg['target_version']},
        "msupgrade_directory": {"host": sim.directory['host'], "port": sim.directory['port'],
                                "bind_dn": sim.directory['bind_dn'], "user_base": user_base(sim.directory)},
        "msupgrade_directory_password": sim.directory['password'],
        # No package names: the roles' own defaults (msupgrade_packages_linux, ...) are what the
        # rehearsal runs with, so a wrong default is rehearsed, not papered over by the sandbox.
        # The roles poll long commands (async rehostuser, imsbackup, imsrestore) and wait for
        # services every 10 s, sized for real hosts. Simulated commands end in milliseconds (or
        # after their scaled duration): a poll every second keeps a job that ended just after
        # the first look from costing 10 s of nothing.
        "migrate_mailboxes_poll": 1,
        # The controller's staging of mailbox backups: inside the sandbox, not the user's HOME
        # (the roles' default, ~/msupgrade-backup/<deployment>/migrate-staging) nor the generated tree.
        "migrate_mailboxes_controller_dir": os.path.join(root, 'controller', 'migrate-staging'),
        "health_check_delay": 1,
        "ha_resource_online_delay": 1,
    }
    dh = sim.hosts.get(sim.directory.get('server_host') or '')
    if dh:
        allv['msupgrade_directory']['server_root'] = dh['ds_server_root']
        allv['msupgrade_directory']['instance'] = dh['ds_instance']
    hosts = {}
    for name, h in sim.hosts.items():
        env = {"PATH": h['bin_dir'], "MSUPGRADE_SIM_ROOT": root, "MSUPGRADE_SIM_HOST": name,
               "HOME": os.path.join(root, 'hosts', name, 'home'), "TMPDIR": os.path.join(root, 'hosts', name, 'tmp'),
               "LANG": "C", "LC_ALL": "C"}
        # msim.python: the system python3, warm and caching what zipimport compiles (see its
        # docstring); msim_client, when built, is its client in C.
        hv = {"ansible_connection": "local", "ansible_python_interpreter": interpreter(cfg['runtime']),
              "ansible_become": False, "msupgrade_env": env,
              "msupgrade_install_root": h['install_root'], "msupgrade_config_root": h['config_root'],
              "msupgrade_data_root": h['data_root'], "msupgrade_state_dir": h['state_dir'],
              "msupgrade_backup_dir": h['backup_dir'], "msupgrade_sim_host_dir": os.path.join(root, 'hosts', name),
              "msupgrade_os_release_file": h.get('release_file') or os.path.join(
                  root, 'hosts', name, 'etc', 'release' if h['os_family'] == 'solaris' else 'os-release')}
        hosts[name] = hv
    return {"root": root, "all": allv, "hosts": hosts,
            "ansible_env": {"ANSIBLE_CALLBACK_PLUGINS": os.path.join(SIM_DIR, 'ansible_plugins', 'callback'),
                            "ANSIBLE_CALLBACKS_ENABLED": "msim_journal", "MSUPGRADE_SIM_ROOT": root}}
