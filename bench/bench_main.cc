// toscac_bench: times the compiler's phases on one service template, against a bare yaml-cpp
// parse of the same bytes, and measures its peak memory; or times whole toscac processes.
//
//   toscac_bench [--repeat R] [--json] [--graph] FILE
//                                               one file per process, so that the peak memory
//                                               is this file's; --graph also times the DOT
//                                               and plan output
//   toscac_bench --spawn RUNS PROGRAM ARGS...   median wall time of RUNS runs of PROGRAM
//
// run_bench.py drives it over a series of generated templates and prints the tables of
// docs/performance.md. Exits 1 when the file does not compile without diagnostics.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "bare_parse.h"
#include "pipeline.h"
#include "process.h"

namespace {

using toscac::bench::PhaseTimes;

struct Result {
  std::string file;
  std::size_t bytes = 0;
  PhaseTimes best;             // the fastest of the repeats
  double bare = 0;             // the fastest bare parse
  double bare_libyaml = 0;     // the fastest bare libyaml parse
  std::size_t peak_bytes = 0;  // peak resident growth during the first compile
};

void PrintJson(const Result& r) {
  const PhaseTimes& t = r.best;
  std::printf(
      "{\"file\": \"%s\", \"bytes\": %zu, \"nodes\": %zu, \"parse\": %.6f, \"read\": %.6f, "
      "\"profile\": %.6f, \"types\": %.6f, \"requirements\": %.6f, \"emit\": %.6f, "
      "\"graph\": %.6f, \"compile\": %.6f, \"bare\": %.6f, \"peak_bytes\": %zu, "
      "\"emitted_bytes\": %zu, \"bare_libyaml\": %.6f}\n",
      r.file.c_str(), r.bytes, t.nodes, t.parse, t.read, t.profile, t.types, t.requirements, t.emit,
      t.graph, t.Compile(), r.bare, r.peak_bytes, t.emitted_bytes, r.bare_libyaml);
}

void PrintText(const Result& r) {
  const PhaseTimes& t = r.best;
  auto ms = [](double s) { return s * 1e3; };
  std::printf("%s: %zu bytes, %zu node templates\n", r.file.c_str(), r.bytes, t.nodes);
  std::printf("  parse %.3f ms  read %.3f ms  profile %.3f ms  types %.3f ms\n", ms(t.parse),
              ms(t.read), ms(t.profile), ms(t.types));
  std::printf("  requirements %.3f ms  emit %.3f ms", ms(t.requirements), ms(t.emit));
  if (t.graph >= 0) std::printf("  (graph output %.3f ms)", ms(t.graph));
  std::printf("\n");
  std::printf("  compile %.3f ms  bare yaml-cpp parse %.3f ms  ratio %.2f (target <= 2)\n",
              ms(t.Compile()), ms(r.bare), t.Compile() / r.bare);
  std::printf("  (bare libyaml parse %.3f ms: parse / bare libyaml %.2f)\n", ms(r.bare_libyaml),
              t.parse / r.bare_libyaml);
  std::printf("  peak memory %.1f MB  = %.1f x the file (target <= 20)\n",
              static_cast<double>(r.peak_bytes) / (1 << 20),
              static_cast<double>(r.peak_bytes) / static_cast<double>(r.bytes));
}

int RunFile(const std::string& file, int repeat, bool json, bool graph) {
  Result r;
  r.file = file;
  std::size_t baseline = toscac::bench::PeakResidentBytes();
  std::string diagnostics;
  for (int i = 0; i < repeat; ++i) {
    PhaseTimes t;
    if (!toscac::bench::CompileOnce(file, graph, t, &diagnostics)) {
      std::cerr << diagnostics << "toscac_bench: " << file
                << " does not compile without diagnostics\n";
      return 1;
    }
    if (i == 0) r.peak_bytes = toscac::bench::PeakResidentBytes() - baseline;
    if (i == 0 || t.Compile() < r.best.Compile()) r.best = t;
  }
  std::ifstream in(file, std::ios::binary);
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  r.bytes = text.size();
  for (int i = 0; i < std::max(repeat, 3); ++i) {
    double t = toscac::bench::BareParse(text);
    if (t < 0) {
      std::cerr << "toscac_bench: yaml-cpp rejects " << file << "\n";
      return 1;
    }
    r.bare = i == 0 ? t : std::min(r.bare, t);
    double l = toscac::bench::BareLibyamlParse(text);
    if (l < 0) {
      std::cerr << "toscac_bench: libyaml rejects " << file << "\n";
      return 1;
    }
    r.bare_libyaml = i == 0 ? l : std::min(r.bare_libyaml, l);
  }
  json ? PrintJson(r) : PrintText(r);
  return 0;
}

int RunSpawn(int runs, const std::vector<std::string>& argv) {
  double t = toscac::bench::MedianSpawnSeconds(argv, runs);
  if (t < 0) {
    std::cerr << "toscac_bench: '" << argv[0] << "' could not be run or failed\n";
    return 1;
  }
  std::printf("{\"median_seconds\": %.6f, \"runs\": %d}\n", t, runs);
  return 0;
}

int Usage() {
  std::cerr << "usage: toscac_bench [--repeat R] [--json] [--graph] FILE\n"
               "       toscac_bench --spawn RUNS PROGRAM ARGS...\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() >= 3 && args[0] == "--spawn") {
    int runs = std::atoi(args[1].c_str());
    if (runs < 1) return Usage();
    return RunSpawn(runs, std::vector<std::string>(args.begin() + 2, args.end()));
  }
  int repeat = 1;
  bool json = false, graph = false;
  std::string file;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--repeat" && i + 1 < args.size()) {
      repeat = std::max(1, std::atoi(args[++i].c_str()));
    } else if (args[i] == "--json") {
      json = true;
    } else if (args[i] == "--graph") {
      graph = true;
    } else if (file.empty() && !args[i].empty() && args[i][0] != '-') {
      file = args[i];
    } else {
      return Usage();
    }
  }
  return file.empty() ? Usage() : RunFile(file, repeat, json, graph);
}
