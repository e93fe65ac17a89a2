// A node's requirements and the relationship operations woven into its lifecycle.
#include <span>

#include "emit/builder.h"

namespace toscac::emit {

namespace {

// The Configure operations each side runs, and when (docs/manifest-format.md, "Relationship
// operations"). The source runs its side; the target runs its own.
struct When {
  const char* operation;
  const char* when;
};
constexpr When kSourceSide[] = {{"pre_configure_source", "before:configure"},
                                {"post_configure_source", "after:configure"},
                                {"add_target", "after:start"},
                                {"target_changed", "on:target_changed"},
                                {"remove_target", "before:stop"}};
constexpr When kTargetSide[] = {{"pre_configure_target", "before:configure"},
                                {"post_configure_target", "after:configure"},
                                {"add_source", "on:source_started"},
                                {"remove_source", "on:source_stopped"}};

Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

}  // namespace

const ir::RequirementAssignment* ManifestBuilder::Assignment(const resolve::Edge& e) const {
  auto it = model_.ctx.nodes.find(topology_.nodes[e.source].name);
  if (it == model_.ctx.nodes.end() || it->second == nullptr) return nullptr;
  for (const ir::RequirementAssignment& a : it->second->requirements) {
    if (a.name.text == e.requirement && a.name.location == e.location) return &a;
  }
  return nullptr;
}

const ir::RelationshipTemplate* ManifestBuilder::Template(const resolve::Edge& e) const {
  if (e.relationship_template.empty()) return nullptr;
  auto it = model_.ctx.relationships.find(e.relationship_template);
  return it == model_.ctx.relationships.end() ? nullptr : it->second;
}

const types::TypeInfo* ManifestBuilder::RelationshipType(const resolve::Edge& e) const {
  if (e.relationship_type.empty()) return nullptr;
  const types::TypeInfo* t = model_.types.Find(ir::TypeKind::kRelationship, e.relationship_type);
  return t != nullptr && !t->poisoned ? t : nullptr;
}

Json ManifestBuilder::Requirements(const NodeView& n) {
  Json out = Json::array();
  for (const resolve::Edge* edge : outgoing_[n.index]) {
    const resolve::Edge& e = *edge;
    Json r = Json::object();
    r["name"] = e.requirement;
    r["target"] = topology_.nodes[e.target].name;
    r["capability"] = e.capability;
    r["relationship"] = OrNull(e.relationship_type);
    r["relationship_template"] = OrNull(e.relationship_template);
    r["family"] = std::string(resolve::FamilyName(e.family));
    r["properties"] = EdgeProperties(e);
    out.push_back(std::move(r));
  }
  return out;
}

// The relationship's properties: the assignment's (extended form), else the relationship
// template's, else the type's default; evaluated with SOURCE and TARGET.
Json ManifestBuilder::EdgeProperties(const resolve::Edge& e) {
  Json out = Json::object();
  const types::TypeInfo* type = RelationshipType(e);
  if (type == nullptr) return out;
  const ir::RequirementAssignment* a = Assignment(e);
  const ir::RelationshipTemplate* tmpl = Template(e);
  for (const ir::PropertyDef& def : model_.types.Flatten(*type).properties) {
    const ir::Assignment* given = nullptr;
    if (a != nullptr && a->relationship) {
      given = types::FindByName(a->relationship->properties, def.name.text);
    }
    if (given == nullptr && tmpl != nullptr)
      given = types::FindByName(tmpl->properties, def.name.text);
    const ir::Node* value = given != nullptr ? given->value : def.default_value;
    if (value == nullptr) continue;
    out[def.name.text] = ev_.Evaluate(*value, ev_.EdgeScope(e));
  }
  return out;
}

// The relationship's interface of type `base` (else named `fallback`), in layers: the type's,
// the requirement definition's refinement, the relationship template's, the assignment's.
Interface ManifestBuilder::EdgeInterface(const resolve::Edge& e, std::string_view base,
                                         std::string_view fallback) const {
  const types::TypeInfo* type = RelationshipType(e);
  if (type == nullptr) return Interface{};
  const types::Flat& flat = model_.types.Flatten(*type);
  std::string name = InterfaceOfType(model_.types, flat.interfaces, base, Prefix(type));
  if (name.empty()) name = fallback;
  if (name.empty()) return Interface{};
  std::vector<const ir::InterfaceDef*> layers = {FindInterface(flat.interfaces, name)};
  NodeView source = View(e.source);
  if (source.flat != nullptr) {
    if (auto* def = types::FindByName(source.flat->requirements, e.requirement)) {
      layers.push_back(FindInterface(def->relationship_interfaces, name));
    }
  }
  if (const ir::RelationshipTemplate* tmpl = Template(e)) {
    layers.push_back(FindInterface(tmpl->interfaces, name));
  }
  const ir::RequirementAssignment* a = Assignment(e);
  if (a != nullptr && a->relationship) {
    layers.push_back(FindInterface(a->relationship->interfaces, name));
  }
  Interface itf = MergeInterface(layers);
  itf.name = name;
  return itf;
}

Json ManifestBuilder::RelationshipOperations(const NodeView& n) {
  Json out = Json::array();
  for (const resolve::Edge* e : outgoing_[n.index]) EdgeOperations(*e, true, n, out);
  for (const resolve::Edge* e : incoming_[n.index]) EdgeOperations(*e, false, n, out);
  return out;
}

// The operations of one edge that run on `n`'s side; only those with an implementation.
void ManifestBuilder::EdgeOperations(const resolve::Edge& e, bool source_side, const NodeView& n,
                                     Json& out) {
  Interface configure = EdgeInterface(e, kConfigure, "Configure");
  Interface check = EdgeInterface(e, kRelationshipCheck, "");
  eval::EvalScope scope = ev_.EdgeScope(e);
  int peer = source_side ? e.target : e.source;
  for (const When& w :
       source_side ? std::span<const When>(kSourceSide) : std::span<const When>(kTargetSide)) {
    const Operation* op = configure.Find(w.operation);
    if (op == nullptr || op->implementation == nullptr) continue;
    Json entry = Json::object();
    entry["requirement"] = e.requirement;
    entry["peer"] = topology_.nodes[peer].name;
    entry["relationship"] = OrNull(e.relationship_type);
    entry["interface"] = configure.name;
    entry["operation"] = w.operation;
    entry["when"] = w.when;
    entry["do"] = ops_.Do(configure, op, scope, n.artifacts);
    entry["check"] = check.name.empty()
                         ? Json(nullptr)
                         : ops_.Do(check, check.Find(w.operation), scope, n.artifacts);
    entry["outputs"] = OperationWriter::Outputs(op);
    out.push_back(std::move(entry));
  }
}

}  // namespace toscac::emit
