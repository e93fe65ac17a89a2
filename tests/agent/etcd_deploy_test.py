#!/usr/bin/env python3
"""Distributed choreography on a real etcd cluster: three etcd members and one toscac-agent
process per host, started and stopped by this harness on loopback ports. The agents share no
files: `toscac deploy` publishes the deployment in etcd and each agent fetches it.

usage: etcd_deploy_test.py --toscac build/compiler/toscac [unittest args]
"""
import argparse
import ctypes
import glob
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

from waiting import read, wait_until

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOSCAC = None
AGENT = None


def die_with_parent():
    # The server or agent stops itself when the test process goes away.
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


GIVEN_PORTS = set()


def free_port():
    """A loopback port free just now, below the kernel's range for outgoing connections
    (32768 and up), so that no client's connection takes it while its member is stopped."""
    while True:
        port = random.randint(20000, 32767)
        if port in GIVEN_PORTS:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        GIVEN_PORTS.add(port)
        return port




class EtcdCluster:
    def __init__(self, tmp, members=3):
        self.tmp = tmp
        self.members = [("m%d" % i, free_port(), free_port()) for i in range(members)]
        self.initial = ",".join("%s=http://127.0.0.1:%d" % (n, p) for n, _, p in self.members)
        self.procs = {}
        for i in range(members):
            self.start(i)
        for i in range(members):
            wait_until("etcd member %d" % i, lambda i=i: self.healthy(i))

    def start(self, i):
        name, client, peer = self.members[i]
        args = ["etcd", "--name", name, "--data-dir", os.path.join(self.tmp, name),
                "--listen-client-urls", "http://127.0.0.1:%d" % client,
                "--advertise-client-urls", "http://127.0.0.1:%d" % client,
                "--listen-peer-urls", "http://127.0.0.1:%d" % peer,
                "--initial-advertise-peer-urls", "http://127.0.0.1:%d" % peer,
                "--initial-cluster", self.initial, "--initial-cluster-state", "new",
                "--heartbeat-interval", "100", "--election-timeout", "1000"]
        log = open(os.path.join(self.tmp, name + ".log"), "a")
        self.procs[i] = subprocess.Popen(args, stdout=log, stderr=log,
                                         preexec_fn=die_with_parent)
        log.close()

    def start_stopped(self):
        for i in range(len(self.members)):
            if i not in self.procs:
                self.start(i)
                wait_until("etcd member %d back" % i, lambda i=i: self.healthy(i))

    def stop(self, i):
        p = self.procs.pop(i, None)
        if p:
            p.terminate()
            p.wait(30)

    def healthy(self, i):
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/health" % self.members[i][1],
                                        timeout=1) as r:
                return json.load(r).get("health") == "true"
        except Exception:
            return False

    def post(self, path, body):
        req = urllib.request.Request("http://127.0.0.1:%d%s" % (self.members[1][1], path),
                                     data=json.dumps(body).encode(), method="POST")
        with urllib.request.urlopen(req, timeout=5) as r:
            return json.load(r)

    def url(self, prefix):
        return "etcd://" + ",".join("127.0.0.1:%d" % c for _, c, _ in self.members) + \
            "/?prefix=" + prefix

    def close(self):
        for i in list(self.procs):
            self.stop(i)


class Hosts:
    """One agent process per host, each in a directory of its own."""

    def __init__(self, test, tmp, store, deployment, lease_ttl):
        self.test, self.tmp, self.store, self.deployment = test, tmp, store, deployment
        self.lease_ttl = lease_ttl
        self.procs = {}

    def start(self, host, *extra):
        d = os.path.join(self.tmp, "host-" + host)
        os.makedirs(d, exist_ok=True)
        log = open(os.path.join(d, "agent.log"), "a")
        self.procs[host] = subprocess.Popen(
            [AGENT, "--store", self.store, "--deployment", self.deployment, "--host", host,
             "--heal-interval", "0.5", "--retry-base", "0.1", "--lease-ttl", self.lease_ttl,
             *extra],
            cwd=d, stdout=log, stderr=log, preexec_fn=die_with_parent)
        log.close()

    def kill(self, host):
        p = self.procs.pop(host)
        p.kill()
        p.wait()

    def log(self, host):
        return read(os.path.join(self.tmp, "host-" + host, "agent.log"))

    def wait_exit(self):
        for host, p in list(self.procs.items()):
            self.test.assertEqual(p.wait(30), 0, host)
            del self.procs[host]

    def close(self):
        for p in self.procs.values():
            p.kill()
            p.wait()


class EtcdDeployTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="toscac-etcd-")
        cls.cluster = EtcdCluster(cls.tmp)

    @classmethod
    def tearDownClass(cls):
        cls.cluster.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        # Every member up: a test that stopped one and failed before starting it again must
        # not take the next one down with it.
        self.cluster.start_stopped()
        self.work = tempfile.mkdtemp(prefix="toscac-etcd-work-")
        self.addCleanup(shutil.rmtree, self.work, True)
        # Runs before the directory goes (cleanups run last in, first out).
        self.addCleanup(self.show_logs_if_failed)
        self.store = self.cluster.url("/" + self._testMethodName)

    def show_logs_if_failed(self):
        """A failed test prints the end of every agent's log and of every etcd member's: a
        failure on a CI machine says what the agents saw."""
        # What failed so far: Python 3.11 reports to the result at once, older ones collect
        # in the outcome until the cleanups have run.
        outcome = getattr(self, "_outcome", None)
        result = getattr(outcome, "result", None)
        reported = getattr(result, "failures", []) + getattr(result, "errors", [])
        pending = [e for e in getattr(outcome, "errors", []) if e[1] is not None]
        if not any(test is self for test, _ in reported + pending):
            return
        logs = [(path, 80) for path in sorted(glob.glob(os.path.join(self.work, "host-*",
                                                                        "agent.log")))]
        logs += [(path, 15) for path in sorted(glob.glob(os.path.join(self.tmp, "m*.log")))]
        for path, most in logs:
            lines = read(path).splitlines()
            sys.stderr.write("--- %s (the last %d lines of %d)\n" % (path, most, len(lines)))
            sys.stderr.write("\n".join(lines[-most:]) + "\n")

    def toscac(self, *args, check=True):
        r = subprocess.run([TOSCAC, *args, "--store", self.store], cwd=self.work,
                           capture_output=True, text=True, timeout=120)
        if check and r.returncode != 0:
            raise AssertionError("toscac %s: %d\n%s%s" % (" ".join(args), r.returncode,
                                                          r.stdout, r.stderr))
        return r

    def nodes(self):
        out = json.loads(self.toscac("status", "--format", "json").stdout)
        return {n["node"]: n for d in out for n in d["nodes"]}

    def all_started(self):
        nodes = self.nodes()
        return nodes and all(n["state"] == "started" and not n["lost"] for n in nodes.values())

    def deploy(self, sample, hosts, lease_ttl="2"):
        self.toscac("deploy", os.path.join(ROOT, "samples", sample, sample + ".yaml"),
                    "-i", "work_dir=" + os.path.join(self.work, "w"))
        agents = Hosts(self, self.work, self.store, sample, lease_ttl)
        self.addCleanup(agents.close)
        for h in hosts:
            agents.start(h)
        return agents

    def test_khoreia_on_two_hosts_survives_an_etcd_member_and_an_agent_dying(self):
        agents = self.deploy("khoreia", ["host_a", "host_b"])
        # One etcd member goes away during the deployment.
        self.cluster.stop(0)
        wait_until("khoreia started", self.all_started)
        self.cluster.start(0)
        wait_until("member 0 back", lambda: self.cluster.healthy(0))

        # host_b's agent dies: its nodes are lost for host_a's, which wait and see it.
        agents.kill("host_b")
        wait_until("node5 lost", lambda: self.nodes()["node5"]["lost"], 30)
        wait_until("node0 notes it", lambda: "dependency 'node5' lost (was started)" in
                   agents.log("host_a"), 30)
        agents.start("host_b")
        wait_until("recovered", self.all_started)
        wait_until("node0 sees it back", lambda: re.search(
            r"dependency 'node5' lost.*dependency 'node5' started \(was lost\)",
            agents.log("host_a"), re.S), 30)

        self.assertIn("torn down", self.toscac("down", "--timeout", "60").stdout)
        agents.wait_exit()
        self.assertEqual([f for f in os.listdir(os.path.join(self.work, "w"))], [])

    def test_maintenance_reacts_across_a_compaction(self):
        # A lease long enough to outlast the pause below, even in a sanitizer build: the agent
        # must come back through the re-list, not through a lease that expired.
        agents = self.deploy("maintenance", ["server"], lease_ttl="30")
        wait_until("maintenance started", self.all_started)
        index = os.path.join(self.work, "w", "web", "index.html")
        # The agent stops reading (SIGSTOP), the history it has not read is compacted away,
        # and the member it watched goes: its watch resumes elsewhere from a revision that
        # is gone, is cancelled, and the agent must re-list to see the request.
        agent = agents.procs["server"]
        agent.send_signal(signal.SIGSTOP)
        self.cluster.stop(0)
        r = subprocess.Popen([TOSCAC, "call", "db", "Maintenance.enter", "--store", self.store],
                             cwd=self.work, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(0.5)
        # One more write after the request, so the compaction removes the request's revision.
        subprocess.run([TOSCAC, "status", "--store", self.store], capture_output=True)
        self.cluster.post("/v3/kv/put", {"key": "L3g=", "value": "eA=="})
        rev = int(self.cluster.post("/v3/kv/range", {"key": "AA=="})["header"]["revision"])
        self.cluster.post("/v3/kv/compaction", {"revision": str(rev), "physical": True})
        agent.send_signal(signal.SIGCONT)
        self.assertEqual(r.wait(60), 0, r.stderr.read())
        r.stdout.close()
        r.stderr.close()
        wait_until("the holding page", lambda: "servicing" in read(index))
        self.assertIn("re-listed", agents.log("server"))
        self.cluster.start(0)
        wait_until("member 0 back", lambda: self.cluster.healthy(0))
        self.toscac("call", "db", "Maintenance.leave")
        wait_until("the normal page", lambda: "servicing" not in read(index))
        self.assertIn("torn down", self.toscac("down", "--timeout", "60").stdout)
        agents.wait_exit()

    def test_three_instances_elect_a_leader_follow_maintenance_and_roll_an_update(self):
        # samples/maintenance/cluster.yaml: web_host scales to 3, so web runs as web[0..2],
        # one per host; db and its host run on h0.
        self.toscac("deploy", os.path.join(ROOT, "samples", "maintenance", "cluster.yaml"),
                    "-i", "work_dir=" + os.path.join(self.work, "w"))
        agents = Hosts(self, self.work, self.store, "maintenance-cluster", "2")
        self.addCleanup(agents.close)
        hosts = ["h0", "h1", "h2"]
        for i, h in enumerate(hosts):
            agents.start(h, "--place", "web_host[%d]=%s" % (i, h), "--place", "db_host=h0")
        try:
            wait_until("the cluster started", self.all_started, 60)
        except AssertionError:
            raise AssertionError("not started: %s\n%s" % (
                {n: (v["state"], v["lost"]) for n, v in self.nodes().items()},
                "".join(agents.log(h)[-3000:] for h in hosts)))
        self.assertEqual(sorted(self.nodes()), ["db", "db_host", "dbms", "web[0]", "web[1]",
                                                "web[2]", "web_host[0]", "web_host[1]",
                                                "web_host[2]"])
        page = lambda i: read(os.path.join(self.work, "w", "web[%d]" % i, "index.html"))

        # One leader, the same for all three.
        def leaders():
            found = set()
            for h in hosts:
                found |= set(re.findall(r"web\[\d\] leader: (web\[\d\])", agents.log(h)))
            return found
        wait_until("a leader", lambda: len(leaders()) == 1, 30)
        leader = leaders().pop()

        # The maintenance dance reaches every instance.
        self.toscac("call", "db", "Maintenance.enter")
        for i in range(3):
            wait_until("web[%d] holding page" % i, lambda i=i: "servicing" in page(i))
        self.toscac("call", "db", "Maintenance.leave")
        for i in range(3):
            wait_until("web[%d] normal page" % i, lambda i=i: "servicing" not in page(i))

        # A rolling update: one instance at a time, in index order, each after the previous
        # one is started again with the new title.
        r = self.toscac("set", "web", "site_title=Example Shop, renewed", "--wait",
                        "--timeout", "60")
        self.assertIn("rolling through 3 instances", r.stdout)
        for i in range(3):
            self.assertIn("Example Shop, renewed", page(i))
        logs = "".join(agents.log(h) for h in hosts)

        def when(pattern):
            m = re.search(r"^(\S+) " + pattern, logs, re.M)
            self.assertTrue(m, pattern)
            return m.group(1)
        for i in range(2):
            applied_next = when(r"web\[%d\] applying settings 1" % (i + 1))
            applied_this = when(r"web\[%d\] applying settings 1" % i)
            self.assertLess(applied_this, applied_next)
            # The previous instance was configured again and started before the next began.
            done = re.findall(r"^(\S+) web\[%d\] node started" % i, logs, re.M)
            self.assertEqual(len(done), 2, "web[%d] started twice: deploy, update" % i)
            self.assertLess(done[1], applied_next)
        # configure ran once per instance to deploy and once to update, nothing more.
        self.assertEqual(len(re.findall(r"web\[\d\] configure configured", logs)), 6)

        # The leader's agent dies: another instance takes over.
        dead = hosts[int(leader[4])]
        agents.kill(dead)
        wait_until("a new leader", lambda: any(
            l != leader for l in re.findall(r"leader: (web\[\d\])",
                                            "".join(agents.log(h) for h in hosts if h != dead))),
            40)
        agents.start(dead, "--place", "web_host[%s]=%s" % (leader[4], dead), "--place",
                     "db_host=h0")
        wait_until("recovered", self.all_started, 60)
        self.assertIn("torn down", self.toscac("down", "--timeout", "60").stdout)
        agents.wait_exit()

    def computes(self, template):
        ir = subprocess.run([TOSCAC, "compile", template, "--emit", "ir", "-o", "-", "-i",
                             "work_dir=" + os.path.join(self.work, "w")],
                            capture_output=True, text=True, check=True).stdout
        return sorted({m["compute"] for m in json.loads(ir)["nodes"].values()})

    def test_every_sample_deploys_on_three_hosts(self):
        hosts = ["h0", "h1", "h2"]
        for sample in ["khoreia", "maintenance", "webshop"]:
            with self.subTest(sample=sample):
                template = os.path.join(ROOT, "samples", sample, sample + ".yaml")
                self.toscac("deploy", template, "-i", "work_dir=" + os.path.join(self.work, "w"))
                # The sample's Compute nodes, spread over the three hosts.
                places = []
                for i, compute in enumerate(self.computes(template)):
                    places += ["--place", "%s=%s" % (compute, hosts[i % 3])]
                agents = Hosts(self, os.path.join(self.work, sample), self.store, sample, "2")
                self.addCleanup(agents.close)
                for h in hosts:
                    agents.start(h, *places)
                wait_until(sample + " started", self.all_started, 60)
                self.assertIn("torn down", self.toscac("down", "--timeout", "60").stdout)
                agents.wait_exit()
                self.assertEqual(os.listdir(os.path.join(self.work, "w")), [])

    def test_an_agent_killed_mid_step_resumes_without_rerunning_completed_steps(self):
        template = os.path.join(ROOT, "tests", "agent", "cases", "journal", "journal.yaml")
        work = os.path.join(self.work, "w")
        self.toscac("deploy", template, "-i", "work_dir=" + work, "-i", "slow_step=configure",
                    "-i", "sleep=3")
        agents = Hosts(self, self.work, self.store, "journal", "2")
        self.addCleanup(agents.close)
        agents.start("host")
        journal = lambda: [tuple(line.split()) for line in read(os.path.join(work, "journal"))
                           .splitlines()]
        wait_until("app configuring", lambda: os.path.exists(os.path.join(work, "journal")) and
                   ("begin", "app", "configure") in journal(), 30)
        agents.kill("host")
        agents.start("host")
        wait_until("journal started", self.all_started, 60)
        entries = journal()
        for entry in set(entries):
            expected = 2 if entry == ("begin", "app", "configure") else 1
            self.assertEqual(entries.count(entry), expected, " ".join(entry))
        self.assertIn("torn down", self.toscac("down", "--timeout", "60").stdout)
        agents.wait_exit()

    def test_two_deployments_in_two_namespaces_do_not_see_each_other(self):
        other = self.cluster.url("/someone-else")
        self.toscac("deploy", os.path.join(ROOT, "samples", "khoreia", "khoreia.yaml"),
                    "-i", "work_dir=" + os.path.join(self.work, "w"))
        r = subprocess.run([TOSCAC, "status", "--store", other], capture_output=True, text=True)
        self.assertEqual(r.stdout, "no deployments\n")
        self.toscac("down", "--timeout", "5", check=False)


def main():
    global TOSCAC, AGENT
    parser = argparse.ArgumentParser()
    parser.add_argument("--toscac", required=True)
    args, rest = parser.parse_known_args()
    TOSCAC = os.path.abspath(args.toscac)
    AGENT = os.path.join(os.path.dirname(TOSCAC), "toscac-agent")
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)


if __name__ == "__main__":
    main()
