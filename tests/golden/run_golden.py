#!/usr/bin/env python3
"""Golden tests: runs `toscac validate` on every case and compares its output byte for byte.

One folder per case under cases/ (see README.md):
  input.yaml        the template (plus any files it imports); a directory or a dangling
                    link for cases about unreadable files
  input.csar        instead of input.yaml: an archive (made by make_csar_cases.py)
  expected.stderr   exact text output of `toscac validate --color=never [args] input.yaml`,
                    run from inside the case folder so file names are relative
  expected.exit     the exit code (optional, default 1)
  expected.stdout   standard output (optional, default empty)
  args              extra command-line arguments, one line, shell-quoted (optional)

Usage: run_golden.py [--toscac PATH] [--cases DIR] [NAME_SUBSTRING ...]
With UPDATE_GOLDENS=1 in the environment the expected files are rewritten from the output.
"""
import argparse
import difflib
import os
import shlex
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
INPUTS = ("input.yaml", "input.csar")
DEFAULT_EXIT = 1
TIMEOUT_S = 20


def read(path, default=None):
    if not os.path.exists(path):
        return default
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def remove(path):
    if os.path.exists(path):
        os.remove(path)


def command(toscac, case_dir):
    args = read(os.path.join(case_dir, "args"), b"").decode("utf-8").strip()
    # `command` names the subcommand (validate, graph, plan); validate when absent.
    sub = read(os.path.join(case_dir, "command"), b"validate").decode("utf-8").strip()
    return [toscac, sub, "--color=never"] + shlex.split(args) + [input_of(case_dir)]


def input_of(case_dir):
    """The case's input file name, or None for a folder that is not a case."""
    return next((f for f in INPUTS if os.path.lexists(os.path.join(case_dir, f))), None)


def dot_accepts(case_dir):
    """Every golden DOT output must feed `dot -Tsvg` unchanged; None when dot is missing."""
    sub = read(os.path.join(case_dir, "command"), b"validate").decode("utf-8").strip()
    dot = shutil.which("dot")
    if sub != "graph" or dot is None:
        return None
    text = read(os.path.join(case_dir, "expected.stdout"), b"")
    proc = subprocess.run([dot, "-Tsvg"], input=text, capture_output=True)
    return proc.returncode == 0 and not proc.stderr


def run_case(toscac, case_dir):
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    proc = subprocess.run(command(toscac, case_dir), cwd=case_dir, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT_S)
    return proc.returncode, proc.stdout, proc.stderr


def diff(name, expected, actual):
    lines = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(keepends=True),
        actual.decode("utf-8", "replace").splitlines(keepends=True),
        fromfile=name + " (expected)", tofile=name + " (actual)")
    text = "".join(lines)
    return text if text.endswith("\n") else text + "\n"


def update(case_dir, code, out, err):
    write(os.path.join(case_dir, "expected.stderr"), err)
    if code == DEFAULT_EXIT:
        remove(os.path.join(case_dir, "expected.exit"))
    else:
        write(os.path.join(case_dir, "expected.exit"), b"%d\n" % code)
    if out:
        write(os.path.join(case_dir, "expected.stdout"), out)
    else:
        remove(os.path.join(case_dir, "expected.stdout"))


# Returns a list of problems (empty when the case passes).
def check(case, case_dir, code, out, err):
    problems = []
    expected_err = read(os.path.join(case_dir, "expected.stderr"))
    if expected_err is None:
        problems.append("missing expected.stderr (run with UPDATE_GOLDENS=1)\n")
    elif err != expected_err:
        problems.append(diff(case + "/expected.stderr", expected_err, err))
    expected_out = read(os.path.join(case_dir, "expected.stdout"), b"")
    if out != expected_out:
        problems.append(diff(case + "/expected.stdout", expected_out, out))
    expected_code = int(read(os.path.join(case_dir, "expected.exit"), b"%d" % DEFAULT_EXIT))
    if code != expected_code:
        problems.append("exit code %d, expected %d\n" % (code, expected_code))
    if dot_accepts(case_dir) is False:
        problems.append("dot -Tsvg rejects expected.stdout\n")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--toscac", default=os.environ.get("TOSCAC", "build/compiler/toscac"))
    parser.add_argument("--cases", default=os.path.join(HERE, "cases"))
    parser.add_argument("filters", nargs="*", help="run only cases whose name contains one")
    opts = parser.parse_args()
    toscac = os.path.abspath(opts.toscac)
    updating = os.environ.get("UPDATE_GOLDENS") == "1"
    # lexists: a case may test an unreadable input (a directory, a dangling link).
    cases = sorted(c for c in os.listdir(opts.cases) if input_of(os.path.join(opts.cases, c)))
    if opts.filters:
        cases = [c for c in cases if any(f in c for f in opts.filters)]
    passed = failed = 0
    for case in cases:
        case_dir = os.path.join(opts.cases, case)
        try:
            code, out, err = run_case(toscac, case_dir)
        except subprocess.TimeoutExpired:
            print("FAIL %s: no answer in %d s" % (case, TIMEOUT_S))
            failed += 1
            continue
        except OSError as e:
            print("FAIL %s: cannot run %s: %s" % (case, toscac, e.strerror))
            failed += 1
            continue
        if updating:
            update(case_dir, code, out, err)
        problems = check(case, case_dir, code, out, err)
        if problems:
            print("FAIL " + case)
            sys.stdout.write("".join(problems))
            failed += 1
            continue
        passed += 1
    print("golden: %d passed, %d failed" % (passed, failed))
    return 1 if failed or not cases else 0


if __name__ == "__main__":
    sys.exit(main())
