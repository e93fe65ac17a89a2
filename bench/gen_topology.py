#!/usr/bin/env python3
"""Writes a valid TOSCA 1.3 service template of N node templates, for the benchmarks.

    gen_topology.py N OUT_DIR        # writes OUT_DIR/topology_N.yaml and OUT_DIR/scripts/
    gen_topology.py N OUT_DIR --tosca-1.2   # the same topology in TOSCA 1.2, as
                                            # OUT_DIR/topology_N_1_2.yaml

The TOSCA 1.2 variant is what the Python tosca-parser (Debian's python3-tosca-parser 2.6)
reads, for bench/peer_bench.py: it knows versions up to 1.2, wants operations directly in
the interface and interface inputs as values, and cannot guess the node type of a
requirement that names only a capability of tosca.nodes.Root.

The shape grows linearly with N, so that timings of a series show the compiler's growth and
not the generator's: one Compute host per five nodes, the software on them (HostedOn), DependsOn
chains of eight, ConnectsTo fan-ins to one database per group of forty, and one monitor per
group whose 'watches' requirement fans out to its whole group. Values use get_input,
get_property and concat; types carry constraints and interfaces with scripts. Every file it
writes passes `toscac validate --werror`. Standard library only.
"""
import os
import sys

HEADER = """\
tosca_definitions_version: tosca_simple_yaml_1_3

metadata:
  template_name: bench_{n}
  template_author: toscac-bench
  template_version: "1.0"

description: Generated benchmark topology of {n} node templates.

node_types:

  bench.nodes.App:
    derived_from: tosca.nodes.SoftwareComponent
    description: A piece of software on a Compute host.
    properties:
      port:
        type: integer
        constraints:
          - in_range: [ 1, 65535 ]
      url:
        type: string
        required: false
      tier:
        type: string
        default: web
        constraints:
          - valid_values: [ web, app, data ]
    capabilities:
      api:
        type: tosca.capabilities.Endpoint
    requirements:
      - backend:
          capability: tosca.capabilities.Endpoint.Database
          relationship: tosca.relationships.ConnectsTo
          occurrences: [ 0, 1 ]
    interfaces:
      Standard:
        type: tosca.interfaces.node.lifecycle.Standard
        inputs:
          PORT:
            type: integer
            value: {{ get_property: [ SELF, port ] }}
        operations:
          create: scripts/create.sh
          configure: scripts/configure.sh
          start: scripts/start.sh

  bench.nodes.Db:
    derived_from: tosca.nodes.SoftwareComponent
    description: A database many applications connect to.
    properties:
      port:
        type: integer
        default: 5432
        constraints:
          - greater_or_equal: 1024
    capabilities:
      database:
        type: tosca.capabilities.Endpoint.Database
    interfaces:
      Standard:
        type: tosca.interfaces.node.lifecycle.Standard
        operations:
          create: scripts/create.sh
          start: scripts/start.sh

  bench.nodes.Monitor:
    derived_from: tosca.nodes.SoftwareComponent
    description: Watches every application of its group.
    requirements:
      - watches:
          capability: tosca.capabilities.Node
          relationship: tosca.relationships.DependsOn
          occurrences: [ 0, UNBOUNDED ]
    interfaces:
      Standard:
        type: tosca.interfaces.node.lifecycle.Standard
        operations:
          configure: scripts/configure.sh

topology_template:

  inputs:
    domain:
      type: string
      default: example.com
      constraints:
        - min_length: 1
    base_port:
      type: integer
      default: 8000
      constraints:
        - in_range: [ 1024, 60000 ]
    cpus:
      type: integer
      default: 2
      constraints:
        - valid_values: [ 1, 2, 4, 8 ]

  node_templates:
"""

COMPUTE = """
    {name}:
      type: tosca.nodes.Compute
      capabilities:
        host:
          properties:
            num_cpus: {{ get_input: cpus }}
            mem_size: {mem} MB
        os:
          properties:
            type: linux
            distribution: debian
"""

APP = """
    {name}:
      type: bench.nodes.App
      properties:
        port: {{ get_input: base_port }}
        tier: {tier}
        url: {{ concat: [ "http://", {{ get_input: domain }}, "/{name}:", {{ get_property: [ SELF, port ] }} ] }}
      requirements:
        - host: {host}
"""

