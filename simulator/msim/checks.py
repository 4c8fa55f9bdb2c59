"""The invariants after a scenario (check)."""

import json
import os

from .base import store_format, vkey
from .state import Sim


# ---------------------------------------------------------------------------------------------
# check

def check(root, expect, target=None):
    sim = Sim(root)
    target = target or sim.cfg['target_version']
    problems = []
    notes = []

    def bad(kind, **kw):
        problems.append(dict(kw, check=kind))
    exempt = set()
    for name, h in sim.hosts.items():
        if h.get('role') == 'directory' or (h['components'] and set(h['components']) <= {'cassandra'}):
            exempt.add(name)     # no Messaging Server there: the Directory Server, Cassandra nodes
        if expect == 'upgrade' and h.get('replacement'):
            exempt.add(name)
        if expect == 'rollback' and not h.get('original_version'):
            exempt.add(name)
    # versions and services
    for name, h in sim.hosts.items():
        if name in exempt:
            continue
        status, v = sim.ms_status(h)
        want = target if expect == 'upgrade' else h['original_version']
        if status != 'complete' or v != want:
            bad('version', host=name, expected=want, installed=v, status=status)
        if not h.get('ha'):
            missing = [s for s in sim.services_for(h) if not h['services'].get(s)]
            if missing:
                bad('services', host=name, not_running=missing)
        if 'store' in h['components']:
            st = sim.store(h['data_root'])
            if st.exists() and v and st.meta['format'] > store_format(v):
                bad('store_format', host=name, format=st.meta['format'], version=v)
    for res, r in sim.cluster['resources'].items():
        nodes = [n for n in r['nodes'] if n not in exempt]
        if not nodes:
            continue
        online = [n for n in nodes if any(sim.hosts[n]['services'].values())]
        if not r['enabled'] or len(online) != 1:
            bad('ha', resource=res, enabled=r['enabled'], running_on=online)
        else:
            node = sim.hosts[online[0]]
            missing = [s for s in sim.services_for(node) if not node['services'].get(s)]
            if missing:
                bad('services', host=online[0], resource=res, not_running=missing)
    # directory
    for uid, u in sorted(sim.directory['users'].items()):
        orig = u.get('original_mailHost')
        if expect == 'rollback' and sim.resolve_mailhost(u.get('mailHost')) != sim.resolve_mailhost(orig):
            bad('mailhost', user=uid, mailHost=u.get('mailHost'), expected=orig)
        if expect == 'upgrade':
            legacy = [h for h in sim.host_for_mailhost(orig) if h.get('replacement')]
            if legacy:
                cur = [h['name'] for h in sim.host_for_mailhost(u.get('mailHost'))]
                if legacy[0]['name'] in cur or not cur:
                    bad('mailhost', user=uid, mailHost=u.get('mailHost'),
                        expected=legacy[0]['replacement'])
        if u.get('mailUserStatus', 'active') != 'active':
            bad('user_status', user=uid, status=u.get('mailUserStatus'))
    if expect == 'upgrade' and vkey(sim.directory.get('schema_version') or '0') < vkey(sim.directory['target_schema_version']):
        bad('schema', schema_version=sim.directory.get('schema_version'),
            expected=sim.directory['target_schema_version'])
    # ledger: every message exactly once in its user's current store, with its flags
    where = {}
    stores = {}
    for h in sim.hosts.values():
        dr = h['data_root']
        if dr in stores:
            continue
        st = sim.store(dr)
        stores[dr] = st
        if not st.exists():
            continue
        for uid in st.users():
            box = st.mailbox(uid)
            for folder, msgs in box['folders'].items():
                for m in msgs:
                    where.setdefault(m['id'], []).append((dr, uid, folder, m))
    queued = {}
    for dr, st in stores.items():
        for rec in st.queued():
            if rec:
                queued[rec['id']] = dr
    lost = dup = flagbad = 0
    for mid, lrec in sorted(sim.ledger['messages'].items()):
        dr, _u = sim.user_route(lrec['user'])
        hits = [w for w in where.get(mid, []) if w[0] == dr and w[1] == lrec['user']]
        if not hits:
            lost += 1
            elsewhere = [{"store": os.path.relpath(w[0], root), "user": w[1]} for w in where.get(mid, [])]
            bad('message_missing', id=mid, user=lrec['user'], queued=mid in queued,
                bounced=bool(lrec.get('bounced')), found_elsewhere=elsewhere)
        elif len(hits) > 1:
            dup += 1
            bad('message_duplicated', id=mid, user=lrec['user'], copies=len(hits))
        else:
            m = hits[0][3]
            if sorted(m['flags']) != sorted(lrec['flags']):
                flagbad += 1
                bad('message_flags', id=mid, user=lrec['user'], flags=m['flags'], expected=lrec['flags'])
    for mid, ws in where.items():
        if mid not in sim.ledger['messages']:
            bad('message_unknown', id=mid)
    # stores must not hold users they do not serve (exempt hosts excepted)
    for dr, st in stores.items():
        owners = [h['name'] for h in sim.hosts.values() if h['data_root'] == dr]
        if not st.exists():
            continue
        for uid in st.users():
            if sim.resolve_mailhost((sim.directory['users'].get(uid) or {}).get('mailHost')) != dr:
                box = st.mailbox(uid)
                n = sum(len(v) for v in box['folders'].values())
                if all(o in exempt for o in owners):
                    notes.append({"stale_user_on_exempt_host": uid, "hosts": owners, "messages": n})
                else:
                    bad('stray_user', user=uid, hosts=owners, messages=n)
    # journal anomalies
    unknown = []
    outside = []
    with open(os.path.join(root, 'journal.jsonl')) as f:
        for line in f:
            rec = json.loads(line)
            if rec.get('unknown'):
                unknown.append({"host": rec['host'], "argv": rec['argv'], "seq": rec.get('seq')})
            if rec.get('outside_sandbox'):
                outside.append({"host": rec['host'], "argv": rec['argv']})
            secret = sim.directory.get('password')
            if secret and any(secret in str(a) for a in rec.get('argv') or []):
                # the Directory Manager password on a command line: every user of the host saw it (ps)
                problems.append({"check": "password_on_argv", "host": rec['host'], "seq": rec.get('seq'),
                                 "command": (rec.get('argv') or ['?'])[0]})
            if (rec.get('info') or {}).get('internal_error'):
                problems.append({"check": "simulator_internal_error", "host": rec['host'],
                                 "argv": rec['argv'], "seq": rec.get('seq')})
    for u in unknown:
        bad('unknown_command', **u)
    for u in outside:
        bad('outside_sandbox', **u)
    report = {"ok": not problems, "expect": expect, "target_version": target,
              "messages": len(sim.ledger['messages']), "lost": lost, "duplicated": dup,
              "flags_wrong": flagbad, "queued": len(queued), "exempt_hosts": sorted(exempt),
              "problems": problems, "notes": notes}
    return report
