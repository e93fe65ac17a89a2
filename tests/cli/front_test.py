#!/usr/bin/env python3
"""The static front of toscac and its dynamically linked twin (compiler/cli/front.h).

`toscac` is linked static-pie and runs validate, explain and --version itself; every other
command line is handed to toscac-shared, which it finds next to itself or, installed, in
../libexec/toscac. What a user relies on:
- the front starts without the dynamic loader (no interpreter, no NEEDED entries);
- the commands it keeps never load the twin, and the ones it hands off all work, with the same
  output as the twin run directly: compile, graph, plan, csar, --help, a CSAR input,
  --allow-url-imports (before any constructor of the front runs);
- a front without its twin still validates, and says which file is missing for the rest;
- installed as bin/toscac + libexec/toscac/toscac-shared, `toscac up` runs the toscac-agent
  next to bin/toscac.

The twin is dynamically linked, so the loader's LD_DEBUG=files trace (libc.so.6 "needed by"
the program, named by the front's argv[0]) shows whether it ran; a static executable has no
loader to read LD_DEBUG.

usage: front_test.py --front build/compiler/toscac --twin build/compiler/toscac-shared
"""
import argparse
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "samples", "webshop", "webshop.yaml")
FRONT = None
TWIN = None


def run(program, *args, env=None, cwd=None):
    return subprocess.run([program, *args], capture_output=True, text=True, timeout=60,
                          env=env, cwd=cwd)


def traced(*args):
    """Runs the front with the loader's trace on: (result, whether the twin ran)."""
    env = dict(os.environ, LD_DEBUG="files")
    result = run(FRONT, *args, env=env)
    return result, "file=libc.so.6 [0];  needed by" in result.stderr


def elf(path, what):
    return subprocess.run(["readelf", what, path], capture_output=True, text=True,
                          check=True).stdout


class Front(unittest.TestCase):
    def test_is_static(self):
        self.assertNotIn("(NEEDED)", elf(FRONT, "-d"))
        self.assertNotIn("INTERP", elf(FRONT, "-l"))
        self.assertIn("(NEEDED)", elf(TWIN, "-d"))

    def test_keeps_validate_and_explain(self):
        for args in (["validate", SAMPLE], ["validate", "--format", "json", SAMPLE],
                     ["validate", "--werror", SAMPLE, SAMPLE], ["explain", "T201"],
                     ["--version"]):
            result, twin = traced(*args)
            self.assertEqual(result.returncode, 0, "%s: %s" % (args, result.stderr))
            self.assertFalse(twin, "%s ran the twin" % args)
            self.assertEqual(run(TWIN, *args).stdout, result.stdout, args)

    def test_hands_off_the_rest(self):
        with tempfile.TemporaryDirectory() as tmp:
            csar = os.path.join(tmp, "webshop.csar")
            cases = [
                (["--help"], "deploy"),
                (["graph", SAMPLE], "digraph"),
                (["plan", SAMPLE], ""),
                (["compile", "--emit", "ir", SAMPLE], '"nodes"'),
                (["csar", "create", os.path.dirname(SAMPLE), "-o", csar], ""),
                (["validate", csar], ""),
                (["validate", "--allow-url-imports", SAMPLE], ""),
            ]
            for args, phrase in cases:
                result, twin = traced(*args)
                self.assertEqual(result.returncode, 0, "%s: %s" % (args, result.stderr[-2000:]))
                self.assertTrue(twin, "%s did not run the twin" % args)
                self.assertIn(phrase, result.stdout, args)
                # The same bytes as the twin run directly.
                direct = run(TWIN, *args)
                if args[0] != "csar":
                    self.assertEqual(direct.stdout, result.stdout, args)

    def test_without_its_twin(self):
        with tempfile.TemporaryDirectory() as tmp:
            alone = os.path.join(tmp, "toscac")
            shutil.copy(FRONT, alone)
            self.assertEqual(run(alone, "validate", SAMPLE).returncode, 0)
            result = run(alone, "graph", SAMPLE)
            self.assertEqual(result.returncode, 2)
            self.assertIn("this command needs toscac-shared, which is neither next to " + alone,
                          result.stderr)
            installed = os.path.join(os.path.dirname(tmp), "libexec", "toscac", "toscac-shared")
            self.assertIn(" nor at " + installed, result.stderr)

    def test_installed_layout_finds_the_agent(self):
        with tempfile.TemporaryDirectory() as tmp:
            bindir = os.path.join(tmp, "bin")
            libexec = os.path.join(tmp, "libexec", "toscac")
            os.makedirs(bindir)
            os.makedirs(libexec)
            shutil.copy(FRONT, os.path.join(bindir, "toscac"))
            shutil.copy(TWIN, os.path.join(libexec, "toscac-shared"))
            marker = os.path.join(tmp, "agent-ran")
            agent = os.path.join(bindir, "toscac-agent")
            with open(agent, "w", encoding="utf-8") as f:
                f.write("#!/bin/sh\necho \"$@\" > '%s'\nexit 3\n" % marker)
            os.chmod(agent, os.stat(agent).st_mode | stat.S_IXUSR)
            env = {k: v for k, v in os.environ.items() if k != "TOSCAC_AGENT"}
            env["PATH"] = "/usr/bin:/bin"  # no other toscac-agent to find
            result = run(os.path.join(bindir, "toscac"), "--help", env=env)
            self.assertEqual(result.returncode, 0, result.stderr)
            result = run(os.path.join(bindir, "toscac"), "up", SAMPLE, "-i",
                         "work_dir=" + os.path.join(tmp, "work"), "--store",
                         os.path.join(tmp, "state.db"), "--timeout", "10", env=env, cwd=tmp)
            self.assertNotEqual(result.returncode, 0)  # the stand-in agent fails at once
            self.assertTrue(os.path.exists(marker),
                            "bin/toscac-agent did not run:\n" + result.stderr[-2000:])


def main():
    global FRONT, TWIN
    parser = argparse.ArgumentParser()
    parser.add_argument("--front", required=True)
    parser.add_argument("--twin", required=True)
    opts, rest = parser.parse_known_args()
    FRONT, TWIN = os.path.abspath(opts.front), os.path.abspath(opts.twin)
    unittest.main(argv=[sys.argv[0], *rest])


if __name__ == "__main__":
    main()
