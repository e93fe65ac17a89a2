#include "ir/ir.h"

namespace toscac::ir {

std::string_view TypeKindName(TypeKind kind) {
  switch (kind) {
    case TypeKind::kArtifact:
      return "artifact type";
    case TypeKind::kData:
      return "data type";
    case TypeKind::kCapability:
      return "capability type";
    case TypeKind::kInterface:
      return "interface type";
    case TypeKind::kRelationship:
      return "relationship type";
    case TypeKind::kNode:
      return "node type";
    case TypeKind::kGroup:
      return "group type";
    case TypeKind::kPolicy:
      return "policy type";
  }
  return "type";
}

std::string_view TypeKindSection(TypeKind kind) {
  switch (kind) {
    case TypeKind::kArtifact:
      return "artifact_types";
    case TypeKind::kData:
      return "data_types";
    case TypeKind::kCapability:
      return "capability_types";
    case TypeKind::kInterface:
      return "interface_types";
    case TypeKind::kRelationship:
      return "relationship_types";
    case TypeKind::kNode:
      return "node_types";
    case TypeKind::kGroup:
      return "group_types";
    case TypeKind::kPolicy:
      return "policy_types";
  }
  return "types";
}

}  // namespace toscac::ir
