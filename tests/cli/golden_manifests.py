#!/usr/bin/env python3
"""Golden manifests: `toscac compile --emit manifests` of every sample, compared byte for byte.

Each samples/<name>/ holds its template <name>.yaml and golden/, the expected output tree
without the copied artifacts: golden/index.json and golden/manifests/<node>.json. Any other
template <t>.yaml of the sample (maintenance/cluster.yaml) has its tree in golden-<t>/.

Usage: golden_manifests.py --toscac PATH [--samples DIR] [NAME ...]
With UPDATE_GOLDENS=1 in the environment the golden trees are rewritten from the output.
"""
import argparse
import difflib
import glob
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SAMPLES = os.path.join(HERE, "..", "..", "samples")
TIMEOUT_S = 60


def tree(root):
    """Every file under root except the copied artifacts, by relative path."""
    out = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            if rel.split(os.sep)[0] == "artifacts":
                continue
            with open(path, "rb") as f:
                out[rel] = f.read()
    return out


def compare(name, expected, actual):
    problems = []
    for rel in sorted(set(expected) | set(actual)):
        if rel not in actual:
            problems.append("%s: %s is not produced any more\n" % (name, rel))
        elif rel not in expected:
            problems.append("%s: %s is new (not in golden/)\n" % (name, rel))
        elif expected[rel] != actual[rel]:
            diff = difflib.unified_diff(
                expected[rel].decode("utf-8", "replace").splitlines(keepends=True),
                actual[rel].decode("utf-8", "replace").splitlines(keepends=True),
                fromfile="%s/golden/%s" % (name, rel), tofile="%s (actual)" % rel)
            problems.append("".join(diff))
    return problems


def run_sample(toscac, sample_dir, update):
    """Every template of the sample: <sample>.yaml against golden/, any other <t>.yaml
    against golden-<t>/."""
    name = os.path.basename(sample_dir)
    templates = sorted(glob.glob(os.path.join(sample_dir, "*.yaml")))
    if not templates:
        return ["%s: no template\n" % name]
    problems = []
    for template in templates:
        stem = os.path.splitext(os.path.basename(template))[0]
        golden = os.path.join(sample_dir, "golden" if stem == name else "golden-" + stem)
        problems += run_template(toscac, name if stem == name else "%s/%s" % (name, stem),
                                 template, golden, update)
    return problems


def run_template(toscac, name, template, golden, update):
    with tempfile.TemporaryDirectory(prefix="toscac-golden-") as out:
        proc = subprocess.run([toscac, "compile", "--color=never", "--emit", "manifests",
                               "-o", out, template],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT_S)
        if proc.returncode != 0 or proc.stderr:
            return ["%s: toscac compile exited %d\n%s" % (name, proc.returncode,
                                                         proc.stderr.decode("utf-8", "replace"))]
        actual = tree(out)
        if update:
            shutil.rmtree(golden, ignore_errors=True)
            for rel, data in actual.items():
                os.makedirs(os.path.dirname(os.path.join(golden, rel)), exist_ok=True)
                with open(os.path.join(golden, rel), "wb") as f:
                    f.write(data)
            return []
    return compare(name, tree(golden) if os.path.isdir(golden) else {}, actual)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--toscac", required=True)
    parser.add_argument("--samples", default=DEFAULT_SAMPLES)
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    update = os.environ.get("UPDATE_GOLDENS") == "1"
    samples = sorted(d for d in glob.glob(os.path.join(args.samples, "*")) if os.path.isdir(d))
    if args.names:
        samples = [d for d in samples if os.path.basename(d) in args.names]
    failed = 0
    for sample in samples:
        problems = run_sample(args.toscac, sample, update)
        if problems:
            failed += 1
            sys.stdout.write("FAIL %s\n%s" % (os.path.basename(sample), "".join(problems)))
    print("golden-manifests: %d passed, %d failed%s" % (len(samples) - failed, failed,
                                                        " (updated)" if update else ""))
    return 1 if failed or not samples else 0


if __name__ == "__main__":
    sys.exit(main())
