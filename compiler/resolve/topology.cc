#include "resolve/topology.h"

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

int Topology::Find(std::string_view name) const {
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace toscac::resolve
