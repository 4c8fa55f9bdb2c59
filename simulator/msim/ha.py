"""HA: Solaris Cluster (scswitch/clresource) and Oracle Clusterware (crsctl)."""

from .base import parse_options, SERVICE_ORDER, SimError, usage_error, vkey
from .ms_commands import start_services, stop_services


# ---------------------------------------------------------------------------------------------
# HA: Solaris Cluster (scswitch/clresource) and Oracle Clusterware (crsctl)

def ha_nodes(sim, res):
    return [h for h in sim.hosts.values() if h.get('ha') and h['ha']['resource'] == res]


def agent_problem(sim, n):
    """Why the Messaging Server Clusterware agent on node n cannot start the resource, or None:
    "upgrading the Messaging Server software then upgrading the Messaging Oracle Clusterware
    Agent" (chapter "Messaging Server 8.1.0 Upgrade in an HA Environment")."""
    names = (n.get('ha') or {}).get('agent') or []
    if not names or (n.get('ha') or {}).get('cluster') != 'clusterware':
        return None
    ms = sim.installed_version(n)
    for name in names:
        rec = n['packages'].get('rpm', {}).get(name)
        if rec is None or rec.get('state') != 'installed':
            return 'the Messaging Server agent %s is not installed' % name
        if ms and vkey(rec['version']) < vkey(ms):
            return ('the Messaging Server agent %s is %s, older than Messaging Server %s: upgrade the agent '
                    'after the software' % (name, rec['version'], ms))
    return None


def ha_disable(ctx, res):
    sim = ctx.sim
    r = sim.cluster['resources'].get(res)
    if r is None:
        raise SimError('scswitch: (C189917) resource "%s" does not exist' % res)
    if ctx.fault:
        raise SimError('%s: stop of resource %s failed (injected fault %s)' % (ctx.name, res, ctx.fault['id']))
    for node in ha_nodes(sim, res):
        stop_services(ctx, node, SERVICE_ORDER)
    r['enabled'] = False
    r['state'] = 'Offline'
    r['online_node'] = None
    r.setdefault('history', []).append({"disabled": sim.now, "by": ctx.hname})


def ha_enable(ctx, res, node=None):
    sim = ctx.sim
    r = sim.cluster['resources'].get(res)
    if r is None:
        raise SimError('%s: resource "%s" does not exist' % (ctx.name, res))
    nodes = ha_nodes(sim, res)
    if node:
        nodes = [n for n in nodes if n['name'] == node]
    # the resource comes online where its storage is, first
    nodes.sort(key=lambda n: n['name'] != r.get('pool_node'))
    r['enabled'] = True
    if ctx.fault:
        r['state'] = 'Start_failed'
        raise SimError('%s: resource %s failed to start (injected fault %s)' % (ctx.name, res, ctx.fault['id']))
    errors = []
    for n in nodes:
        why = agent_problem(sim, n)
        if why:
            errors.append("%s: CRS-2674: Start of '%s' on '%s' failed: %s" % (n['name'], res, n['name'], why))
            continue
        try:
            start_services(ctx, n, sim.services_for(n), recover=True)
        except SimError as e:
            errors.append('%s: %s' % (n['name'], e))
            continue
        r['state'] = 'Online'
        r['online_node'] = n['name']
        if r.get('pool_node'):
            r['pool_node'] = n['name']   # the storage fails over with the resource
        r.setdefault('history', []).append({"enabled": sim.now, "by": ctx.hname, "node": n['name']})
        return
    r['state'] = 'Start_failed'
    raise SimError('%s: resource %s failed to start on every node:\n%s' % (ctx.name, res, '\n'.join(errors)))


def cmd_scswitch(ctx):
    opts, rest = parse_options('scswitch', ctx.args, 'nej:')
    o = dict(opts)
    if rest or '-j' not in o or ('-n' in o) == ('-e' in o):
        raise usage_error('scswitch: only -n -j RES / -e -j RES are simulated')
    check_ha(ctx, o['-j'], 'solaris-cluster')
    if '-n' in o:
        ha_disable(ctx, o['-j'])
    else:
        ha_enable(ctx, o['-j'])
    return 0


