#pragma once
// The reader's pieces, shared by reader.cc, read_types.cc, read_definitions.cc and
// read_topology.cc. Each function reads one construct and reports its problems.
#include "ir/fields.h"
#include "ir/ir.h"

namespace toscac::ir {

// A parameter written in its extended form (a map of definition keynames).
bool LooksLikeDefinition(const Node& node);

// Definitions shared by types and templates (read_definitions.cc).
std::vector<PropertyDef> ReadPropertyDefs(ReadContext& ctx, const Node* node,
                                          std::string_view what);
// Parameter definitions: inputs of operations and interfaces, topology inputs and outputs;
// `allow_values` accepts a bare value as the short form.
std::vector<PropertyDef> ReadParameterDefs(ReadContext& ctx, const Node* node,
                                           std::string_view what, bool allow_values);
std::shared_ptr<Schema> ReadSchema(ReadContext& ctx, const Node* node, std::string_view what);
std::vector<const Node*> ReadConstraints(ReadContext& ctx, const Node* node);
std::vector<CapabilityDef> ReadCapabilityDefs(ReadContext& ctx, const Node* node);
std::vector<RequirementDef> ReadRequirementDefs(ReadContext& ctx, const Node* node);
std::vector<ArtifactDef> ReadArtifactDefs(ReadContext& ctx, const Node* node);
// Interfaces of types (`in_template` false) and their assignments in templates (true).
std::vector<InterfaceDef> ReadInterfaces(ReadContext& ctx, const Node* node, bool in_template);
std::vector<OperationDef> ReadOperations(ReadContext& ctx, const Node* node, bool in_template,
                                         bool notifications);
std::vector<Assignment> ReadAssignments(ReadContext& ctx, const Node* node, std::string_view what);

// Types (read_types.cc).
// `defer_bodies`: see ReadOptions::defer_type_bodies.
void ReadTypes(ReadContext& ctx, TypeKind kind, const Node* node, bool defer_bodies,
               std::vector<TypeDef>& out);

// The topology template (read_topology.cc).
TopologyTemplate ReadTopology(ReadContext& ctx, const Node& node);

}  // namespace toscac::ir
