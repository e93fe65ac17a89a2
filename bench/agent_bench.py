#!/usr/bin/env python3
"""The agent benchmark (issue 7): N nodes whose steps have no implementation (a step with no
`do` is done as soon as its waits hold: no process is spawned), wide (one wave: N nodes on one
Compute) and deep (a DependsOn chain), played by one toscac-agent process (--all) on the
embedded SQLite store and on a local single-member etcd. Prints the time until every node is
started next to the ideal critical path (depth x the store's measured round trip).

The bench watches the store itself, as another agent would: it polls the SQLite file every
millisecond (read-only queries) and follows an etcd watch stream, and notes when each node's
state key changes. Two times come out of it:
  wall   from the agent's launch until every state key says `started` (includes the agent's
         start: exec, reading and checking the manifests, claiming its nodes, publishing their
         starting values);
  chain  from the moment every node's state key exists (the agent has published its nodes)
         until every one says `started`: the critical path the ideal stands for.
Once converged, `toscac status` must agree (every node started): a cross-check, not timed.

--per-node plays each node with an agent of its own, as `toscac up` does, so that every hop
of the chain goes through the store. The dependants' agents are started first; once they have
all published their nodes, the host's agent is launched and the clock starts: wall is then
from that launch, and chain from the host's first state.

usage: agent_bench.py --toscac build/compiler/toscac --rtt build/bench/toscac_store_rtt
                      [--agent PATH] [--wide 1000] [--deep 100] [--short] [--no-etcd]
                      [--no-wide] [--per-node]
"""
import argparse
import base64
import ctypes
import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import threading
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


class StateWatch:
    """Each node's state as the store shows it, with the monotonic time of two moments: every
    state key exists (`published`), every state is `started` (`converged`)."""

    def __init__(self, prefix, count):
        self.prefix, self.count = prefix, count
        self.states = {}
        self.published = self.converged = None
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.error = None

    def update(self, key, value):
        if not key.startswith(self.prefix) or not key.endswith("/state"):
            return
        with self.lock:
            if value is None:
                self.states.pop(key, None)
            else:
                self.states[key] = value
            now = time.monotonic()
            if self.published is None and len(self.states) == self.count:
                self.published = now
            if (self.converged is None and len(self.states) == self.count and
                    all(v == "started" for v in self.states.values())):
                self.converged = now
                self.done.set()


class SqliteWatch(StateWatch):
    """Polls the kv table every millisecond; WAL mode: the reads never block the agent."""

    def __init__(self, path, prefix, count):
        super().__init__(prefix, count)
        self.path, self.stop = path, False
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        db = sqlite3.connect(self.path, timeout=10)
        lo, hi = self.prefix.encode(), self.prefix[:-1].encode() + b"0"
        try:
            while not self.stop and not self.done.is_set():
                rows = db.execute("SELECT key, value FROM kv WHERE key >= ? AND key < ? AND "
                                  "CAST(key AS TEXT) LIKE '%/state'", (lo, hi)).fetchall()
                for key, value in rows:
                    self.update(bytes(key).decode(), bytes(value).decode())
                time.sleep(0.001)
        except Exception as e:  # reported by the waiting thread
            self.error = e
            self.done.set()
        finally:
            db.close()

    def close(self):
        self.stop = True
        self.thread.join()


class EtcdWatch(StateWatch):
    """One watch stream on the deployment's nodes, from the store's current revision."""

    def __init__(self, url, prefix, count):
        super().__init__(prefix, count)
        self.host, self.port = url[len("etcd://"):].split(":")
        self.conn = http.client.HTTPConnection(self.host, int(self.port), timeout=300)
        key = prefix.encode()
        body = {"create_request": {"key": base64.b64encode(key).decode(),
                                   "range_end": base64.b64encode(key[:-1] + b"0").decode()}}
        self.conn.request("POST", "/v3/watch", json.dumps(body))
        self.response = self.conn.getresponse()
        self.response.readline()  # the stream's "created" message: watching from here on
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        try:
            while not self.done.is_set():
                line = self.response.readline()
                if not line:
                    raise RuntimeError("the etcd watch stream ended")
                for e in json.loads(line).get("result", {}).get("events", []):
                    key = base64.b64decode(e["kv"]["key"]).decode()
                    value = base64.b64decode(e["kv"].get("value", "")).decode()
                    self.update(key, None if e.get("type") == "DELETE" else value)
        except Exception as e:
            self.error = e
            self.done.set()

    def close(self):
        self.conn.close()


def open_watch(store, prefix, count):
    if store.startswith("sqlite:"):
        return SqliteWatch(store[len("sqlite:"):], prefix, count)
    return EtcdWatch(store, prefix, count)


