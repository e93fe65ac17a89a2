// Definitions shared by types and templates: properties, attributes, parameters, schemas,
// capabilities, requirements, artifacts, interfaces and operations.
#include "ir/read_internal.h"
#include "values/constraint.h"
#include "values/primitive.h"

namespace toscac::ir {

using diag::Code;

namespace {

enum class DefKind { kProperty, kAttribute, kParameter };

const char* DefName(DefKind kind) {
  switch (kind) {
    case DefKind::kProperty:
      return "property definition";
    case DefKind::kAttribute:
      return "attribute definition";
    case DefKind::kParameter:
      return "parameter definition";
  }
  return "definition";
}

void ReadStatus(ReadContext& ctx, const Node* node) {
  if (node == nullptr || !ExpectScalar(ctx, node, "'status'")) return;
  const std::string& v = std::string(node->value());
  if (v == "supported" || v == "unsupported" || v == "experimental" || v == "deprecated") return;
  ctx.diags.Report(
      Code::S106, node->location,
      "invalid status '" + v + "': expected supported, unsupported, experimental or deprecated");
}

// metadata `toscac.secret`: true or false (a string, as TOSCA metadata values are, or a
// boolean); the rest of the metadata is free-form and ignored.
bool ReadSecretFlag(ReadContext& ctx, const Node* metadata) {
  if (metadata == nullptr || !metadata->IsMap()) return false;
  const Node* flag = metadata->Find("toscac.secret");
  if (flag == nullptr) return false;
  if (flag->IsScalar() && (flag->value() == "true" || flag->value() == "false")) {
    return flag->value() == "true";
  }
  ctx.diags.Report(Code::S106, flag->location,
                   "invalid value for metadata 'toscac.secret': expected true or false, got " +
                       values::Found(*flag));
  return false;
}

PropertyDef ReadOneDef(ReadContext& ctx, Name name, const Node* node, DefKind kind) {
  PropertyDef def;
  def.name = std::move(name);
  def.location = def.name.location;
  def.node = node;
  Fields f(ctx, *node, DefName(kind));
  // The type may be omitted when refining an inherited definition; the types phase checks it.
  def.type = ReadName(ctx, f.Take("type"), "'type'");
  f.Take("description");
  if (kind != DefKind::kAttribute) def.required = ReadBool(ctx, f.Take("required"), "'required'");
  def.default_value = f.Take("default");
  ReadStatus(ctx, f.Take("status"));
  def.constraints = ReadConstraints(ctx, f.Take("constraints"));
  def.key_schema = ReadSchema(ctx, f.Take("key_schema"), "'key_schema'");
  def.entry_schema = ReadSchema(ctx, f.Take("entry_schema"), "'entry_schema'");
  def.secret = ReadSecretFlag(ctx, f.Take("metadata"));
  f.Take("external-schema", 3);
  if (kind == DefKind::kParameter) def.value = f.Take("value");
  f.Finish();
  return def;
}

std::vector<PropertyDef> ReadDefs(ReadContext& ctx, const Node* node, std::string_view what,
                                  DefKind kind, bool allow_values) {
  std::vector<PropertyDef> out;
  for (auto& [name, value] : ReadEntries(ctx, node, what)) {
    if (value == nullptr) continue;
    if (allow_values && !LooksLikeDefinition(*value)) {
      PropertyDef def;
      def.name = name;
      def.location = name.location;
      def.value = value;
      def.node = value;
      def.short_form = true;
      out.push_back(std::move(def));
      continue;
    }
    if (!ExpectMap(ctx, value, "'" + name.text + "'")) {
      // Kept without a type: later checks treat it as known but poisoned (no cascades).
      PropertyDef poisoned;
      poisoned.name = name;
      poisoned.location = name.location;
      out.push_back(std::move(poisoned));
      continue;
    }
    out.push_back(ReadOneDef(ctx, name, value, kind));
  }
  return out;
}

}  // namespace

// A parameter's extended form is a map with at least one definition keyname and nothing
// else; anything else is the short form, a value.
bool LooksLikeDefinition(const Node& node) {
  static const char* const kKeys[] = {"type",     "description", "required",       "default",
                                      "status",   "constraints", "key_schema",     "entry_schema",
                                      "metadata", "value",       "external-schema"};
  if (!node.IsMap() || node.entries().empty()) return false;
  for (const Entry& e : node.entries()) {
    if (!e.key->IsScalar()) return false;
    bool known = false;
    for (const char* k : kKeys) known = known || e.key->value() == k;
    if (!known) return false;
  }
  return node.Find("type") != nullptr || node.Find("value") != nullptr ||
         node.Find("default") != nullptr;
}

std::vector<PropertyDef> ReadPropertyDefs(ReadContext& ctx, const Node* node,
                                          std::string_view what) {
  DefKind kind = what == "'attributes'" ? DefKind::kAttribute : DefKind::kProperty;
  return ReadDefs(ctx, node, what, kind, false);
}

std::vector<PropertyDef> ReadParameterDefs(ReadContext& ctx, const Node* node,
                                           std::string_view what, bool allow_values) {
  return ReadDefs(ctx, node, what, DefKind::kParameter, allow_values);
}

std::shared_ptr<Schema> ReadSchema(ReadContext& ctx, const Node* node, std::string_view what) {
  if (node == nullptr) return nullptr;
  auto schema = std::make_shared<Schema>();
  schema->location = node->location;
  if (node->IsScalar()) {
    schema->type = ReadName(ctx, node, what);
    return schema;
  }
  if (!ExpectMap(ctx, node, what)) return nullptr;
  Fields f(ctx, *node, "schema definition");
  schema->type = ReadName(ctx, f.Require("type"), "'type'");
  f.Take("description");
  schema->constraints = ReadConstraints(ctx, f.Take("constraints"));
  schema->key_schema = ReadSchema(ctx, f.Take("key_schema"), "'key_schema'");
  schema->entry_schema = ReadSchema(ctx, f.Take("entry_schema"), "'entry_schema'");
  f.Finish();
  return schema;
}

std::vector<const Node*> ReadConstraints(ReadContext& ctx, const Node* node) {
  std::vector<const Node*> out;
  if (node == nullptr || node->IsNull()) return out;
  if (!ExpectSequence(ctx, node, "'constraints'")) return out;
  for (const Node* clause : node->items()) {
    const Entry* e =
        ExpectSingleEntry(ctx, clause, Code::V305,
                          "a constraint clause with one operator such as '{ greater_than: 0 }'");
    if (e == nullptr) continue;
    // Operators are checked here, like keynames, so that the near spelling can be a note:
    // values::ParseConstraint, which the checks call later, returns a single message.
    if (!values::ConstraintOpByName(e->key->value())) {
      auto& d =
          ctx.diags.Report(Code::V305, e->key->location,
                           "unknown constraint operator '" + std::string(e->key->value()) + "'");
      std::string near = values::SuggestConstraintOp(e->key->value());
      if (!near.empty()) d.AddNote("did you mean '" + near + "'?");
      continue;
    }
    out.push_back(clause);
  }
  return out;
}

std::vector<CapabilityDef> ReadCapabilityDefs(ReadContext& ctx, const Node* node) {
  std::vector<CapabilityDef> out;
  for (auto& [name, value] : ReadEntries(ctx, node, "'capabilities'")) {
    CapabilityDef def;
    def.name = name;
    def.location = name.location;
    if (value != nullptr && value->IsScalar()) {
      def.type = ReadName(ctx, value, "'type'");
      def.short_form = true;
      out.push_back(std::move(def));
      continue;
    }
    if (!ExpectMap(ctx, value, "capability definition '" + name.text + "'")) {
      out.push_back(std::move(def));
      continue;
    }
    Fields f(ctx, *value, "capability definition");
    def.type = ReadName(ctx, f.Take("type"), "'type'");  // optional when refining
    f.Take("description");
    def.properties = ReadPropertyDefs(ctx, f.Take("properties"), "'properties'");
    def.attributes = ReadPropertyDefs(ctx, f.Take("attributes"), "'attributes'");
    def.valid_source_types =
        ReadNameList(ctx, f.Take("valid_source_types"), "'valid_source_types'");
    def.occurrences = ReadBounds(ctx, f.Take("occurrences"), "'occurrences'");
    f.Take("metadata");
    f.Finish();
    out.push_back(std::move(def));
  }
  return out;
}

// Requirements are a sequence of single-entry maps: [{name: definition}, ...].
std::vector<RequirementDef> ReadRequirementDefs(ReadContext& ctx, const Node* node) {
  std::vector<RequirementDef> out;
  if (node == nullptr || node->IsNull()) return out;
  if (!ExpectSequence(ctx, node, "'requirements'")) return out;
  for (const Node* item : node->items()) {
    const Entry* entry =
        ExpectSingleEntry(ctx, item, Code::S101,
                          "a requirement definition such as '- host: tosca.capabilities.Compute'");
    if (entry == nullptr) continue;
    const Entry& e = *entry;
    RequirementDef def;
    def.name = KeyName(e);
    def.location = def.name.location;
    if (e.value->IsScalar()) {
      def.capability = ReadName(ctx, e.value, "'capability'");
      out.push_back(std::move(def));
      continue;
    }
    if (!ExpectMap(ctx, e.value, "requirement definition '" + def.name.text + "'")) {
      out.push_back(std::move(def));
      continue;
    }
    Fields f(ctx, *e.value, "requirement definition");
    def.capability = ReadName(ctx, f.Take("capability"), "'capability'");  // optional when refining
    def.node = ReadName(ctx, f.Take("node"), "'node'");
    if (const Node* rel = f.Take("relationship")) {
      if (rel->IsMap()) {
        Fields rf(ctx, *rel, "relationship definition");
        def.relationship = ReadName(ctx, rf.Require("type"), "'type'");
        def.relationship_interfaces = ReadInterfaces(ctx, rf.Take("interfaces"), false);
        rf.Take("description");
        rf.Finish();
      } else {
        def.relationship = ReadName(ctx, rel, "'relationship'");
      }
    }
    def.occurrences = ReadBounds(ctx, f.Take("occurrences"), "'occurrences'");
    def.node_filter = f.Take("node_filter");
    f.Take("description");
    f.Finish();
    out.push_back(std::move(def));
  }
  return out;
}

std::vector<ArtifactDef> ReadArtifactDefs(ReadContext& ctx, const Node* node) {
  std::vector<ArtifactDef> out;
  for (auto& [name, value] : ReadEntries(ctx, node, "'artifacts'")) {
    ArtifactDef def;
    def.name = name;
    def.location = name.location;
    if (value != nullptr && value->IsScalar()) {
      def.file = value;
      def.short_form = true;
      out.push_back(std::move(def));
      continue;
    }
    if (!ExpectMap(ctx, value, "artifact definition '" + name.text + "'")) continue;
    Fields f(ctx, *value, "artifact definition");
    def.type = ReadName(ctx, f.Take("type"), "'type'");
    def.file = f.Take("file");
    ExpectScalar(ctx, def.file, "'file'");
    def.repository = ReadName(ctx, f.Take("repository"), "'repository'");
    def.deploy_path = f.Take("deploy_path");
    f.Take("description");
    f.Take("metadata");
    f.Take("artifact_version", 3);
    f.Take("checksum", 3);
    f.Take("checksum_algorithm", 3);
    for (auto& p : ReadEntries(ctx, f.Take("properties", 3), "'properties'")) {
      def.properties.push_back(std::move(p));
    }
    f.Finish();
    out.push_back(std::move(def));
  }
  return out;
}

std::vector<Assignment> ReadAssignments(ReadContext& ctx, const Node* node, std::string_view what) {
  std::vector<std::pair<Name, const Node*>> entries = ReadEntries(ctx, node, what);
  std::vector<Assignment> out;
  out.reserve(entries.size());  // kept for every template: no room to spare
  for (auto& [name, value] : entries) out.push_back(Assignment{std::move(name), value});
  return out;
}

}  // namespace toscac::ir
