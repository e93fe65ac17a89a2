#pragma once
// The resolved topology: node templates as vertices, resolved requirements as edges, and the
// deployment waves. Plain values only (no pointers into the IR), so it outlives the program
// it was computed from and feeds `toscac graph`, `toscac plan` and the manifests.
//
//   const Topology& t = result.topology;
//   for (const auto& wave : t.waves) for (int v : wave) use(t.nodes[v].name);
#include <string>
#include <vector>

#include "diag/location.h"

namespace toscac::resolve {

// The relationship families the graph and the agents care about.
enum class Family { kHostedOn, kDependsOn, kConnectsTo, kAttachesTo, kRoutesTo, kOther };
std::string_view FamilyName(Family f);  // "HostedOn", ...

struct Edge {
  int source = 0;               // index into Topology::nodes: the node with the requirement
  int target = 0;               // the node that provides the capability; deployed before the source
  std::string requirement;      // requirement name on the source
  std::string capability;       // capability name on the target
  std::string capability_type;  // full type name
  std::string relationship_type;      // full type name, "" when none is known
  std::string relationship_template;  // when the assignment named one
  Family family = Family::kOther;
  bool implicit = false;    // filled in by the resolver, not written in the template
  diag::Location location;  // of the requirement assignment (or of the source node, implicit)
  std::string explain;      // why this target: one line for `--explain`
};

struct NodeInfo {
  std::string name;
  std::string type;                     // full type name
  std::vector<std::string> type_chain;  // the type, its parent, ... up to the root
  std::string host;                     // the target of its HostedOn requirement, "" when none
  int wave = 0;
  diag::Location location;
};

struct Topology {
  std::vector<NodeInfo> nodes;  // sorted by name: vertex i is nodes[i]
  std::vector<Edge> edges;      // sorted by (source, requirement order)
  // Deployment waves: wave 0 needs nothing, wave k needs only nodes of earlier waves.
  // Empty when the graph has a cycle.
  std::vector<std::vector<int>> waves;
  bool resolved = false;  // false when the program had errors before resolution

  int Find(std::string_view name) const;  // index of a node, or -1
};

}  // namespace toscac::resolve
