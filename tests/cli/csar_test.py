#!/usr/bin/env python3
"""`toscac csar create`, and validate / graph / plan / compile of the archive it makes.

Usage: csar_test.py --toscac build/compiler/toscac
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import zipfile

HDR = "tosca_definitions_version: tosca_simple_yaml_1_3\n"
APP = HDR + """imports:
  - types/types.yaml
topology_template:
  node_templates:
    server:
      type: tosca.nodes.Compute
    app:
      type: example.App
      requirements:
        - host: server
      interfaces:
        Standard:
          operations:
            create: scripts/create.sh
"""
TYPES = HDR + """node_types:
  example.App:
    derived_from: tosca.nodes.SoftwareComponent
"""
SCRIPT = "#!/bin/sh\necho created\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


class Test:
    def __init__(self, toscac, root):
        self.toscac, self.root, self.failures = toscac, root, 0

    def toscac_run(self, *args, env=None):
        return subprocess.run([self.toscac] + list(args), capture_output=True, text=True,
                              env=env, timeout=60)

    def expect(self, name, ok, detail=""):
        if ok:
            print("ok   " + name)
            return
        self.failures += 1
        print("FAIL %s\n%s" % (name, detail))

    def make_app(self, name):
        d = os.path.join(self.root, name)
        write(os.path.join(d, "app.yaml"), APP)
        write(os.path.join(d, "types", "types.yaml"), TYPES)
        write(os.path.join(d, "scripts", "create.sh"), SCRIPT)
        return d

    def create(self, d, out, *extra, env=None):
        return self.toscac_run("csar", "create", "--color=never", d, "-o", out, *extra, env=env)

    def test_create(self):
        d = self.make_app("app")
        out = os.path.join(self.root, "app.csar")
        p = self.create(d, out)
        self.expect("create", p.returncode == 0 and os.path.exists(out), p.stderr)
        with zipfile.ZipFile(out) as z:
            names = z.namelist()
            meta = z.read("TOSCA-Metadata/TOSCA.meta").decode()
            dates = {i.date_time for i in z.infolist()}
            self.expect("create: entries sorted, python reads them", names == sorted(names) and
                        z.testzip() is None, names)
        self.expect("create: Entry-Definitions", "Entry-Definitions: app.yaml\n" in meta, meta)
        self.expect("create: fixed timestamps", dates == {(1980, 1, 1, 0, 0, 0)}, dates)
        # The same files, touched later and packed in another time zone: the same bytes.
        for f in ("app.yaml", "scripts/create.sh"):
            os.utime(os.path.join(d, f), (1_700_000_000, 1_700_000_000))
        again = os.path.join(self.root, "again.csar")
        env = dict(os.environ, TZ="America/New_York")
        self.create(d, again, env=env)
        self.expect("create: deterministic bytes", read_bytes(out) == read_bytes(again))
        return out

    def test_use(self, archive):
        for cmd in (["validate"], ["graph"], ["plan"]):
            p = self.toscac_run(*cmd, archive)
            self.expect(" ".join(cmd) + " archive", p.returncode == 0, p.stderr)
        out = os.path.join(self.root, "deploy")
        p = self.toscac_run("compile", archive, "-o", out)
        self.expect("compile archive", p.returncode == 0, p.stderr)
        copied = os.path.join(out, "artifacts", "scripts", "create.sh")
        self.expect("compile: artifact copied from the archive",
                    os.path.exists(copied) and read_bytes(copied) == SCRIPT.encode())
        with open(os.path.join(out, "manifests", "app.json")) as f:
            manifest = f.read()
        digest = hashlib.sha256(SCRIPT.encode()).hexdigest()
        self.expect("compile: artifact sha256", digest in manifest, manifest)
        self.expect("compile: deployment named after the entry",
                    json.load(open(os.path.join(out, "index.json"))).get("deployment") == "app")

    def test_entry(self):
        d = self.make_app("two")
        write(os.path.join(d, "other.yaml"), HDR)
        out = os.path.join(self.root, "two.csar")
        p = self.create(d, out)
        self.expect("create: several root YAML files need --entry",
                    p.returncode == 2 and "--entry" in p.stderr and not os.path.exists(out),
                    p.stderr)
        p = self.create(d, out, "--entry", "app.yaml")
        self.expect("create --entry", p.returncode == 0, p.stderr)
        p = self.create(d, out, "--entry", "nothing.yaml")
        self.expect("create --entry missing", p.returncode == 2 and "nothing.yaml" in p.stderr,
                    p.stderr)

    def test_refusals(self):
        d = self.make_app("bad")
        write(os.path.join(d, "app.yaml"), APP.replace("operations:", "operatons:"))
        out = os.path.join(self.root, "bad.csar")
        p = self.create(d, out)
        self.expect("create: an invalid template is not left behind",
                    p.returncode == 1 and "bad.csar!/app.yaml:" in p.stderr and
                    not os.path.exists(out), p.stderr)
        d = self.make_app("link")
        os.symlink("/etc/hostname", os.path.join(d, "host"))
        p = self.create(d, os.path.join(self.root, "link.csar"))
        self.expect("create: a link pointing outside is refused",
                    p.returncode == 2 and "outside" in p.stderr, p.stderr)
        p = self.create(self.make_app("ext"), os.path.join(self.root, "ext.tar"))
        self.expect("create: output must be .csar or .zip", p.returncode == 2, p.stderr)

    def test_output_inside(self):
        d = self.make_app("inside")
        out = os.path.join(d, "inside.csar")
        first = self.create(d, out)
        data = read_bytes(out) if os.path.exists(out) else b""
        second = self.create(d, out)
        self.expect("create: the output inside DIR is not packed into itself",
                    first.returncode == 0 and second.returncode == 0 and
                    read_bytes(out) == data, first.stderr + second.stderr)

    def all(self):
        archive = self.test_create()
        self.test_use(archive)
        self.test_entry()
        self.test_refusals()
        self.test_output_inside()
        return self.failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--toscac", default=os.environ.get("TOSCAC", "build/compiler/toscac"))
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as root:
        failures = Test(os.path.abspath(opts.toscac), root).all()
    print("csar: %s" % ("%d failed" % failures if failures else "all passed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