def status_agrees(toscac, store, name, n):
    out = subprocess.run([toscac, "status", "--format", "json", "--store", store, "--name", name],
                         capture_output=True, text=True)
    if out.returncode != 0 or not out.stdout.strip():
        return False
    nodes = [n for d in json.loads(out.stdout) for n in d["nodes"]]
    return len(nodes) == n + 1 and all(n["state"] == "started" for n in nodes)


def run(args, tmp, kind, n, store, store_name):
    """Returns (wall, chain) in seconds."""
    d = os.path.join(tmp, "%s-%s-%d" % (store_name, kind, n))
    os.makedirs(d)
    with open(os.path.join(d, "app.yaml"), "w") as f:
        f.write(template(kind, n))
    name = "%s%d" % (kind, n)
    subprocess.run([args.toscac, "compile", "app.yaml", "-o", "out", "--name", name],
                   cwd=d, check=True, capture_output=True)
    watch = open_watch(store, "/toscac/%s/nodes/" % name, n + 1)

    def launch(play):
        return subprocess.Popen([args.agent, "--store", store, "--dir", "out", "--heal-interval",
                                 "3600"] + play, cwd=d, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, preexec_fn=die_with_parent)

    procs = []
    try:
        if args.per_node:
            # As `toscac up` runs them: one agent per node, so every hop goes through the
            # store. The dependants' agents start first and wait for the host, whose agent is
            # launched once they have all published their nodes: the clock starts then.
            procs += [launch(["--node", "n%05d" % i]) for i in range(n)]
            deadline = time.monotonic() + args.limit
            while len(watch.states) < n and not watch.error:
                if time.monotonic() > deadline:
                    raise SystemExit("%s %d: the agents did not publish their nodes" % (kind, n))
                time.sleep(0.005)
            start = time.monotonic()
            procs.append(launch(["--node", "host"]))
        else:
            start = time.monotonic()
            procs.append(launch(["--all"]))
        if not watch.done.wait(args.limit):
            raise SystemExit("%s %d: not converged after %d s (%d states)" %
                             (kind, n, args.limit, len(watch.states)))
        if watch.error:
            raise SystemExit("%s %d: watching the store failed: %s" % (kind, n, watch.error))
        if not status_agrees(args.toscac, store, name, n):
            raise SystemExit("%s %d: the store said started, `toscac status` does not" % (kind, n))
        return watch.converged - start, watch.converged - watch.published
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(30)
        watch.close()


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
    p.add_argument("--agent", help="default: the toscac-agent next to --toscac")
    p.add_argument("--wide", type=int, default=1000)
    p.add_argument("--deep", type=int, default=100)
    p.add_argument("--short", action="store_true", help="CI: small N, no targets")
    p.add_argument("--no-etcd", action="store_true")
    p.add_argument("--no-wide", action="store_true")
    p.add_argument("--per-node", action="store_true",
                   help="one agent process per node instead of one for all")
    p.add_argument("--limit", type=int, default=120)
    args = p.parse_args()
    args.toscac, args.rtt = os.path.abspath(args.toscac), os.path.abspath(args.rtt)
    args.agent = os.path.abspath(args.agent or
                                 os.path.join(os.path.dirname(args.toscac), "toscac-agent"))
    if args.short:
        args.wide, args.deep = 20, 10
    tmp = tempfile.mkdtemp(prefix="toscac-agent-bench-")
    etcd = None
    try:
        stores = [("sqlite", "sqlite:" + os.path.join(tmp, "state.db"), 2.0)]
        if not args.no_etcd:
            etcd, url = start_etcd(tmp)
            stores.append(("etcd", url, 10.0))
        print("%-7s %-6s %6s %9s %9s %9s %7s %7s %s" % (
            "store", "shape", "nodes", "wall s", "chain s", "ideal s", "wall/i", "chain/i",
            "target"))
        for name, store, wide_target in stores:
            round_trip = rtt(args, store)
            wide, wide_chain = (None, None) if args.no_wide else run(args, tmp, "wide", args.wide,
                                                                     store, name)
            if wide is not None:
                print("%-7s %-6s %6d %9.3f %9.3f %9s %7s %7s %s" % (
                    name, "wide", args.wide, wide, wide_chain, "-", "-", "-",
                    "" if args.short else "wall <= %.0f s: %s" % (
                        wide_target, "met" if wide <= wide_target else "MISSED")))
            deep, chain = run(args, tmp, "deep", args.deep, store, name)
            ideal = args.deep * round_trip
            print("%-7s %-6s %6d %9.3f %9.3f %9.4f %7.1f %7.1f %s" % (
                name, "deep", args.deep, deep, chain, ideal, deep / ideal, chain / ideal,
                "" if args.short else "chain <= 3x: %s, wall <= 3x: %s" % (
                    "met" if chain <= 3 * ideal else "MISSED",
                    "met" if deep <= 3 * ideal else "MISSED")))
            print("%-7s round trip (put + get): %.3f ms" % (name, round_trip * 1000))
    finally:
        if etcd:
            etcd.terminate()
            etcd.wait(30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
