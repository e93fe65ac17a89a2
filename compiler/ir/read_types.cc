// The eight kinds of type definitions.
#include "ir/read_internal.h"
#include "ir/reader.h"

namespace toscac::ir {

namespace {

void ReadInterfaceTypeBody(ReadContext& ctx, Fields& f, TypeDef& t) {
  t.inputs = ReadParameterDefs(ctx, f.Take("inputs"), "'inputs'", true);
  if (ctx.minor >= 3) {
    t.operations = ReadOperations(ctx, f.Take("operations"), false, false);
    t.notifications = ReadOperations(ctx, f.Take("notifications"), false, true);
    f.Finish();
    return;
  }
  // Up to 1.2 every other keyname is an operation.
  std::vector<Entry> rest;
  for (const Entry* e : f.Rest()) rest.push_back(*e);
  Node ops;
  ops.SetEntries(yaml::Span<Entry>(rest));
  t.operations = ReadOperations(ctx, &ops, false, false);
}

void ReadKindBody(ReadContext& ctx, Fields& f, TypeDef& t) {
  switch (t.kind) {
    case TypeKind::kArtifact:
      t.mime_type = f.Take("mime_type");
      if (const Node* ext = f.Take("file_ext")) {
        if (ExpectSequence(ctx, ext, "'file_ext'")) t.file_ext = ext->items();
      }
      t.properties = ReadPropertyDefs(ctx, f.Take("properties"), "'properties'");
      break;
    case TypeKind::kData:
      t.constraints = ReadConstraints(ctx, f.Take("constraints"));
      t.properties = ReadPropertyDefs(ctx, f.Take("properties"), "'properties'");
      t.key_schema = ReadSchema(ctx, f.Take("key_schema", 3), "'key_schema'");
      t.entry_schema = ReadSchema(ctx, f.Take("entry_schema", 3), "'entry_schema'");
      break;
    case TypeKind::kCapability:
      t.properties = ReadPropertyDefs(ctx, f.Take("properties"), "'properties'");
      t.attributes = ReadPropertyDefs(ctx, f.Take("attributes"), "'attributes'");
      t.valid_source_types =
          ReadNameList(ctx, f.Take("valid_source_types"), "'valid_source_types'");
      break;
    case TypeKind::kInterface:
      return;  // handled by ReadInterfaceTypeBody
    case TypeKind::kRelationship:
      t.properties = ReadPropertyDefs(ctx, f.Take("properties"), "'properties'");
      t.attributes = ReadPropertyDefs(ctx, f.Take("attributes"), "'attributes'");
      t.interfaces = ReadInterfaces(ctx, f.Take("interfaces"), false);
      t.valid_target_types =
          ReadNameList(ctx, f.Take("valid_target_types"), "'valid_target_types'");
      break;
    case TypeKind::kNode:
      t.properties = ReadPropertyDefs(ctx, f.Take("properties"), "'properties'");
      t.attributes = ReadPropertyDefs(ctx, f.Take("attributes"), "'attributes'");
      t.requirements = ReadRequirementDefs(ctx, f.Take("requirements"));
      t.capabilities = ReadCapabilityDefs(ctx, f.Take("capabilities"));
      t.interfaces = ReadInterfaces(ctx, f.Take("interfaces"), false);
      t.artifacts = ReadArtifactDefs(ctx, f.Take("artifacts"));
      break;
    case TypeKind::kGroup:
      t.properties = ReadPropertyDefs(ctx, f.Take("properties"), "'properties'");
      t.attributes = ReadPropertyDefs(ctx, f.Take("attributes"), "'attributes'");
      t.members = ReadNameList(ctx, f.Take("members"), "'members'");
      t.requirements = ReadRequirementDefs(ctx, f.Take("requirements", 0, 1));
      t.capabilities = ReadCapabilityDefs(ctx, f.Take("capabilities", 0, 1));
      t.interfaces = ReadInterfaces(ctx, f.Take("interfaces"), false);
      break;
    case TypeKind::kPolicy:
      t.properties = ReadPropertyDefs(ctx, f.Take("properties"), "'properties'");
      t.targets = ReadNameList(ctx, f.Take("targets"), "'targets'");
      t.triggers = f.Take("triggers", 1);
      break;
  }
  f.Finish();
}

// The keynames after derived_from: `value` is the type's map.
void ReadBody(ReadContext& ctx, const Node& value, TypeDef& t) {
  Fields f(ctx, value, TypeKindName(t.kind));
  f.Take("derived_from");  // read with the name
  t.version = f.Take("version");
  t.metadata = f.Take("metadata");
  if (t.metadata != nullptr && !t.metadata->IsNull()) ExpectMap(ctx, t.metadata, "'metadata'");
  t.description = ReadString(ctx, f.Take("description"), "'description'");
  if (t.kind == TypeKind::kInterface) {
    ReadInterfaceTypeBody(ctx, f, t);
  } else {
    ReadKindBody(ctx, f, t);
  }
}

}  // namespace

void ReadTypes(ReadContext& ctx, TypeKind kind, const Node* node, bool defer_bodies,
               std::vector<TypeDef>& out) {
  std::string section = "'" + std::string(TypeKindSection(kind)) + "'";
  auto entries = ReadEntries(ctx, node, section);
  out.reserve(out.size() + entries.size());
  for (auto& [name, value] : entries) {
    TypeDef& t = out.emplace_back();
    t.kind = kind;
    t.location = name.location;
    t.name = std::move(name);
    if (value == nullptr || value->IsNull())
      continue;  // "MyType:" with no body: a valid empty type
    if (!ExpectMap(ctx, value, TypeKindName(kind), t.name.text)) continue;
    if (defer_bodies) {
      t.unread_body = value;  // derived_from too: the map may not be decoded yet
      continue;
    }
    t.derived_from = ReadName(ctx, value->Find("derived_from"), "'derived_from'");
    ReadBody(ctx, *value, t);
  }
}

void ReadTypeBody(diag::Diagnostics& diags, int minor, yaml::Document& doc, TypeDef& type) {
  if (type.unread_body == nullptr) return;
  ReadContext ctx{diags, minor};
  const Node* body = type.unread_body;
  type.unread_body = nullptr;
  doc.Expand(*body);
  type.derived_from = ReadName(ctx, body->Find("derived_from"), "'derived_from'");
  ReadBody(ctx, *body, type);
}

}  // namespace toscac::ir
