// Flattening: a type's members along its inheritance chain, refinements merged.
#include "types/type_table.h"

namespace toscac::types {

namespace {

// A refinement keeps what it does not say from the definition it refines.
ir::PropertyDef Refine(const ir::PropertyDef& base, const ir::PropertyDef& child) {
  ir::PropertyDef out = child;
  if (out.type.Empty()) out.type = base.type;
  if (!out.required) out.required = base.required;
  if (out.default_value == nullptr) out.default_value = base.default_value;
  if (!out.entry_schema) out.entry_schema = base.entry_schema;
  if (!out.key_schema) out.key_schema = base.key_schema;
  out.secret = out.secret || base.secret;  // a refinement cannot make a secret public
  out.constraints.insert(out.constraints.begin(), base.constraints.begin(), base.constraints.end());
  return out;
}

ir::CapabilityDef Refine(const ir::CapabilityDef& base, const ir::CapabilityDef& child) {
  ir::CapabilityDef out = child;
  if (out.type.Empty()) out.type = base.type;
  if (!out.occurrences) out.occurrences = base.occurrences;
  if (out.valid_source_types.empty()) out.valid_source_types = base.valid_source_types;
  for (const auto& p : base.properties) {
    if (!FindByName(out.properties, p.name.text)) out.properties.push_back(p);
  }
  for (const auto& a : base.attributes) {
    if (!FindByName(out.attributes, a.name.text)) out.attributes.push_back(a);
  }
  return out;
}

ir::RequirementDef Refine(const ir::RequirementDef& base, const ir::RequirementDef& child) {
  ir::RequirementDef out = child;
  if (out.capability.Empty()) out.capability = base.capability;
  if (out.node.Empty()) out.node = base.node;
  if (out.relationship.Empty()) out.relationship = base.relationship;
  if (!out.occurrences) out.occurrences = base.occurrences;
  return out;
}

ir::OperationDef Refine(const ir::OperationDef& base, const ir::OperationDef& child) {
  ir::OperationDef out = child;
  if (!out.implementation) out.implementation = base.implementation;
  for (const auto& in : base.input_defs) {
    ir::PropertyDef* mine = nullptr;
    for (auto& m : out.input_defs) {
      if (m.name.text == in.name.text) mine = &m;
    }
    if (mine == nullptr) {
      out.input_defs.push_back(in);
    } else if (!mine->short_form && !in.short_form) {
      *mine = Refine(in, *mine);
    }
  }
  return out;
}

ir::InterfaceDef Refine(const ir::InterfaceDef& base, const ir::InterfaceDef& child);
ir::ArtifactDef Refine(const ir::ArtifactDef& base, const ir::ArtifactDef& child);

template <typename T>
void MergeByName(std::vector<T>& into, const std::vector<T>& child) {
  for (const T& c : child) {
    T* existing = nullptr;
    for (T& e : into) {
      if (e.name.text == c.name.text) existing = &e;
    }
    if (existing == nullptr) {
      into.push_back(c);
    } else {
      *existing = Refine(*existing, c);
    }
  }
}

ir::InterfaceDef Refine(const ir::InterfaceDef& base, const ir::InterfaceDef& child) {
  ir::InterfaceDef out = base;
  if (!child.type.Empty()) out.type = child.type;
  out.location = child.location;
  out.name = child.name;
  MergeByName(out.inputs, child.inputs);
  MergeByName(out.operations, child.operations);
  MergeByName(out.notifications, child.notifications);
  return out;
}

ir::ArtifactDef Refine(const ir::ArtifactDef&, const ir::ArtifactDef& child) { return child; }

// Requirements may repeat a name in templates but not in types; a refinement replaces in place.
void MergeRequirements(std::vector<ir::RequirementDef>& into,
                       const std::vector<ir::RequirementDef>& child) {
  MergeByName(into, child);
}

}  // namespace

const Flat& TypeTable::Flatten(const TypeInfo& type) const {
  if (auto it = flat_.find(&type); it != flat_.end()) return *it->second;
  ReadBodies(&type);
  auto flat = std::make_unique<Flat>();
  // Guard against loops: BreakLoops cut them, but the placeholder keeps a bug from recursing.
  flat_[&type] = nullptr;
  if (type.parent != nullptr) {
    auto it = flat_.find(type.parent);
    if (it == flat_.end()) {
      *flat = Flatten(*type.parent);
    } else if (it->second != nullptr) {
      *flat = *it->second;
    }
  }
  const ir::TypeDef& d = *type.def;
  MergeByName(flat->properties, d.properties);
  MergeByName(flat->attributes, d.attributes);
  MergeRequirements(flat->requirements, d.requirements);
  MergeByName(flat->capabilities, d.capabilities);
  MergeByName(flat->interfaces, d.interfaces);
  MergeByName(flat->artifacts, d.artifacts);
  MergeByName(flat->operations, d.operations);
  MergeByName(flat->notifications, d.notifications);
  MergeByName(flat->inputs, d.inputs);
  flat->constraints.insert(flat->constraints.end(), d.constraints.begin(), d.constraints.end());
  if (d.entry_schema) flat->entry_schema = d.entry_schema;
  if (d.key_schema) flat->key_schema = d.key_schema;
  if (!d.valid_source_types.empty()) flat->valid_source_types = d.valid_source_types;
  if (!d.valid_target_types.empty()) flat->valid_target_types = d.valid_target_types;
  if (!d.members.empty()) flat->members = d.members;
  if (!d.targets.empty()) flat->targets = d.targets;
  Flat& ref = *flat;
  flat_[&type] = std::move(flat);
  return ref;
}

}  // namespace toscac::types
