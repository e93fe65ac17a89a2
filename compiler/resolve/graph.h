#pragma once
// The dependency digraph of a topology, on Boost.Graph: cycles (every strongly connected
// component, reported once each) and deployment waves (longest path from the leaves).
#include "diag/diagnostic.h"
#include "resolve/topology.h"

namespace toscac::resolve {

class Graph {
 public:
  explicit Graph(Topology& topology) : topology_(topology) {}
  // R601 for every cycle; returns true when there is none.
  bool ReportCycles(diag::Diagnostics& diags);
  // Fills topology.waves and each node's wave; leaves them empty when there is a cycle.
  void AssignWaves();

 private:
  Topology& topology_;
  bool acyclic_ = false;
};

}  // namespace toscac::resolve
