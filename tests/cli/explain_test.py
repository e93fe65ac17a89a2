#!/usr/bin/env python3
"""`toscac explain`: a code's section of docs/diagnostics.md, `--list`, and the errors.

Usage: explain_test.py --toscac PATH --codes compiler/diag/codes.def
"""
import argparse
import re
import subprocess
import sys

DEF_RE = re.compile(r'^TOSCAC_DIAG\(\s*([A-Z][0-9]{3})\s*,\s*k(\w+)\s*,\s*"((?:[^"\\]|\\.)*)"\s*\)')


def run(toscac, *args):
    proc = subprocess.run([toscac, "explain", *args], capture_output=True, text=True, timeout=20)
    return proc.returncode, proc.stdout, proc.stderr


def read_codes(path):
    with open(path, encoding="utf-8") as f:
        return [m.groups() for m in (DEF_RE.match(line.strip()) for line in f) if m]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--toscac", required=True)
    parser.add_argument("--codes", required=True)
    opts = parser.parse_args()
    codes = read_codes(opts.codes)
    problems = []

    def expect(what, actual, expected):
        if actual != expected:
            problems.append("%s:\n  expected %r\n  got      %r" % (what, expected, actual))

    code, out, err = run(opts.toscac, "T201")
    expect("T201 exit", code, 0)
    expect("T201 header", out.splitlines()[:2], ["T201 (error): unknown type", ""])
    expect("T201 has a wrong and a right example", ("Wrong:" in out, "Right:" in out), (True, True))
    expect("T201 stderr", err, "")
    expect("lower-case code", run(opts.toscac, "t201"), (0, out, ""))

    expect("near code", run(opts.toscac, "T2O1"),
           (2, "", "toscac: unknown diagnostic code 'T2O1'; did you mean 'T201'?\n"
                   "toscac: 'toscac explain --list' lists every code\n"))
    expect("far code", run(opts.toscac, "hello"),
           (2, "", "toscac: unknown diagnostic code 'hello'\n"
                   "toscac: 'toscac explain --list' lists every code\n"))
    expect("no code", run(opts.toscac)[0], 2)

    code, out, err = run(opts.toscac, "--list")
    listed = [line.split()[0] for line in out.splitlines()]
    expect("--list exit", code, 0)
    expect("--list codes", listed, [c for c, _, _ in codes])
    expect("--list first line", out.splitlines()[0], "F001  error    the file cannot be read")

    for p in problems:
        print(p)
    print("explain: %d problems" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
