#include "resolve/topology.h"

#include <algorithm>

namespace toscac::resolve {

std::string_view FamilyName(Family f) {
  switch (f) {
    case Family::kHostedOn:
      return "HostedOn";
    case Family::kDependsOn:
      return "DependsOn";
    case Family::kConnectsTo:
      return "ConnectsTo";
    case Family::kAttachesTo:
      return "AttachesTo";
    case Family::kRoutesTo:
      return "RoutesTo";
    case Family::kOther:
      return "Other";
  }
  return "Other";
}

// Nodes are sorted by name (topology.h): a binary search, where a scan made every lookup of
// a large topology cost its size.
int Topology::Find(std::string_view name) const {
  auto it = std::lower_bound(nodes.begin(), nodes.end(), name,
                             [](const NodeInfo& n, std::string_view key) { return n.name < key; });
  if (it == nodes.end() || it->name != name) return -1;
  return static_cast<int>(it - nodes.begin());
}

}  // namespace toscac::resolve
