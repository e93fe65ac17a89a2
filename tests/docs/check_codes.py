#!/usr/bin/env python3
"""Keeps docs/diagnostics.md in step with compiler/diag/codes.def.

Every code of the table must have a row in the document's code table (same severity, same
summary) and a section of its own ("### F001 ..."); the document may name no other code.

Usage: check_codes.py compiler/diag/codes.def docs/diagnostics.md
"""
import re
import sys

DEF_RE = re.compile(r'^TOSCAC_DIAG\(\s*([A-Z][0-9]{3})\s*,\s*k(\w+)\s*,\s*"((?:[^"\\]|\\.)*)"\s*\)')
# | [F001](#f001) | error | the file cannot be read |   (the link is optional)
ROW_RE = re.compile(r'^\|\s*\[?([A-Z][0-9]{3})\]?(?:\(#[^)]*\))?\s*\|\s*(\w+)\s*\|\s*(.*?)\s*\|\s*$')
SECTION_RE = re.compile(r'^#{2,4}\s+([A-Z][0-9]{3})\b')


def read_codes(path):
    codes = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = DEF_RE.match(line.strip())
            if m:
                codes[m.group(1)] = (m.group(2).lower(), m.group(3).replace('\\"', '"'))
    return codes


def read_doc(path):
    rows, sections, problems = {}, set(), []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            m = ROW_RE.match(line.strip())
            if m:
                if m.group(1) in rows:
                    problems.append("%s:%d: %s has two rows" % (path, number, m.group(1)))
                rows[m.group(1)] = (m.group(2).lower(), m.group(3))
                continue
            m = SECTION_RE.match(line)
            if m:
                if m.group(1) in sections:
                    problems.append("%s:%d: %s has two sections" % (path, number, m.group(1)))
                sections.add(m.group(1))
    return rows, sections, problems


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    codes_path, doc_path = sys.argv[1], sys.argv[2]
    codes = read_codes(codes_path)
    rows, sections, problems = read_doc(doc_path)
    if not codes:
        problems.append("%s: no TOSCAC_DIAG entries found" % codes_path)
    for code, (severity, summary) in sorted(codes.items()):
        if code not in rows:
            problems.append("%s: %s is in %s but has no row" % (doc_path, code, codes_path))
            continue
        if rows[code][0] != severity:
            problems.append("%s: %s is '%s' in the table, '%s' in %s"
                            % (doc_path, code, rows[code][0], severity, codes_path))
        if rows[code][1] != summary:
            problems.append("%s: %s summary is '%s', %s says '%s'"
                            % (doc_path, code, rows[code][1], codes_path, summary))
        if code not in sections:
            problems.append("%s: %s has no section" % (doc_path, code))
    for code in sorted(set(rows) | sections):
        if code not in codes:
            problems.append("%s: %s is documented but not in %s" % (doc_path, code, codes_path))
    for p in problems:
        print(p)
    print("docs-codes: %d codes, %d problems" % (len(codes), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
