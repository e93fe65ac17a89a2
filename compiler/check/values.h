#pragma once
// Checks values against TOSCA types: primitives, data types (recursively), list and map entry
// schemas, key schemas, and constraints. Function calls are handed to the function checker
// (functions.h) and not type-checked: their values are known only later.
#include <memory>
#include <unordered_map>

#include "check/context.h"
#include "values/constraint.h"

namespace toscac::check {

class ValueChecker {
 public:
  explicit ValueChecker(Context& ctx) : ctx_(ctx) {}

  // A value assigned to (or defaulted in) a property, attribute, input or parameter definition.
  void CheckValue(const Node& value, const ir::PropertyDef& def, const Scope& scope);
  // The constraints of a definition on their own (each clause parsed, V305 when malformed).
  void CheckConstraints(const ir::PropertyDef& def);
  // Checks every assignment against the definitions: undeclared names (V304), values, and
  // required properties left out (V303, at `owner`). `item` is "property" or "attribute", of
  // the definitions of type `of` (messages say "property of node type 'X'").
  // `check_required` false for attributes.
  void CheckAssignments(const std::vector<ir::Assignment>& assignments,
                        const std::vector<ir::PropertyDef>& defs, const Scope& scope,
                        const Name& owner, std::string_view item, const TypeInfo& of,
                        bool check_required);

 private:
  struct TypeView;
  void Check(const Node& value, const types::DataRef& type, const ir::Schema* entry,
             const ir::Schema* key, const std::vector<const Node*>& constraints, const Scope& scope,
             int depth);
  void CheckComplex(const Node& value, const TypeInfo& type, const Scope& scope, int depth);
  void CheckSecret(const Node& value, const ir::PropertyDef& def, const Scope& scope);
  void CheckEntries(const Node& value, values::Primitive p, const ir::Schema* entry,
                    const ir::Schema* key, const Scope& scope, int depth);
  void CheckSchemaValue(const Node& value, const ir::Schema& schema, const Scope& scope, int depth);
  void ApplyConstraints(const Node& value, values::Primitive p,
                        const std::vector<const Node*>& constraints);
  const values::Constraint* Parse(const Node& clause, values::Primitive p);

  Context& ctx_;
  // Parsed constraint clauses, by clause and type: each malformed clause is reported once.
  std::map<std::pair<const Node*, int>, std::unique_ptr<values::Constraint>> parsed_;
};

// True when `node` is a TOSCA function call: a map with one key naming a function.
bool IsFunctionCall(const Node& node);

}  // namespace toscac::check