def cluster_resources(ctx, kind):
    """The resources of KIND in the cluster this host is a node of (every resource is of the
    Messaging Server's type: SUNW.ims under Solaris Cluster)."""
    return [res for res, r in sorted(ctx.sim.cluster['resources'].items())
            if r['cluster'] == kind and any(n['name'] == ctx.hname for n in ha_nodes(ctx.sim, res))]


def cmd_clresource(ctx):
    if ctx.args[:1] == ['list']:
        # clresource list [-t TYPE]: the names of the cluster's resources, one a line
        if ctx.args[1:] not in ([], ['-t', 'SUNW.ims']):
            raise usage_error('clresource: only list [-t SUNW.ims] is simulated')
        for res in cluster_resources(ctx, 'solaris-cluster'):
            ctx.p(res)
        return 0
    if len(ctx.args) != 2 or ctx.args[0] not in ('enable', 'disable', 'status'):
        raise usage_error('clresource: only enable|disable|status RES are simulated')
    check_ha(ctx, ctx.args[1], 'solaris-cluster')
    if ctx.args[0] == 'disable':
        ha_disable(ctx, ctx.args[1])
    elif ctx.args[0] == 'enable':
        ha_enable(ctx, ctx.args[1])
    else:
        r = ctx.sim.cluster['resources'][ctx.args[1]]
        for n in ha_nodes(ctx.sim, ctx.args[1]):
            ctx.p('%s\t%s\t%s' % (ctx.args[1], n['name'], 'Online' if r.get('online_node') == n['name'] else 'Offline'))
    return 0


def check_ha(ctx, res, kind):
    ha = ctx.h.get('ha')
    r = ctx.sim.cluster['resources'].get(res)
    if r is None:
        raise SimError('%s: resource "%s" does not exist' % (ctx.name, res))
    if not ha or ha['resource'] != res:
        raise SimError('%s: this node (%s) is not a node of resource %s' % (ctx.name, ctx.hname, res))
    if r['cluster'] != kind:
        raise SimError('%s: resource %s is managed by %s' % (ctx.name, res, r['cluster']))


def cmd_crsctl(ctx):
    a = ctx.args
    if a == ['status', 'resource', '-p']:
        # every resource's static attributes, a blank line between resources; the Messaging
        # Server resource's action script is the product's agent under the install root
        for res in cluster_resources(ctx, 'clusterware'):
            ctx.p('NAME=%s' % res)
            ctx.p('TYPE=cluster_resource')
            ctx.p('ACTION_SCRIPT=%s/lib/ha/msg_clusterware_agent' % ctx.h['install_root'])
            ctx.p('HOSTING_MEMBERS=%s' % ' '.join(n['name'] for n in ha_nodes(ctx.sim, res)))
            ctx.p('')
        return 0
    if len(a) < 3 or a[1] != 'resource' or a[0] not in ('start', 'stop', 'status'):
        raise usage_error('crsctl: only start|stop|status resource RES [-n NODE] [-f] are simulated')
    res = a[2]
    extra = a[3:]
    node = None
    if extra[:1] == ['-n'] and len(extra) >= 2:
        node = extra[1]
        extra = extra[2:]
    if [x for x in extra if x != '-f']:
        raise usage_error('crsctl: unsupported arguments %r' % extra)
    if a[0] == 'status':
        r = ctx.sim.cluster['resources'].get(res)
        if r is None:
            ctx.p('CRS-2613: Could not find resource \'%s\'.' % res)
            return 1
        check_ha(ctx, res, 'clusterware')
        ctx.p('NAME=%s' % res)
        ctx.p('TYPE=cluster_resource')
        ctx.p('TARGET=%s' % ('ONLINE' if r['enabled'] else 'OFFLINE'))
        ctx.p('STATE=%s' % ('ONLINE on %s' % r['online_node'] if r.get('online_node') else 'OFFLINE'))
        return 0
    check_ha(ctx, res, 'clusterware')
    if a[0] == 'stop':
        ha_disable(ctx, res)
        ctx.p("CRS-2673: Attempting to stop '%s'" % res)
        ctx.p("CRS-2677: Stop of '%s' succeeded" % res)
    else:
        ha_enable(ctx, res, node)
        ctx.p("CRS-2672: Attempting to start '%s'" % res)
        ctx.p("CRS-2676: Start of '%s' succeeded" % res)
    return 0
