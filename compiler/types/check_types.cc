// The checks of every type definition, used or not: the types it names exist and are of the
// right kind, refinements stay within what they refine, schemas sit on lists and maps.
#include "types/type_table.h"

namespace toscac::types {

using diag::Code;
using ir::Name;

namespace {

class TypeChecker {
 public:
  TypeChecker(load::Program& program, const TypeTable& table)
      : diags_(program.diags), table_(table) {}

  void Check(const TypeInfo& info) {
    if (info.unit->normative) return;  // the profiles are checked by their own tests
    // A poisoned type's refinements cannot be told from new definitions: what it leaves out
    // may be inherited from the parent that failed, so missing keynames are not reported.
    poisoned_ = info.poisoned;
    prefix_ = info.unit->namespace_prefix;
    const ir::TypeDef& d = *info.def;
    const Flat* base = info.parent ? &table_.Flatten(*info.parent) : nullptr;
    static const Flat kEmpty;
    if (base == nullptr) base = &kEmpty;
    CheckProperties(d.properties, base->properties, "property");
    CheckProperties(d.attributes, base->attributes, "attribute");
    CheckProperties(d.inputs, base->inputs, "input");
    for (const auto& c : d.capabilities)
      CheckCapability(c, FindByName(base->capabilities, c.name.text));
    for (const auto& r : d.requirements)
      CheckRequirement(r, FindByName(base->requirements, r.name.text));
    for (const auto& i : d.interfaces) CheckInterface(i, FindByName(base->interfaces, i.name.text));
    for (const auto& a : d.artifacts) CheckArtifact(a);
    for (const auto& op : d.operations)
      CheckOperation(op, FindByName(base->operations, op.name.text));
    for (const auto& n : d.valid_source_types) RequireType(TypeKind::kNode, n);
    for (const auto& n : d.valid_target_types) RequireType(TypeKind::kCapability, n);
    for (const auto& n : d.members) RequireType(TypeKind::kNode, n);
    for (const auto& n : d.targets) {
      if (table_.Find(TypeKind::kGroup, n.text, prefix_) == nullptr)
        RequireType(TypeKind::kNode, n);
    }
    if (d.kind == TypeKind::kData) CheckDataSchemas(info);
  }

  // Resolves a type name of the given kind, reporting it when unknown.
  const TypeInfo* RequireType(TypeKind kind, const Name& name) {
    if (name.Empty()) return nullptr;
    const TypeInfo* t = table_.Find(kind, name.text, prefix_);
    if (t == nullptr) ReportUnknownType(diags_, table_, kind, name);
    return t;
  }

  DataRef RequireData(const Name& name) {
    if (name.Empty()) return {};
    DataRef ref = table_.FindData(name.text, prefix_);
    if (!ref.Known()) ReportUnknownDataType(diags_, table_, name);
    return ref;
  }

 private:
  void CheckProperties(const std::vector<ir::PropertyDef>& defs,
                       const std::vector<ir::PropertyDef>& inherited, const char* what) {
    for (const ir::PropertyDef& def : defs) {
      if (def.short_form || def.node == nullptr) continue;  // a value, or poisoned
      const ir::PropertyDef* base = FindByName(inherited, def.name.text);
      if (def.type.Empty()) {
        bool optional = base != nullptr || poisoned_ || std::string_view(what) == "input";
        if (!optional) {
          diags_.Report(Code::S103, def.location,
                        "missing required keyname 'type' in " + std::string(what) +
                            " definition '" + def.name.text + "'");
        }
        CheckSchemas(def, base ? table_.FindData(base->type.text, prefix_) : DataRef{});
        continue;
      }
      DataRef ref = RequireData(def.type);
      if (!ref.Known()) continue;
      CheckSchemas(def, ref);
      if (base == nullptr || base->type.Empty()) continue;
      DataRef base_ref = table_.FindData(base->type.text, prefix_);
      if (!base_ref.Known() || Compatible(ref, base_ref)) continue;
      diags_
          .Report(Code::T204, def.type.location,
                  std::string(what) + " '" + def.name.text + "' changes its type from '" +
                      base->type.text + "' to '" + def.type.text +
                      "', which does not derive from it")
          .AddNote(base->type.location, "the inherited definition is here");
    }
  }

