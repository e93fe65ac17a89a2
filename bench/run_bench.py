#!/usr/bin/env python3
"""Runs the compiler benchmark over a series of generated templates and prints the tables of
docs/performance.md (Markdown), each measured value next to its target.

    bench/run_bench.py --bench build/bench/toscac_bench --toscac build/compiler/toscac \\
        --work /tmp/toscac-bench [--short]

For each N it writes a template (gen_topology.py), checks that `toscac validate --werror`
accepts it silently, and runs toscac_bench on it in a process of its own. Then it times
whole `toscac validate` processes on a typical template. --short (CI) uses small N, few runs,
and checks only that everything runs and validates: timings on a shared runner mean nothing.
Exits non-zero when a template does not validate or a benchmark fails. Standard library only.
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys

import gen_topology

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)
FULL_SIZES = [10, 30, 100, 300, 1000, 2000, 5000, 10000, 20000]
SHORT_SIZES = [10, 100, 300]
GRAPH_MAX = 2000  # libcgraph's DOT output grows faster than N: not timed beyond this


def fail(message):
    sys.exit("run_bench.py: " + message)


def generate(n, work):
    os.makedirs(os.path.join(work, "scripts"), exist_ok=True)
    for script in gen_topology.SCRIPTS:
        with open(os.path.join(work, "scripts", script), "w") as f:
            f.write("#!/bin/sh\nexit 0\n")
    path = os.path.join(work, "topology_%d.yaml" % n)
    with open(path, "w") as f:
        f.write(gen_topology.generate(n))
    return path


def validate(toscac, path):
    run = subprocess.run([toscac, "validate", "--werror", path], capture_output=True, text=True)
    if run.returncode != 0 or run.stdout or run.stderr:
        fail("%s does not validate cleanly:\n%s%s" % (path, run.stdout, run.stderr))


def bench(binary, path, repeat, graph):
    flags = ["--graph"] if graph else []
    run = subprocess.run([binary, "--json", "--repeat", str(repeat)] + flags + [path],
                         capture_output=True, text=True)
    if run.returncode != 0:
        fail("toscac_bench failed on %s (exit %d):\n%s" % (path, run.returncode, run.stderr))
    return json.loads(run.stdout)


def spawn(binary, runs, argv):
    run = subprocess.run([binary, "--spawn", str(runs)] + argv, capture_output=True, text=True)
    if run.returncode != 0:
        fail("timing %s failed:\n%s" % (" ".join(argv), run.stderr))
    return json.loads(run.stdout)["median_seconds"]


def slope(points):
    """Least-squares slope of log(time) against log(N)."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else float("nan")


def ms(seconds):
    return "%.3f" % (seconds * 1e3) if seconds < 0.1 else "%.1f" % (seconds * 1e3)


def verdict(ok):
    return "met" if ok else "**missed**"


