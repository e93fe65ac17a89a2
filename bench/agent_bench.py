#!/usr/bin/env python3
"""The agent benchmark (issue 7): N nodes whose steps have no implementation (a step with no
`do` is done as soon as its waits hold: no process is spawned), wide (one wave: N nodes on one
Compute) and deep (a DependsOn chain), played by one toscac-agent process (--all) on the
embedded SQLite store and on a local single-member etcd. Prints the wall time until every node
is started next to the ideal critical path (depth x the store's measured round trip).

usage: agent_bench.py --toscac build/compiler/toscac --rtt build/bench/toscac_store_rtt
                      [--wide 1000] [--deep 100] [--short] [--no-etcd]
"""
import argparse
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request


def die_with_parent():
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


def template(kind, n):
    lines = ["tosca_definitions_version: tosca_simple_yaml_1_3", "topology_template:",
             "  node_templates:", "    host:", "      type: tosca.nodes.Compute"]
    for i in range(n):
        lines += ["    n%05d:" % i, "      type: tosca.nodes.SoftwareComponent",
                  "      requirements:", "        - host: host"]
        if kind == "deep" and i > 0:
            lines.append("        - dependency: n%05d" % (i - 1))
    return "\n".join(lines) + "\n"


def started(toscac, store, name):
    out = subprocess.run([toscac, "status", "--format", "json", "--store", store, "--name", name],
                         capture_output=True, text=True)
    if out.returncode != 0 or not out.stdout.strip():
        return 0, 0
    nodes = [n for d in json.loads(out.stdout) for n in d["nodes"]]
    return sum(1 for n in nodes if n["state"] == "started"), len(nodes)


def run(args, tmp, kind, n, store, store_name):
    d = os.path.join(tmp, "%s-%s-%d" % (store_name, kind, n))
    os.makedirs(d)
    with open(os.path.join(d, "app.yaml"), "w") as f:
        f.write(template(kind, n))
    subprocess.run([args.toscac, "compile", "app.yaml", "-o", "out", "--name", "%s%d" % (kind, n)],
                   cwd=d, check=True, capture_output=True)
    agent = os.path.join(os.path.dirname(args.toscac), "toscac-agent")
    start = time.monotonic()
    proc = subprocess.Popen([agent, "--store", store, "--dir", "out", "--all",
                             "--heal-interval", "3600"], cwd=d, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, preexec_fn=die_with_parent)
    try:
        while True:
            done, total = started(args.toscac, store, "%s%d" % (kind, n))
            if total == n + 1 and done == total:
                break
            if time.monotonic() - start > args.limit:
                raise SystemExit("%s %d: not converged after %d s (%d/%d)" %
                                 (kind, n, args.limit, done, total))
            time.sleep(0.02)
        return time.monotonic() - start
    finally:
        proc.terminate()
        proc.wait(30)


def rtt(args, store):
    out = subprocess.run([args.rtt, store], capture_output=True, text=True, check=True)
    return float(out.stdout) / 1e6


def start_etcd(tmp):
    with socket.socket() as s1, socket.socket() as s2:
        s1.bind(("127.0.0.1", 0))
        s2.bind(("127.0.0.1", 0))
        client, peer = s1.getsockname()[1], s2.getsockname()[1]
    proc = subprocess.Popen(
        ["etcd", "--data-dir", os.path.join(tmp, "etcd"),
         "--listen-client-urls", "http://127.0.0.1:%d" % client,
         "--advertise-client-urls", "http://127.0.0.1:%d" % client,
         "--listen-peer-urls", "http://127.0.0.1:%d" % peer,
         "--initial-advertise-peer-urls", "http://127.0.0.1:%d" % peer,
         "--initial-cluster", "default=http://127.0.0.1:%d" % peer],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=die_with_parent)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/health" % client, timeout=1):
                return proc, "etcd://127.0.0.1:%d" % client
        except Exception:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("etcd did not start")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--toscac", required=True)
    p.add_argument("--rtt", required=True)
    p.add_argument("--wide", type=int, default=1000)
    p.add_argument("--deep", type=int, default=100)
    p.add_argument("--short", action="store_true", help="CI: small N, no targets")
    p.add_argument("--no-etcd", action="store_true")
    p.add_argument("--limit", type=int, default=120)
    args = p.parse_args()
    args.toscac, args.rtt = os.path.abspath(args.toscac), os.path.abspath(args.rtt)
    if args.short:
        args.wide, args.deep = 20, 10
    tmp = tempfile.mkdtemp(prefix="toscac-agent-bench-")
    etcd = None
    try:
        stores = [("sqlite", "sqlite:" + os.path.join(tmp, "state.db"), 2.0)]
        if not args.no_etcd:
            etcd, url = start_etcd(tmp)
            stores.append(("etcd", url, 10.0))
        print("%-7s %-6s %6s %9s %11s %8s %s" % ("store", "shape", "nodes", "wall s", "ideal s",
                                                 "ratio", "target"))
        for name, store, wide_target in stores:
            round_trip = rtt(args, store)
            wide = run(args, tmp, "wide", args.wide, store, name)
            print("%-7s %-6s %6d %9.3f %11s %8s %s" % (
                name, "wide", args.wide, wide, "-", "-",
                "" if args.short else "<= %.0f s: %s" % (wide_target,
                                                        "met" if wide <= wide_target else "MISSED")))
            deep = run(args, tmp, "deep", args.deep, store, name)
            ideal = args.deep * round_trip
            ratio = deep / ideal
            print("%-7s %-6s %6d %9.3f %11.4f %8.1f %s" % (
                name, "deep", args.deep, deep, ideal, ratio,
                "" if args.short else "<= 3x: %s" % ("met" if ratio <= 3 else "MISSED")))
            print("%-7s round trip (put + get): %.3f ms" % (name, round_trip * 1000))
    finally:
        if etcd:
            etcd.terminate()
            etcd.wait(30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
