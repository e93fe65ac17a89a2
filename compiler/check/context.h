#pragma once
// What every check of the templates phase shares: the program, the type table, the file being
// checked, and the value checker (values.h). Checks report into ctx.diags and never stop.
#include <deque>
#include <map>
#include <string>

#include "load/program.h"
#include "types/type_table.h"

namespace toscac::check {

using ir::Name;
using ir::Node;
using types::TypeInfo;
using types::TypeKind;
using types::TypeTable;

class ValueChecker;

// Where a value sits, for the functions it may call: SELF is the node (or the relationship),
// SOURCE and TARGET exist only inside relationships.
struct Scope {
  const ir::NodeTemplate* node = nullptr;  // the node template, if any
  const TypeInfo* node_type = nullptr;
  bool relationship = false;                    // inside a relationship: SOURCE and TARGET
  const TypeInfo* relationship_type = nullptr;  // SELF in a relationship
  bool in_type = false;                         // a default inside a type definition
};

struct Context {
  Context(load::Program& p, const TypeTable& t) : program(p), diags(p.diags), types(t) {}
  load::Program& program;
  diag::Diagnostics& diags;
  const TypeTable& types;
  const ir::ServiceTemplate* root = nullptr;
  const ir::TopologyTemplate* topology = nullptr;
  std::string prefix;  // namespace prefix of the unit being checked
  ValueChecker* values = nullptr;
  // Node templates by name, with their resolved types (nullptr when unknown or poisoned).
  std::map<std::string, const ir::NodeTemplate*, std::less<>> nodes;
  std::map<std::string, const TypeInfo*, std::less<>> node_types;
  std::map<std::string, const ir::RelationshipTemplate*, std::less<>> relationships;
  std::map<std::string, const ir::GroupTemplate*, std::less<>> groups;
  std::map<std::string, const ir::PropertyDef*, std::less<>> inputs;
  // Values made by the checks themselves (merged copies) live here.
  yaml::Document* scratch = nullptr;
  // The node templates that use 'copy', with it applied; `nodes` points into it for them and
  // into the topology for the others.
  std::deque<ir::NodeTemplate> node_storage;

  const TypeInfo* FindType(TypeKind kind, const Name& name) const {
    return types.Find(kind, name.text, prefix);
  }
  // Finds a type and reports it when unknown.
  const TypeInfo* RequireType(TypeKind kind, const Name& name) const;
};

}  // namespace toscac::check
