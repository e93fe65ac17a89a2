#!/usr/bin/env python3
"""End-to-end tests of `toscac up`, `status`, `call` and `down` with real agent processes on
the embedded store: the three samples deploy, heal, react and tear down in order, and a
SIGKILLed agent resumes without running a completed step twice.

usage: deploy_test.py --toscac build/compiler/toscac [unittest args]
Every test works in a temporary directory and stops the agents it started.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

from waiting import read, wait_until

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOSCAC = None
FAST = ["--heal-interval", "0.5", "--retry-base", "0.1", "--lease-ttl", "2"]
LOG_LINE = re.compile(r"^(\S+Z) (\S+) (\S+) (\S+) (\d+\.\d+)s")




class Deployment:
    """One temporary directory with a store, a work directory and the deployment's files."""

    def __init__(self, test, template, name, inputs=()):
        self.test = test
        self.tmp = tempfile.mkdtemp(prefix="toscac-deploy-")
        self.store = os.path.join(self.tmp, "state.db")
        self.work = os.path.join(self.tmp, "work")
        self.template = template
        self.name = name
        self.inputs = ["-i", "work_dir=" + self.work]
        for i in inputs:
            self.inputs += ["-i", i]
        self.dir = os.path.join(self.tmp, ".toscac", name)

    def run(self, *args, check=True, timeout=90):
        result = subprocess.run([TOSCAC, *args, "--store", self.store], cwd=self.tmp,
                                capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError("toscac %s exited with %d\nstdout:\n%s\nstderr:\n%s" % (
                " ".join(args), result.returncode, result.stdout, result.stderr))
        return result

    def up(self, *extra, check=True):
        return self.run("up", self.template, *self.inputs, *FAST, "--timeout", "60", *extra,
                        check=check)

    def up_background(self):
        return subprocess.Popen([TOSCAC, "up", self.template, *self.inputs, *FAST,
                                 "--store", self.store], cwd=self.tmp,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def status(self):
        out = json.loads(self.run("status", "--format", "json").stdout)
        for d in out:
            if d["deployment"] == self.name:
                return {n["node"]: n for n in d["nodes"]}
        return {}

    def state(self, node):
        return self.status().get(node, {}).get("state")

    def down(self):
        return self.run("down", "--timeout", "60")

    def agent_pids(self):
        pids = []
        try:
            nodes = self.status()
        except Exception:  # the store may be gone already
            return pids
        for n in nodes.values():
            if n.get("agent"):
                pids.append(n["agent"]["pid"])
        return pids

    def log(self, node):
        path = os.path.join(self.dir, "logs", node + ".agent.log")
        with open(path) as f:
            return f.read()

    def transitions(self):
        """Every transition line of every agent log: (time, node, step, state)."""
        lines = []
        logs = os.path.join(self.dir, "logs")
        for name in sorted(os.listdir(logs)):
            if not name.endswith(".agent.log"):
                continue
            with open(os.path.join(logs, name)) as f:
                for line in f:
                    m = LOG_LINE.match(line)
                    if m:
                        lines.append((m.group(1), m.group(2), m.group(3), m.group(4)))
        return sorted(lines)

    def last_time(self, node, step, state):
        times = [t for t, n, s, st in self.transitions() if (n, s, st) == (node, step, state)]
        self.test.assertTrue(times, "no '%s %s %s' in the agents' logs" % (node, step, state))
        return times[-1]

    def cleanup(self):
        pids = self.agent_pids()
        if pids:
            self.run("down", "--timeout", "30", check=False)
        for pid in self.agent_pids() + pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        shutil.rmtree(self.tmp, ignore_errors=True)


def sample(name):
    return os.path.join(ROOT, "samples", name, name + ".yaml")


class DeployTest(unittest.TestCase):
    def deployment(self, template, name, inputs=()):
        d = Deployment(self, template, name, inputs)
        self.addCleanup(d.cleanup)
        return d

    def assert_all(self, d, state):
        nodes = d.status()
        self.assertTrue(nodes)
        for node, n in nodes.items():
            self.assertEqual(n["state"], state, node)

    def assert_teardown_order(self, d):
        """Every edge's source is deleted (HostedOn, DependsOn) or stopped (ConnectsTo,
        RoutesTo) before its target's stop completes."""
        with open(os.path.join(d.dir, "index.json")) as f:
            index = json.load(f)
        for e in index["edges"]:
            source, target = e["source"], e["target"]
            if e["family"] in ("ConnectsTo", "RoutesTo"):
                before = d.last_time(source, "stop", "stopped")
            else:
                before = d.last_time(source, "delete", "deleted")
            self.assertLessEqual(before, d.last_time(target, "stop", "stopped"),
                                 "%s must be torn down before %s stops" % (source, target))

    def heal(self, d, path, node, dependant):
        """Deletes a file a check of `node` looks for: the agent restores it, and the
        dependant sees the node's state go down and up again."""
        os.remove(path)
        wait_until(path + " restored", lambda: os.path.exists(path))
        wait_until(node + " started again", lambda: d.state(node) == "started")
        self.assertIn("fails: running it again (healing)", d.log(node))
        log = wait_until("the dependant to see it", lambda: re.search(
            r"dependency '%s' creating \(was started\).*dependency '%s' started" % (node, node),
            d.log(dependant), re.S))
        self.assertTrue(log)

    def down_and_check(self, d, leftovers):
        pids = d.agent_pids()
        out = d.down().stdout
        self.assertIn("torn down", out)
        self.assert_teardown_order(d)
        for pid in pids:
            wait_until("agent %d to exit" % pid, lambda: not os.path.exists("/proc/%d" % pid), 10)
        self.assertEqual(d.run("status").stdout, "no deployments\n")
        for path in leftovers:
            self.assertFalse(os.path.exists(os.path.join(d.work, path)), path)

    def test_maintenance_deploys_heals_reacts_and_tears_down(self):
        d = self.deployment(sample("maintenance"), "maintenance")
        out = d.up().stdout
        self.assertIn("deployment 'maintenance' started: 4 nodes", out)
        self.assert_all(d, "started")
        index = os.path.join(d.work, "web", "index.html")
        self.assertIn("Example Shop", read(index))
        self.heal(d, os.path.join(d.work, "db", "installed"), "db", "web")

        d.run("call", "db", "Maintenance.enter")
        wait_until("the holding page", lambda: "servicing" in read(index))
        self.assertEqual(d.status()["db"]["attributes"]["maintenance"], "true")
        d.run("call", "db", "Maintenance.leave")
        wait_until("the normal page", lambda: "servicing" not in read(index))
        self.assertEqual(d.status()["db"]["attributes"]["maintenance"], "false")
        self.assertGreaterEqual(d.log("web").count("database.target_changed done"), 2)

        self.down_and_check(d, ["web", "db", "dbms"])

    def test_webshop_deploys_heals_and_tears_down(self):
        d = self.deployment(sample("webshop"), "webshop")
        self.assertIn("started: 12 nodes", d.up().stdout)
        self.assert_all(d, "started")
        for f in ["lb/haproxy.cfg", "web1/nginx.conf", "shop_db/schema.sql", "mysql/running"]:
            self.assertTrue(os.path.exists(os.path.join(d.work, f)), f)
        self.heal(d, os.path.join(d.work, "mysql", "installed"), "mysql", "shop_db")
        self.down_and_check(d, ["lb", "web1", "web2", "shop", "app_server", "shop_db", "mysql"])

    def test_khoreia_deploys_heals_and_tears_down(self):
        d = self.deployment(sample("khoreia"), "khoreia")
        self.assertIn("started: 10 nodes", d.up().stdout)
        self.assert_all(d, "started")
        # khoreia's order: node0 waits for node5, node4 for node0.
        self.assertLessEqual(d.last_time("node5", "create", "created"),
                             d.last_time("node0", "create", "created"))
        self.assertLessEqual(d.last_time("node0", "configure", "configured"),
                             d.last_time("node4", "create", "created"))
        self.heal(d, os.path.join(d.work, "node5"), "node5", "node0")
        self.down_and_check(d, ["node%d" % i for i in range(8)])

    def journal(self, d):
        with open(os.path.join(d.work, "journal")) as f:
            return [tuple(line.split()) for line in f]

    def test_sigkill_mid_step_resumes_without_rerunning_completed_steps(self):
        template = os.path.join(ROOT, "tests", "agent", "cases", "journal", "journal.yaml")
        d = self.deployment(template, "journal", ["slow_step=configure", "sleep=3"])
        first = d.up_background()
        try:
            wait_until("app configuring", lambda: d.state("app") == "configuring" and (
                ("begin", "app", "configure") in self.journal(d)))
            victim = d.status()["app"]["agent"]["pid"]
            os.kill(victim, signal.SIGKILL)
        finally:
            first.send_signal(signal.SIGINT)
            first.wait(30)
        self.assertIn("started: 3 nodes", d.up().stdout)
        journal = self.journal(d)
        for entry in set(journal):
            count = journal.count(entry)
            if entry == ("begin", "app", "configure"):
                self.assertEqual(count, 2, "the killed step runs again")
            else:
                self.assertEqual(count, 1, "%s ran %d times" % (" ".join(entry), count))
        for node in ("app", "cache"):
            for step in ("create", "configure", "start"):
                self.assertIn(("end", node, step), journal)

        # Every agent killed at once, then `up` again: nothing runs twice, with checks (app)
        # or with the agent's success records only (cache).
        for pid in d.agent_pids():
            os.kill(pid, signal.SIGKILL)
        self.assertIn("started: 3 nodes", d.up().stdout)
        self.assertEqual(self.journal(d), journal)

        d.down()
        journal = self.journal(d)
        ends = [(n, s) for kind, n, s in journal if kind == "end"]
        for node in ("app", "cache"):
            self.assertEqual(ends.count((node, "stop")), 1)
            self.assertEqual(ends.count((node, "delete")), 1)
        # cache depends on app: it is gone before app stops.
        self.assertLess(journal.index(("end", "cache", "delete")),
                        journal.index(("begin", "app", "stop")))


class SecretsTest(unittest.TestCase):
    """A secret input reaches the steps, and nothing else: not the manifests, the store or any
    log (docs/security.md, "Secrets")."""

    SECRET = "s3cret-$(touch pwned)-'\"-`id`"

    def setUp(self):
        self.d = Deployment(self, os.path.join(ROOT, "tests", "agent", "cases", "secrets",
                                               "secrets.yaml"), "secrets")
        self.addCleanup(self.d.cleanup)
        self.secrets = os.path.join(self.d.tmp, "secrets.json")
        with open(self.secrets, "w") as f:
            json.dump({"db_password": self.SECRET}, f)

    def files_holding(self, text):
        found = []
        for top, _, names in os.walk(self.d.tmp):
            for name in names:
                path = os.path.join(top, name)
                if path == self.secrets or not os.path.isfile(path):
                    continue
                with open(path, "rb") as f:
                    if text.encode() in f.read():
                        found.append(os.path.relpath(path, self.d.tmp))
        return sorted(found)

    def test_the_compiler_refuses_a_secret_value(self):
        r = self.d.run("up", self.d.template, *self.d.inputs, "-i", "db_password=x",
                       check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("error[I704]: input 'db_password' is a secret", r.stderr)

    def test_up_refuses_missing_secrets_and_a_file_others_can_read(self):
        r = self.d.up(check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("node 'db' needs secret 'db_password'", r.stderr)
        os.chmod(self.secrets, 0o644)
        r = self.d.up("--secrets", self.secrets, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("chmod 600 it", r.stderr)
        self.assertNotIn(self.SECRET, r.stderr)
        self.assertFalse(os.path.exists(self.d.work))

    def test_steps_get_the_secret_and_nothing_else_holds_it(self):
        os.chmod(self.secrets, 0o600)
        self.d.up("--secrets", self.secrets)
        nodes = self.d.status()
        self.assertEqual({n: v["state"] for n, v in nodes.items()},
                         {"host": "started", "db": "started", "app": "started"})
        self.assertEqual(read(os.path.join(self.d.work, "db.secret")), self.SECRET)
        self.assertEqual(read(os.path.join(self.d.work, "app.secret")),
                         "mysql://shop:" + self.SECRET + "@db/shop")
        self.assertFalse(os.path.exists(os.path.join(self.d.dir, "pwned")))
        # Only the steps' own files hold it: not the manifests, the store, the logs.
        self.assertEqual(self.files_holding(self.SECRET), ["work/app.secret", "work/db.secret"])
        self.assertEqual(self.files_holding("s3cret"), ["work/app.secret", "work/db.secret"])
        log = read(os.path.join(self.d.dir, "logs", "db", "create.log"))
        self.assertIn("connecting with ********", log)
        status = self.d.run("status", "--format", "json").stdout
        self.assertNotIn("s3cret", status)
        self.d.run("down", "--timeout", "60", "--secrets", self.secrets)
        self.assertEqual(self.files_holding("s3cret"), [])


class RefusalTest(unittest.TestCase):
    """The agent runs nothing from a manifest that fails the schema or an artifact whose bytes
    are not those the compiler hashed."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="toscac-refuse-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.out = os.path.join(self.tmp, "out")
        subprocess.run([TOSCAC, "compile", sample("maintenance"), "-o", self.out,
                        "-i", "work_dir=" + os.path.join(self.tmp, "work")], check=True)

    def agent(self, *extra):
        return subprocess.run([os.path.join(os.path.dirname(TOSCAC), "toscac-agent"), "--dir",
                               self.out, "--node", "db", "--store",
                               "sqlite:" + os.path.join(self.tmp, "s.db"), *extra],
                              capture_output=True, text=True, timeout=30)

    def test_a_changed_artifact_is_refused(self):
        script = os.path.join(self.out, "artifacts", "scripts", "create.sh")
        with open(script, "a") as f:
            f.write("touch /tmp/toscac-pwned\n")
        r = self.agent()
        self.assertEqual(r.returncode, 1)
        self.assertIn("node 'db' refused", r.stderr)
        self.assertIn("artifact 'artifacts/scripts/create.sh' has sha256", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "work")))

    def test_an_agent_for_a_deployment_not_in_the_store_stops_at_once(self):
        # What `down` leaves behind is an empty store: an agent that `up` or `down` starts
        # then has nothing to play and must not linger (nor deploy it again).
        r = self.agent("--require-deployment")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("the deployment is not in the store", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "work")))

    def test_a_manifest_that_fails_the_schema_is_refused(self):
        path = os.path.join(self.out, "manifests", "db.json")
        with open(path) as f:
            doc = json.load(f)
        doc["steps"][0]["do"]["timeout_s"] = "300; rm -rf /"
        with open(path, "w") as f:
            json.dump(doc, f)
        r = self.agent()
        self.assertEqual(r.returncode, 1)
        self.assertIn("is not a valid manifest", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "work")))

    def test_a_timeout_or_retries_out_of_bounds_is_refused(self):
        path = os.path.join(self.out, "manifests", "db.json")
        with open(path) as f:
            original = json.load(f)
        for field, value in (("timeout_s", 10 ** 12), ("retries", 10 ** 9)):
            doc = json.loads(json.dumps(original))
            doc["steps"][0]["do"][field] = value
            with open(path, "w") as f:
                json.dump(doc, f)
            r = self.agent()
            self.assertEqual(r.returncode, 1, field)
            self.assertIn("is not a valid manifest", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "work")))


def main():
    global TOSCAC
    parser = argparse.ArgumentParser()
    parser.add_argument("--toscac", required=True)
    args, rest = parser.parse_known_args()
    TOSCAC = os.path.abspath(args.toscac)
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)


if __name__ == "__main__":
    main()