DB = """
    {name}:
      type: bench.nodes.Db
      properties:
        port: {port}
      requirements:
        - host: {host}
"""

MONITOR = """
    {name}:
      type: bench.nodes.Monitor
      requirements:
        - host: {host}
"""

GROUP = 40  # nodes per group: one database, one monitor, the rest applications and hosts
CHAIN = 8  # applications per DependsOn chain
HOSTED = 4  # software nodes per Compute host


def node_names(n):
    """The kind of each of the n nodes, in order: groups of GROUP, the first a host."""
    kinds = []
    for i in range(n):
        k = i % GROUP
        if k % (HOSTED + 1) == 0:
            kinds.append("compute")
        elif k == 1:
            kinds.append("db")
        elif k == 2:
            kinds.append("monitor")
        else:
            kinds.append("app")
    # A template needs software on its first host; a lone trailing host is fine.
    return kinds


def generate(n):
    kinds = node_names(n)
    out = [HEADER.format(n=n)]
    host = None
    db = None
    monitor_watches = {}  # monitor index -> the applications it watches
    monitor = None
    chain_prev = None
    chain_len = 0
    parts = [None] * n
    for i, kind in enumerate(kinds):
        name = "%s_%d" % (kind, i)
        if i % GROUP == 0:
            db, monitor, chain_prev, chain_len = None, None, None, 0
        if kind == "compute":
            host = name
            parts[i] = COMPUTE.format(name=name, mem=1024 * (1 + i % 4))
        elif kind == "db":
            db = name
            parts[i] = DB.format(name=name, host=host, port=5432 + i % 100)
        elif kind == "monitor":
            monitor = i
            monitor_watches[i] = []
            parts[i] = MONITOR.format(name=name, host=host)
        else:
            text = APP.format(name=name, host=host, tier=("web", "app", "data")[i % 3])
            if db is not None:
                text += "        - backend: %s\n" % db
            if chain_prev is not None and chain_len < CHAIN:
                text += "        - dependency: %s\n" % chain_prev
                chain_len += 1
            else:
                chain_len = 1
            chain_prev = name
            parts[i] = text
            if monitor is not None:
                monitor_watches[monitor].append(name)
    for m, watched in monitor_watches.items():
        parts[m] += "".join("        - watches: %s\n" % w for w in watched)
    out.extend(parts)
    return "".join(out)


SCRIPTS = ["create.sh", "configure.sh", "start.sh"]


def to_tosca_1_2(text):
    """The same template in TOSCA 1.2's grammar (see the module's docstring)."""
    text = text.replace("tosca_definitions_version: tosca_simple_yaml_1_3",
                        "tosca_definitions_version: tosca_simple_yaml_1_2", 1)
    text = text.replace("""        inputs:
          PORT:
            type: integer
            value: { get_property: [ SELF, port ] }
""", """        inputs:
          PORT: { get_property: [ SELF, port ] }
""")
    out = []
    in_operations = False
    for line in text.splitlines(keepends=True):
        if line == "        operations:\n":
            in_operations = True
            continue
        if in_operations and line.startswith("          "):
            out.append(line[2:])
            continue
        in_operations = False
        out.append(line)
    text = "".join(out)
    return text.replace("""          capability: tosca.capabilities.Node
""", """          capability: tosca.capabilities.Node
          node: tosca.nodes.Root
""")


def main():
    args = [a for a in sys.argv[1:] if a != "--tosca-1.2"]
    tosca_1_2 = len(args) != len(sys.argv) - 1
    if len(args) != 2:
        sys.exit("usage: gen_topology.py N OUT_DIR [--tosca-1.2]")
    sys.argv[1:] = args
    n = int(sys.argv[1])
    if n < 1:
        sys.exit("gen_topology.py: N must be at least 1")
    out_dir = sys.argv[2]
    os.makedirs(os.path.join(out_dir, "scripts"), exist_ok=True)
    for script in SCRIPTS:
        with open(os.path.join(out_dir, "scripts", script), "w") as f:
            f.write("#!/bin/sh\n# %s: nothing to do, for the benchmarks\nexit 0\n" % script)
    path = os.path.join(out_dir, "topology_%d%s.yaml" % (n, "_1_2" if tosca_1_2 else ""))
    with open(path, "w") as f:
        f.write(to_tosca_1_2(generate(n)) if tosca_1_2 else generate(n))
    print(path)


if __name__ == "__main__":
    main()
