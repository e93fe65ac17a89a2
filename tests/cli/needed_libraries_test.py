#!/usr/bin/env python3
"""The shared libraries `toscac` names, and its libm functions opened on first use.

With static dependencies (TOSCAC_STATIC_DEPS), toscac names libc and the dynamic loader only:
every other library costs each run its mapping and relocation (docs/performance.md). libm's
functions come from lazy/math.cc, which opens libm.so.6 when one is first called. This test
checks both: the NEEDED entries, and that floating-point scalar units, whose parsing and
comparison call libm (from_chars' rounding mode, powl beyond 10^27), give the same verdicts
through the forwarders, with libm opened then and not before.

With the static front (compiler/cli/front.h), --toscac is its dynamically linked twin, and
--front the static executable: it must name no library at all, and give the same verdicts with
the static libm.

Usage: needed_libraries_test.py --toscac PATH [--front PATH] --sample samples/webshop/webshop.yaml
"""
import argparse
import os
import subprocess
import sys
import tempfile

ALLOWED = {"libc.so.6", "ld-linux-x86-64.so.2"}

TEMPLATE = """tosca_definitions_version: tosca_simple_yaml_1_3
node_types:
  Box:
    derived_from: tosca.nodes.Root
    properties:
      clock:
        type: scalar-unit.frequency
        constraints:
          - greater_or_equal: 2.25 GHz
      store:
        type: scalar-unit.size
        constraints:
          - less_than: 2.0e40 GB
topology_template:
  node_templates:
    box:
      type: Box
      properties:
        clock: {clock}
        store: {store}
"""


def needed(path):
    out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True,
                         check=True).stdout
    return {line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines()
            if "(NEEDED)" in line}


def validate(toscac, path):
    env = dict(os.environ, LD_DEBUG="files")
    proc = subprocess.run([toscac, "validate", path], capture_output=True, text=True,
                          timeout=30, env=env)
    loaded = "file=libm.so.6 [0];  dynamically loaded" in proc.stderr
    diagnostics = [l for l in proc.stderr.splitlines() if not l.lstrip().startswith(
        tuple("0123456789"))]
    return proc.returncode, loaded, "\n".join(diagnostics) + proc.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--toscac", required=True)
    parser.add_argument("--front")
    parser.add_argument("--sample", required=True)
    opts = parser.parse_args()
    problems = []

    if opts.front and needed(opts.front):
        problems.append("the static front names %s" % ", ".join(sorted(needed(opts.front))))

    extra = needed(opts.toscac) - ALLOWED
    if extra:
        problems.append("toscac names %s: link them statically or open them on first use "
                        "(lazy/)" % ", ".join(sorted(extra)))

    code, loaded, text = validate(opts.toscac, opts.sample)
    if code != 0:
        problems.append("%s does not validate:\n%s" % (opts.sample, text))
    if loaded:
        problems.append("validating %s opened libm: nothing there needs it" % opts.sample)

    cases = [  # clock, store, expected exit code, expected text
        ("2.5 GHz", "1.5e40 GB", 0, ""),
        ("2.0 GHz", "1.5e40 GB", 1, "error[V302]: '2.0 GHz' is not greater than or equal to "
         "2.25 GHz"),
        ("2.5 GHz", "3.5e40 GB", 1, "error[V302]: '3.5e40 GB' is not less than 2.0e40 GB"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for clock, store, expected, phrase in cases:
            path = os.path.join(tmp, "units.yaml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(TEMPLATE.format(clock=clock, store=store))
            code, loaded, text = validate(opts.toscac, path)
            what = "clock %s, store %s" % (clock, store)
            if code != expected or phrase not in text:
                problems.append("%s: expected exit %d mentioning %r, got %d:\n%s"
                                % (what, expected, phrase, code, text))
            if not loaded:
                problems.append("%s: libm was not opened, yet floats were parsed" % what)
            if not opts.front:
                continue
            code, _, text = validate(opts.front, path)
            if code != expected or phrase not in text:
                problems.append("front, %s: expected exit %d mentioning %r, got %d:\n%s"
                                % (what, expected, phrase, code, text))

    for p in problems:
        print("FAIL:", p)
    print("%d problem(s)" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
