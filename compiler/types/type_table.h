#pragma once
// Resolving types: every type of every file in one table per kind, found by the names TOSCA
// allows (full name, shorthand and "tosca:" names of normative types, "prefix:Name" of
// namespaced imports), their parents linked, loops broken, and each type's members flattened
// along its inheritance chain with refinements merged.
//
//   TypeTable table;
//   BuildTypeTable(program, table);          // reports T2xx and S107
//   const TypeInfo* t = table.Find(TypeKind::kNode, "Compute");
//   const Flat& flat = table.Flatten(*t);    // properties, requirements... inherited included
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "ir/ir.h"
#include "load/program.h"
#include "values/primitive.h"

namespace toscac::types {

using ir::TypeKind;

struct TypeInfo {
  const ir::TypeDef* def = nullptr;
  const load::Unit* unit = nullptr;
  std::string name;                  // the name it is registered under ("prefix:Name" or Name)
  const TypeInfo* parent = nullptr;  // nullptr for roots, unknown parents and loops
  // Data types derived (directly or not) from a primitive type: that primitive.
  std::optional<values::Primitive> primitive;
  bool poisoned = false;  // its own definition failed: stay silent about its uses
  // A profile's type whose body is not read yet (ir::ReadOptions::defer_type_bodies), its
  // derived_from included: the table reads it and links its parent before handing the type
  // out, with its ancestors (Find, Flatten). Until then `parent` and `primitive` are unset.
  ir::TypeDef* unread = nullptr;
};

// A type's members with inheritance applied: a child's definition refines (and replaces) the
// parent's of the same name; the order is the parent's first, then new ones in source order.
struct Flat {
  std::vector<ir::PropertyDef> properties;
  std::vector<ir::PropertyDef> attributes;
  std::vector<ir::RequirementDef> requirements;
  std::vector<ir::CapabilityDef> capabilities;
  std::vector<ir::InterfaceDef> interfaces;  // operations and inputs merged
  std::vector<ir::ArtifactDef> artifacts;
  std::vector<ir::OperationDef> operations;     // interface types
  std::vector<ir::OperationDef> notifications;  // interface types
  std::vector<ir::PropertyDef> inputs;          // interface types
  std::vector<const ir::Node*> constraints;     // data types: all along the chain
  std::shared_ptr<ir::Schema> entry_schema;     // data types: nearest along the chain
  std::shared_ptr<ir::Schema> key_schema;
  std::vector<ir::Name> valid_source_types, valid_target_types, members, targets;
};

// A property's type as resolved: a primitive, or a data type (possibly derived from one).
struct DataRef {
  std::optional<values::Primitive>
      primitive;                   // set for primitives and data types derived from them
  const TypeInfo* data = nullptr;  // set for data types
  bool Known() const { return primitive.has_value() || data != nullptr; }
};

template <typename T>
const T* FindByName(const std::vector<T>& list, std::string_view name) {
  for (const T& item : list) {
    if (item.name.text == name) return &item;
  }
  return nullptr;
}

// Names are views into TypeInfo::name (a type's full name, or a dotted suffix of it): the
// TypeInfos never move, and registering ~130 normative types copies no string.
using NameMap = std::unordered_map<std::string_view, TypeInfo*>;

class TypeTable {
 public:
  // Finds a type by a name as written in a file imported under `prefix` ("" for none): inside
  // such a file its own types are named without the prefix. The type and its ancestors are
  // read in full.
  const TypeInfo* Find(TypeKind kind, std::string_view name, std::string_view prefix = "") const;
  // Another kind that has a type of that name, for "is a node type, not a capability type".
  std::optional<TypeKind> KindOf(std::string_view name) const;
  // A primitive or a data type.
  DataRef FindData(std::string_view name, std::string_view prefix = "") const;
  // True when `type` is `ancestor` or derives from it.
  static bool DerivesFrom(const TypeInfo* type, const TypeInfo* ancestor);
  // The type's members, inherited ones included (memoised).
  const Flat& Flatten(const TypeInfo& type) const;
  // Names for "did you mean" suggestions.
  std::vector<std::string_view> Names(TypeKind kind) const;
  const std::vector<std::unique_ptr<TypeInfo>>& All() const { return all_; }
  // Namespace prefixes of imports ("tosca" is always known).
  bool KnownPrefix(std::string_view prefix) const {
    return prefix == "tosca" || prefixes_.count(std::string(prefix)) > 0;
  }
  void AddPrefix(const std::string& prefix) { prefixes_.insert(prefix); }

