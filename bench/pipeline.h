#pragma once
// One compile of one file, phase by phase, the way `toscac compile` runs them (driver.cc,
// compile_command.cc), with the library called directly and the time of each phase taken.
// Manifests are rendered to text in memory, not written: disk speed is not the compiler's.
//
//   PhaseTimes t;
//   if (!CompileOnce("topology_1000.yaml", false, t, &diagnostics)) fail(diagnostics);
//   t.Compile();   // seconds, load to emit
#include <string>

namespace toscac::bench {

struct PhaseTimes {
  double parse = 0;         // the user's YAML to the located tree
  double read = 0;          // the tree to the IR
  double profile = 0;       // the embedded normative profile to the IR
  double types = 0;         // resolve types: the type table and the user's type definitions
  double requirements = 0;  // check the templates, resolve requirements, cycles and waves
  double emit = 0;          // evaluate values, build and render every manifest and the index
  double graph = -1;  // `toscac graph` and `toscac plan` output (not part of compile); -1: not run
  std::size_t nodes = 0;          // node templates in the topology
  std::size_t emitted_bytes = 0;  // manifests and index, as JsonText

  double Load() const { return parse + read + profile; }
  double Compile() const { return Load() + types + requirements + emit; }
};

// Returns false when the file does not compile without any diagnostic (warnings included);
// `diagnostics` then holds them, rendered as toscac shows them.
// With `graph`, also renders the DOT and the plan (libcgraph's time grows faster than the
// topology, so large series leave it out).
bool CompileOnce(const std::string& path, bool with_graph, PhaseTimes& times,
                 std::string* diagnostics);

}  // namespace toscac::bench