  // A refinement may narrow a type to a derived one, never change it to an unrelated one.
  static bool Compatible(const DataRef& child, const DataRef& base) {
    if (base.data != nullptr)
      return child.data != nullptr && TypeTable::DerivesFrom(child.data, base.data);
    if (child.data != nullptr) return child.primitive == base.primitive;
    return child.primitive == base.primitive;
  }

  void CheckSchemas(const ir::PropertyDef& def, const DataRef& ref) {
    CheckSchemaPlacement(def.entry_schema.get(), def.key_schema.get(), ref);
  }

  void CheckSchemaPlacement(const ir::Schema* entry, const ir::Schema* key, const DataRef& ref) {
    bool is_list = ref.primitive == values::Primitive::kList;
    bool is_map = ref.primitive == values::Primitive::kMap;
    if (entry != nullptr) {
      if (ref.Known() && !is_list && !is_map) {
        diags_.Report(Code::T206, entry->location,
                      "'entry_schema' is allowed only on list and map types");
      }
      CheckSchema(*entry);
    }
    if (key != nullptr) {
      if (ref.Known() && !is_map) {
        diags_.Report(Code::T206, key->location, "'key_schema' is allowed only on map types");
      }
      CheckSchema(*key);
    }
  }

  void CheckSchema(const ir::Schema& schema) {
    DataRef ref = RequireData(schema.type);
    if (!ref.Known()) return;
    CheckSchemaPlacement(schema.entry_schema.get(), schema.key_schema.get(), ref);
  }

  void CheckDataSchemas(const TypeInfo& info) {
    const ir::TypeDef& d = *info.def;
    if (!d.entry_schema && !d.key_schema) return;
    DataRef self;
    self.primitive = info.primitive;
    self.data = &info;
    if (!info.primitive) self.primitive = values::Primitive::kMap;  // complex: no schemas
    if (!info.primitive) {
      const ir::Schema* s = d.entry_schema ? d.entry_schema.get() : d.key_schema.get();
      diags_.Report(Code::T206, s->location,
                    "'entry_schema' and 'key_schema' are allowed only on data types derived "
                    "from list or map");
      return;
    }
    CheckSchemaPlacement(d.entry_schema.get(), d.key_schema.get(), self);
  }

  void CheckCapability(const ir::CapabilityDef& c, const ir::CapabilityDef* base) {
    if (c.type.Empty()) {
      if (base == nullptr && !poisoned_) {
        diags_.Report(
            Code::S103, c.location,
            "missing required keyname 'type' in capability definition '" + c.name.text + "'");
      }
      return;
    }
    const TypeInfo* t = RequireType(TypeKind::kCapability, c.type);
    if (t == nullptr) return;
    for (const auto& n : c.valid_source_types) RequireType(TypeKind::kNode, n);
    const Flat& flat = table_.Flatten(*t);
    CheckProperties(c.properties, flat.properties, "property");
    CheckProperties(c.attributes, flat.attributes, "attribute");
    if (base == nullptr || base->type.Empty()) return;
    CheckDerived(TypeKind::kCapability, c.type, base->type, "capability '" + c.name.text + "'");
  }

  void CheckDerived(TypeKind kind, const Name& child, const Name& base, const std::string& what) {
    const TypeInfo* c = table_.Find(kind, child.text, prefix_);
    const TypeInfo* b = table_.Find(kind, base.text, prefix_);
    if (c == nullptr || b == nullptr || TypeTable::DerivesFrom(c, b)) return;
    diags_
        .Report(Code::T204, child.location,
                what + " changes its type from '" + base.text + "' to '" + child.text +
                    "', which does not derive from it")
        .AddNote(base.location, "the inherited definition is here");
  }

  void CheckRequirement(const ir::RequirementDef& r, const ir::RequirementDef* base) {
    if (r.capability.Empty() && base == nullptr && !poisoned_) {
      diags_.Report(
          Code::S103, r.location,
          "missing required keyname 'capability' in requirement definition '" + r.name.text + "'");
    }
    RequireType(TypeKind::kCapability, r.capability);
    RequireType(TypeKind::kNode, r.node);
    RequireType(TypeKind::kRelationship, r.relationship);
    for (const auto& i : r.relationship_interfaces) CheckInterface(i, nullptr);
    if (base == nullptr) return;
    std::string what = "requirement '" + r.name.text + "'";
    if (!r.capability.Empty() && !base->capability.Empty()) {
      CheckDerived(TypeKind::kCapability, r.capability, base->capability, what);
    }
    if (!r.node.Empty() && !base->node.Empty())
      CheckDerived(TypeKind::kNode, r.node, base->node, what);
  }

