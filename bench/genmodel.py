#!/usr/bin/env python3
"""Writes a valid msupgrade/v1 model of N hosts (hosts + new_hosts) for the benchmark.

The model is built from blocks of 20 hosts with the same mix as the samples, so every size has
the same per-host mix and cost should grow linearly with N:

  per block  what                                                         hosts
  ---------  -----------------------------------------------------------  -----
  2          Solaris 11.3 SPARC stores in place, ZFS, one Solaris Cluster     2
             resource (an HA pair)
  1          Solaris 11.4 SPARC store in place, ZFS, packages via IPS         1
  1          Oracle Linux 8 store in place                                    1
  3          stores by coexistence, each with its new host:                   6
             SPARC 11.3 -> OL8 on OCI, OL7 7.0.5 -> OL8 on AWS,
             32-bit Solaris 10 -> OL8 on existing hardware (provider none)
  2          OL7 MTAs in place under one Clusterware resource (HA pair,       2
             its agent upgraded after the software)
  3          MTAs in place (2 Solaris relays, 1 OL8)                          3
  3          MMPs in place (one also serves webmail)                          3
  2          webmail hosts in place                                           2
                                                                           ----
                                                                             20
Versions are five-part patch levels (MS022). BenchModelTest checks the models still validate.
N must be a multiple of 20.  Usage: genmodel.py N > model.yaml
"""
import sys

BLOCK = 20


# Models are capped at 1 MiB by the reader (docs/model.md, "Values"); in block style a 10,000-host
# model is ~1.9 MB. So every size is written compactly: flow sequences of flow mappings, one host a
# line, no spaces after commas, no address (it defaults to the name), default sizes on new hosts,
# short names. Same style at
# every size, so the per-host parse cost stays the same.
def host(out, name, components, os_, arch, version, strategy, extra=""):
    out.append(f"{{name: {name},components: [{','.join(components)}],os: {os_},arch: {arch},"
               f"version: {version},strategy: {strategy}{extra}}},")


def new_host(out, name, os_, provider):
    # Without provision the provider is none (hardware racked already).
    prov = f",provision: {{provider: {provider}}}" if provider != "none" else ""
    out.append(f"{{name: {name},components: [store],os: {os_},arch: x86_64{prov}}},")


def base36(i):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        i, r = divmod(i, 36)
        out = digits[r] + out
        if i == 0:
            return out


def main():
    n = int(sys.argv[1])
    if n <= 0 or n % BLOCK:
        sys.exit(f"genmodel.py: N must be a positive multiple of {BLOCK}")
    blocks = n // BLOCK
    hosts, news = [], []
    for b in range(blocks):
        # Names are one role letter then the block number in base 36: unique (the role is always
        # exactly one letter) and short (see the legend above).
        n_ = lambda role: role + base36(b)
        # Five-part patch levels as `imsimta version` prints them (MS022).
        v, old = "8.0.2.3.0", "7.0.5.33.0"
        # HA store pair in place under one Solaris Cluster resource; a Solaris 11.4 store with
        # ZFS back-out and IPS packages; a Linux store in place.
        for s in "st":
            host(hosts, n_(s), ["store"], "solaris-11.3", "sparc", v, "in-place",
                 f",ha: {{cluster: solaris-cluster,resource: {n_('r')}}}")
        host(hosts, n_("z"), ["store"], "solaris-11.4", "sparc", v, "in-place", ",zfs: {store_dataset: rpool/ms}")
        host(hosts, n_("l"), ["store"], "rhel-8", "x86_64", v, "in-place")
        # Stores replaced by coexistence, each by a new host (OCI, AWS, hardware already racked).
        host(hosts, n_("p"), ["store"], "solaris-11.3", "sparc", v, "coexistence", f",replacement: {n_('k')}")
        host(hosts, n_("q"), ["store"], "rhel-7", "x86_64", old, "coexistence", f",replacement: {n_('a')}")
        host(hosts, n_("u"), ["store"], "solaris-10", "sparc", old, "coexistence",
             f",bits: 32,replacement: {n_('h')}")
        new_host(news, n_("k"), "oracle-linux-8", "oci")
        new_host(news, n_("a"), "rhel-8", "aws")
        new_host(news, n_("h"), "rhel-8", "none")
        # Front-ends in place: a Clusterware MTA pair, relays, MMPs, webmail.
        for s in "xy":
            host(hosts, n_(s), ["mta"], "rhel-7", "x86_64", v, "in-place",
                 f",ha: {{cluster: clusterware,resource: {n_('c')},agent: [a]}}")
        host(hosts, n_("e"), ["mta"], "solaris-10", "sparc", v, "in-place")
        host(hosts, n_("f"), ["mta"], "solaris-10", "sparc", v, "in-place")
        host(hosts, n_("m"), ["mta"], "rhel-8", "x86_64", v, "in-place")
        host(hosts, n_("b"), ["mmp", "webmail"], "rhel-8", "x86_64", v, "in-place")
        host(hosts, n_("d"), ["mmp"], "rhel-8", "x86_64", v, "in-place")
        host(hosts, n_("g"), ["mmp"], "rhel-8", "x86_64", v, "in-place")
        host(hosts, n_("w"), ["webmail"], "rhel-8", "x86_64", v, "in-place")
        host(hosts, n_("v"), ["webmail"], "rhel-8", "x86_64", v, "in-place")

    head = f"""# Benchmark model: {n} hosts in {blocks} blocks of {BLOCK} (bench/genmodel.py; do not edit).
model: msupgrade/v1
deployment: bench-{n}

target:
  version: 8.1.0.26.0
  store: classic
  unified_config: true
  # The 11.4 store gets its packages through IPS, confirmed with Oracle as the chapter asks (MS007).
  solaris_ips: true

media:
  solaris: /export/media/ms-8.1.0/solaris
  solaris_ips: http://pkg.bench.example/messaging
  linux: /srv/media/ms-8.1.0/linux
  dssetup: /srv/media/ms-8.1.0/dssetup
  clusterware_agent: /srv/media/ms-8.1.0/clusterware-agent
  previous:
    "8.0.2.3.0":
      solaris: /export/media/ms-8.0.2/solaris
      solaris_ips: http://pkg.bench.example/messaging-8.0.2
      linux: /srv/media/ms-8.0.2/linux

directory:
  host: ds1.bench.example
  port: 389
  password_var: vault_bench_dm_password
  user_base: ou=People,o=bench.example

backup:
  dir: /export/msupgrade/backup

migration:
  batch_size: 40
  parallel_batches: 2
  pilot_users: [alice, bob, carol]

rollout:
  serial:
    store: 1
    mta: 2
    mmp: "50%"
    webmail: 1

hosts:"""
    tail = """
provisioning:
  oci:
    region: eu-frankfurt-1
    compartment_ocid: "ocid1.compartment.oc1..aaaaaaaabench"
    subnet_ocid: "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaabench"
    shape: VM.Standard.E4.Flex
  aws:
    region: eu-central-1
    subnet_id: subnet-0a1b2c3d4e5f60718
    instance_type: r6i.2xlarge
    ami_owner: "131827586825"
"""
    # Both lists are flow sequences, one host a line: "{...}," is a byte shorter than "- {...}".
    hosts[-1] = hosts[-1].rstrip(",")
    news[-1] = news[-1].rstrip(",")
    sys.stdout.write("\n".join([head + " ["] + hosts + ["]", "new_hosts: ["] + news + ["]"]) + "\n" + tail)


if __name__ == "__main__":
    main()
