#!/usr/bin/env python3
"""Keeps the man pages true to the binaries.

Every command that `toscac --help` lists (down to `csar create`) must have an entry of its own,
a line `.B csar create`; every long option that any `--help` lists must appear in the page; and
every option the page names must be one that some `--help` of the programs lists (an option
that was renamed or removed must leave the page).

Usage: check_man.py PROGRAM PAGE.1.in [PROGRAM PAGE.1.in ...]
"""
import re
import subprocess
import sys

OPTION_RE = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def help_text(program, path):
    proc = subprocess.run([program, *path, "--help"], capture_output=True, text=True, timeout=20)
    return proc.stdout


def subcommands(text):
    names, on = [], False
    for line in text.splitlines():
        if line.startswith("Subcommands:"):
            on = True
            continue
        if on and line.startswith("  ") and line.strip():
            names.append(line.split()[0])
        elif on and line.strip() and not line.startswith(" "):
            on = False
    return names


def walk(program, path=()):
    """(subcommand path, its --help) for the program and every subcommand under it."""
    text = help_text(program, list(path))
    yield path, text
    for name in subcommands(text):
        yield from walk(program, path + (name,))


def check(program, page_path, known_elsewhere):
    with open(page_path, encoding="utf-8") as f:
        # roff writes a dash as \- ; comment lines are not part of the page.
        page = "\n".join(l for l in f.read().replace("\\-", "-").splitlines()
                         if not l.startswith('.\\"'))
    problems, known = [], set()
    for path, text in walk(program):
        known.update(OPTION_RE.findall(text))
        # Each subcommand has an entry of its own: a line ".B csar create".
        leaf = path and not subcommands(text)
        if leaf and "\n.B %s\n" % " ".join(path) not in page:
            problems.append("%s: no entry '.B %s'" % (page_path, " ".join(path)))
        for option in sorted(set(OPTION_RE.findall(text))):
            if option not in page:
                where = " ".join(path) or "the program"
                problems.append("%s: %s of %s is not described" % (page_path, option, where))
    # A page may name the other program's options ("toscac compile --emit manifests").
    for option in sorted(set(OPTION_RE.findall(page)) - known - known_elsewhere):
        problems.append("%s: names %s, which no --help lists" % (page_path, option))
    return problems


def main():
    args = sys.argv[1:]
    if not args or len(args) % 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    pairs = list(zip(args[::2], args[1::2]))
    known = set()
    for program, _ in pairs:
        for _, text in walk(program):
            known.update(OPTION_RE.findall(text))
    problems = []
    for program, page in pairs:
        problems += check(program, page, known)
    for p in problems:
        print(p)
    print("docs-man: %d problems" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
