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

}  // namespace

const ir::RequirementAssignment* ManifestBuilder::Assignment(const resolve::Edge& e) const {
  const ir::NodeTemplate* source = Refs(e.source).tmpl;
  if (source == nullptr) return nullptr;
  for (const ir::RequirementAssignment& a : source->requirements) {
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

void ManifestBuilder::Requirements(const NodeView& n, JsonWriter& w) {
  w.BeginArray();
  for (const resolve::Edge* edge : outgoing_[n.index]) {
    const resolve::Edge& e = *edge;
    w.BeginObject();
    w.Key("name");
    w.String(e.requirement);
    w.Key("target");
    w.String(topology_.nodes[e.target].name);
    w.Key("capability");
    w.String(e.capability);
    w.Key("relationship");
    w.StringOrNull(e.relationship_type);
    w.Key("relationship_template");
    w.StringOrNull(e.relationship_template);
    w.Key("family");
    w.String(resolve::FamilyName(e.family));
    w.Key("properties");
    EdgeProperties(e, w);
    w.EndObject();
  }
  w.EndArray();
}

// The relationship's properties: the assignment's (extended form), else the relationship
// template's, else the type's default; evaluated with SOURCE and TARGET.
void ManifestBuilder::EdgeProperties(const resolve::Edge& e, JsonWriter& w) {
  Members out;
  const types::TypeInfo* type = RelationshipType(e);
  if (type == nullptr) return out.Write(w);
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
    out.Set(def.name.text, ev_.Evaluate(*value, ev_.EdgeScope(e)));
  }
  out.Write(w);
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
  if (const types::Flat* source = Refs(e.source).flat) {
    if (auto* def = types::FindByName(source->requirements, e.requirement)) {
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

// Each edge is written twice, in its source's manifest and in its target's: its interfaces are
// merged for the first and kept for the second only.
ManifestBuilder::EdgeInterfaces& ManifestBuilder::Interfaces(const resolve::Edge& e) {
  std::unique_ptr<EdgeInterfaces>& slot = edge_interfaces_[&e - topology_.edges.data()];
  if (slot == nullptr) {
    slot = std::make_unique<EdgeInterfaces>(EdgeInterfaces{
        EdgeInterface(e, kConfigure, "Configure"), EdgeInterface(e, kRelationshipCheck, ""), 2});
  }
  return *slot;
}

void ManifestBuilder::DoneWith(const resolve::Edge& e) {
  std::unique_ptr<EdgeInterfaces>& slot = edge_interfaces_[&e - topology_.edges.data()];
  if (slot != nullptr && --slot->sides_left == 0) slot.reset();
}

void ManifestBuilder::RelationshipOperations(const NodeView& n, JsonWriter& w) {
  w.BeginArray();
  for (const resolve::Edge* e : outgoing_[n.index]) EdgeOperations(*e, true, n, w);
  for (const resolve::Edge* e : incoming_[n.index]) EdgeOperations(*e, false, n, w);
  w.EndArray();
}

// The operations of one edge that run on `n`'s side; only those with an implementation.
void ManifestBuilder::EdgeOperations(const resolve::Edge& e, bool source_side, const NodeView& n,
                                     JsonWriter& w) {
  const EdgeInterfaces& interfaces = Interfaces(e);
  const Interface& configure = interfaces.configure;
  const Interface& check = interfaces.check;
  eval::EvalScope scope = ev_.EdgeScope(e);
  int peer = source_side ? e.target : e.source;
  for (const When& when :
       source_side ? std::span<const When>(kSourceSide) : std::span<const When>(kTargetSide)) {
    const Operation* op = configure.Find(when.operation);
    if (op == nullptr || op->implementation == nullptr) continue;
    w.BeginObject();
    w.Key("requirement");
    w.String(e.requirement);
    w.Key("peer");
    w.String(topology_.nodes[peer].name);
    w.Key("relationship");
    w.StringOrNull(e.relationship_type);
    w.Key("interface");
    w.String(configure.name);
    w.Key("operation");
    w.String(when.operation);
    w.Key("when");
    w.String(when.when);
    ops_.DoAndCheck(configure, op, check, when.operation, scope, n.artifacts, w);
    w.Key("outputs");
    OperationWriter::Outputs(op, w);
    w.EndObject();
  }
  DoneWith(e);
}

}  // namespace toscac::emit