def print_phases(results):
    print("| N | file KB | parse | read | profile | types | requirements | emit | compile"
          " | bare parse | compile / bare | bare libyaml | graph output |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, r in results:
        print("| %d | %.0f | %s | %s | %s | %s | %s | %s | %s | %s | %.2f | %s | %s |" % (
            n, r["bytes"] / 1024, ms(r["parse"]), ms(r["read"]), ms(r["profile"]),
            ms(r["types"]), ms(r["requirements"]), ms(r["emit"]), ms(r["compile"]),
            ms(r["bare"]), r["compile"] / r["bare"], ms(r["bare_libyaml"]),
            ms(r["graph"]) if r["graph"] >= 0 else "not run"))
    print("\nTimes in ms, the fastest of the repeats in one process; compile = parse + read +"
          " profile + types + requirements + emit (manifests rendered in memory, not"
          " written); bare parse is yaml-cpp's event parse, the yardstick of the targets; bare"
          " libyaml is the event parse of the parser toscac uses; graph output (DOT and plan JSON) is not part of compile, and is timed up to"
          " N = %d only.\n" % GRAPH_MAX)


def print_memory(results):
    print("| N | file MB | peak memory MB | peak / file |")
    print("|---:|---:|---:|---:|")
    for n, r in results:
        print("| %d | %.2f | %.1f | %.1f |" % (n, r["bytes"] / 2**20, r["peak_bytes"] / 2**20,
                                             r["peak_bytes"] / r["bytes"]))
    print("\nPeak memory: growth of VmHWM over the process's own baseline during the first"
          " compile.\n")


def print_targets(results, exponent, exponent_range, spawn_rows):
    largest_n, largest = results[-1]
    ratio = largest["compile"] / largest["bare"]
    memory = largest["peak_bytes"] / largest["bytes"]
    print("| Target | Measured | |")
    print("|---|---:|---|")
    print("| compile(%d) <= 2 x bare yaml-cpp parse | %.2f x | %s |" % (
        largest_n, ratio, verdict(ratio <= 2)))
    print("| peak memory(%d) <= 20 x file size | %.1f x | %s |" % (
        largest_n, memory, verdict(memory <= 20)))
    print("| growth exponent <= 1.1 (N = %d..%d) | %.3f | %s |" % (
        exponent_range[0], exponent_range[1], exponent, verdict(exponent <= 1.1)))
    for label, rounds, target in spawn_rows:
        seconds = statistics.median(rounds)
        measured = "%s ms" % ms(seconds)
        if len(rounds) > 1:
            measured += " (%s to %s)" % (ms(min(rounds)), ms(max(rounds)))
        if target is None:
            print("| %s (reference) | %s | |" % (label, measured))
        else:
            print("| %s < 2 ms | %s | %s |" % (label, measured, verdict(seconds < target)))
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", required=True, help="the toscac_bench binary")
    parser.add_argument("--toscac", required=True, help="the toscac binary")
    parser.add_argument("--work", required=True, help="directory for the generated templates")
    parser.add_argument("--short", action="store_true", help="CI mode: small N, few runs")
    parser.add_argument("--sizes", help="comma-separated N (default: 10..20000)")
    parser.add_argument("--spawn-runs", type=int, help="runs per process timing (default 200)")
    parser.add_argument("--typical", default=os.path.join(SOURCE, "samples/webshop/webshop.yaml"),
                        help="the typical template timed as a whole process")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else (
        SHORT_SIZES if args.short else FULL_SIZES)
    spawn_runs = args.spawn_runs or (5 if args.short else 300)
    spawn_rounds = 1 if args.short else 5
    toscac = os.path.abspath(args.toscac)

    # Whole processes first, before the series loads the machine: each program in turn, for
    # a few rounds, so that a noisy minute touches all of them; the median round counts.
    typical_n = 30
    typical_generated = generate(typical_n, args.work)
    validate(toscac, typical_generated)
    programs = [
        ("`/bin/true`: spawning a process", ["/bin/true"], None),
        ("`toscac --version`", [toscac, "--version"], None),
        ("`toscac validate %s`" % os.path.relpath(args.typical, SOURCE),
         [toscac, "validate", args.typical], 2e-3),
        ("`toscac validate topology_%d.yaml`" % typical_n,
         [toscac, "validate", typical_generated], 2e-3),
    ]
    rounds = {label: [] for label, _, _ in programs}
    for _ in range(spawn_rounds):
        for label, argv, _ in programs:
            rounds[label].append(spawn(args.bench, spawn_runs, argv))
    spawn_rows = [(label, rounds[label], target) for label, _, target in programs]

    results = []
    for n in sizes:
        path = generate(n, args.work)
        validate(toscac, path)
        # At least three compiles, as toscac_bench times at least three bare parses: a single
        # compile of the largest files made the growth exponent a matter of luck on a noisy VM.
        repeat = 1 if args.short else max(3, min(20, 3000 // n))
        results.append((n, bench(args.bench, path, repeat, n <= GRAPH_MAX)))

    big = [(n, r["compile"]) for n, r in results if n >= 1000]
    if len(big) < 2:
        big = [(n, r["compile"]) for n, r in results]
    exponent = slope(big)


    print("## Phases\n")
    print_phases(results)
    print("## Memory\n")
    print_memory(results)
    print("## Targets\n")
    print_targets(results, exponent, (big[0][0], big[-1][0]), spawn_rows)
    print("Whole-process times: the median of %d rounds, each the median wall time of %d runs"
          " (in parentheses: the fastest and slowest round), spawned with posix_spawn, output"
          " to /dev/null, measured before the series." % (spawn_rounds, spawn_runs))


if __name__ == "__main__":
    main()