  // Building (type_table.cc).
  // Room for `types` more types of `kind` (and the shorthand names of normative ones), so
  // that registering them does not rehash.
  void Reserve(TypeKind kind, std::size_t types, bool normative);
  TypeInfo& Add(TypeKind kind, ir::TypeDef& def, const load::Unit& unit, std::string name);
  // Shorthand names: a primary alias wins over a secondary one (a shorter dotted suffix).
  // `alias` must be a part of info.name; "tosca:" before any name of a normative type is
  // understood by Find without being registered.
  void Alias(TypeKind kind, std::string_view alias, TypeInfo& info, bool primary);
  // Find without reading deferred bodies: for linking parents, which only need names.
  TypeInfo* FindMutable(TypeKind kind, std::string_view name, std::string_view prefix = "");
  // Links `info` to the type its derived_from names (or sets its primitive); an unknown parent
  // is reported (T201/T203) and poisons it. A profile's type is linked when its body is read.
  void LinkParent(TypeInfo& info);
  // Reads the deferred bodies of `type` and of its ancestors, linking each to its parent.
  void ReadBodies(const TypeInfo* type) const;
  // Where deferred bodies report (they are the profiles': nothing, as their tests show).
  void set_diagnostics(diag::Diagnostics* diags) { diags_ = diags; }

 private:
  diag::Diagnostics* diags_ = nullptr;
  std::vector<std::unique_ptr<TypeInfo>> all_;  // in registration order: deterministic
  NameMap by_name_[ir::kTypeKindCount];
  NameMap aliases_[ir::kTypeKindCount];
  NameMap secondary_[ir::kTypeKindCount];
  mutable std::unordered_map<const TypeInfo*, std::unique_ptr<Flat>> flat_;
  std::set<std::string> prefixes_;
  mutable std::vector<std::unique_ptr<std::string>> spelled_;  // "tosca:" names for Names()
};

// A data type derived from a primitive type through other data types takes that primitive from
// the nearest ancestor that has one (TypeInfo::primitive); other types are left as they are.
void InheritPrimitive(TypeInfo& info);

// Builds the table from every unit of the program and checks every type definition:
// duplicates (S107), unknown types and parents (T201, with a near spelling), types of the wrong
// kind (T203), inheritance loops (T202), disallowed refinements (T204), misplaced
// entry_schema/key_schema (T206), and missing types where nothing is refined (S103).
void BuildTypeTable(load::Program& program, TypeTable& table);

// toscac's data type for secrets (tosca-profiles/toscac_profile.yaml).
inline constexpr std::string_view kSecretType = "toscac.datatypes.Secret";

// True when a property or parameter holds a secret: its metadata says `toscac.secret: true`,
// or its type is toscac.datatypes.Secret or derives from it (docs/security.md, "Secrets").
bool IsSecret(const TypeTable& table, const ir::PropertyDef& def, std::string_view prefix = "");

// Reports an unknown type name (T201 with a suggestion, or T203 when it names another kind).
// `referrer`, the type whose derived_from names it, is never suggested as its own parent.
void ReportUnknownType(diag::Diagnostics& diags, const TypeTable& table, TypeKind kind,
                       const ir::Name& name, const TypeInfo* referrer = nullptr);
void ReportUnknownDataType(diag::Diagnostics& diags, const TypeTable& table, const ir::Name& name,
                           const TypeInfo* referrer = nullptr);

}  // namespace toscac::types