  void CheckInterface(const ir::InterfaceDef& i, const ir::InterfaceDef* base) {
    if (i.type.Empty() && base == nullptr) {
      if (poisoned_) return;
      diags_.Report(
          Code::S103, i.location,
          "missing required keyname 'type' in interface definition '" + i.name.text + "'");
      return;
    }
    const Name& type_name = i.type.Empty() ? base->type : i.type;
    const TypeInfo* t = i.type.Empty() ? table_.Find(TypeKind::kInterface, type_name.text, prefix_)
                                       : RequireType(TypeKind::kInterface, i.type);
    if (t == nullptr) return;
    if (base != nullptr && !i.type.Empty() && !base->type.Empty()) {
      CheckDerived(TypeKind::kInterface, i.type, base->type, "interface '" + i.name.text + "'");
    }
    const Flat& flat = table_.Flatten(*t);
    CheckProperties(i.inputs, flat.inputs, "input");
    for (const auto& op : i.operations) {
      const ir::OperationDef* declared = FindByName(flat.operations, op.name.text);
      if (declared == nullptr && base != nullptr)
        declared = FindByName(base->operations, op.name.text);
      if (declared == nullptr && !t->poisoned) {
        ReportUnknownOperation(op, *t, flat.operations, "operation");
      }
      CheckOperation(op, declared);
    }
    for (const auto& n : i.notifications) {
      if (FindByName(flat.notifications, n.name.text) == nullptr && !t->poisoned) {
        ReportUnknownOperation(n, *t, flat.notifications, "notification");
      }
    }
  }

  void CheckOperation(const ir::OperationDef& op, const ir::OperationDef* base) {
    static const std::vector<ir::PropertyDef> kNone;
    CheckProperties(op.input_defs, base ? base->input_defs : kNone, "input");
    if (op.implementation && op.implementation->primary && op.implementation->primary->IsMap()) {
      // 1.3: the primary implementation may be an artifact definition.
      const ir::Node* type = op.implementation->primary->Find("type");
      if (type && type->IsScalar())
        RequireType(TypeKind::kArtifact, Name{std::string(type->value()), type->location});
    }
  }

  void ReportUnknownOperation(const ir::OperationDef& op, const TypeInfo& type,
                              const std::vector<ir::OperationDef>& known, const char* what);

  void CheckArtifact(const ir::ArtifactDef& a) {
    if (a.short_form) return;
    if (a.type.Empty()) {
      diags_.Report(Code::S103, a.location,
                    "missing required keyname 'type' in artifact definition '" + a.name.text + "'");
      return;
    }
    RequireType(TypeKind::kArtifact, a.type);
    if (a.file == nullptr) {
      diags_.Report(Code::S103, a.location,
                    "missing required keyname 'file' in artifact definition '" + a.name.text + "'");
    }
  }

  diag::Diagnostics& diags_;
  const TypeTable& table_;
  std::string prefix_;
  bool poisoned_ = false;
};

void TypeChecker::ReportUnknownOperation(const ir::OperationDef& op, const TypeInfo& type,
                                         const std::vector<ir::OperationDef>& known,
                                         const char* what) {
  std::string list;
  for (const auto& k : known) list += (list.empty() ? "" : ", ") + k.name.text;
  auto& d =
      diags_.Report(Code::N504, op.location,
                    std::string(what) + " '" + op.name.text + "' is not defined by " +
                        std::string(ir::TypeKindName(type.def->kind)) + " '" + type.name + "'");
  d.AddNote(list.empty() ? std::string("it defines none") : "it defines: " + list);
}

}  // namespace

void CheckTypeDefinitions(load::Program& program, const TypeTable& table) {
  TypeChecker checker(program, table);
  for (const auto& info : table.All()) checker.Check(*info);
}

}  // namespace toscac::types
