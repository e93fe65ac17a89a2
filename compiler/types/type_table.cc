#include "types/type_table.h"

#include "ir/reader.h"
#include "util/spelling.h"

namespace toscac::types {

using diag::Code;

namespace {

std::string_view KindPrefix(TypeKind kind) {
  switch (kind) {
    case TypeKind::kArtifact:
      return "tosca.artifacts.";
    case TypeKind::kData:
      return "tosca.datatypes.";
    case TypeKind::kCapability:
      return "tosca.capabilities.";
    case TypeKind::kInterface:
      return "tosca.interfaces.";
    case TypeKind::kRelationship:
      return "tosca.relationships.";
    case TypeKind::kNode:
      return "tosca.nodes.";
    case TypeKind::kGroup:
      return "tosca.groups.";
    case TypeKind::kPolicy:
      return "tosca.policies.";
  }
  return "tosca.";
}

}  // namespace

void TypeTable::Reserve(TypeKind kind, std::size_t types, bool normative) {
  int k = static_cast<int>(kind);
  by_name_[k].reserve(by_name_[k].size() + types);
  if (!normative) return;
  aliases_[k].reserve(aliases_[k].size() + types);
  secondary_[k].reserve(secondary_[k].size() + types / 2);
}

TypeInfo& TypeTable::Add(TypeKind kind, ir::TypeDef& def, const load::Unit& unit,
                         std::string name) {
  auto info = std::make_unique<TypeInfo>();
  info->def = &def;
  if (def.unread_body != nullptr) info->unread = &def;
  info->unit = &unit;
  info->name = std::move(name);
  TypeInfo& ref = *info;
  by_name_[static_cast<int>(kind)].emplace(ref.name, &ref);
  all_.push_back(std::move(info));
  return ref;
}

void TypeTable::Alias(TypeKind kind, std::string_view alias, TypeInfo& info, bool primary) {
  auto& table = primary ? aliases_[static_cast<int>(kind)] : secondary_[static_cast<int>(kind)];
  auto [it, inserted] = table.emplace(alias, &info);
  if (!inserted && it->second != &info) it->second = nullptr;  // ambiguous: no alias
}

namespace {
constexpr std::string_view kToscaPrefix = "tosca:";
}  // namespace

TypeInfo* TypeTable::FindMutable(TypeKind kind, std::string_view name, std::string_view prefix) {
  int k = static_cast<int>(kind);
  if (!prefix.empty() && name.find(':') == std::string_view::npos) {
    std::string key = std::string(prefix) + ":" + std::string(name);
    auto it = by_name_[k].find(key);
    if (it != by_name_[k].end()) return it->second;
  }
  if (auto it = by_name_[k].find(name); it != by_name_[k].end()) return it->second;
  if (auto it = aliases_[k].find(name); it != aliases_[k].end()) return it->second;
  if (auto it = secondary_[k].find(name); it != secondary_[k].end()) return it->second;
  // "tosca:" before a normative type's full name or one of its shorthand names.
  if (name.substr(0, kToscaPrefix.size()) != kToscaPrefix) return nullptr;
  std::string_view rest = name.substr(kToscaPrefix.size());
  if (auto it = by_name_[k].find(rest); it != by_name_[k].end() && it->second->unit->normative) {
    return it->second;
  }
  if (auto it = aliases_[k].find(rest); it != aliases_[k].end()) return it->second;
  if (auto it = secondary_[k].find(rest); it != secondary_[k].end()) return it->second;
  return nullptr;
}

const TypeInfo* TypeTable::Find(TypeKind kind, std::string_view name,
                                std::string_view prefix) const {
  const TypeInfo* found = const_cast<TypeTable*>(this)->FindMutable(kind, name, prefix);
  ReadBodies(found);
  return found;
}

void TypeTable::ReadBodies(const TypeInfo* type) const {
  const TypeInfo* first = type;
  bool read = false;
  for (std::size_t guard = 0; type != nullptr && guard < 10000; ++guard) {
    if (type->unread != nullptr) {
      auto* info = const_cast<TypeInfo*>(type);
      ir::TypeDef* def = info->unread;
      info->unread = nullptr;
      ir::ReadTypeBody(*diags_, info->unit->st->minor, *info->unit->doc, *def);
      const_cast<TypeTable*>(this)->LinkParent(*info);
      read = true;
    }
    type = type->parent;
  }
  if (!read || first->def->kind != TypeKind::kData) return;
  std::size_t guard = 0;
  for (auto* t = const_cast<TypeInfo*>(first); t != nullptr && !t->primitive && guard < 10000;
       t = const_cast<TypeInfo*>(t->parent), ++guard) {
    InheritPrimitive(*t);
  }
}

void InheritPrimitive(TypeInfo& info) {
  if (info.def->kind != TypeKind::kData || info.primitive) return;
  std::size_t guard = 0;
  for (const TypeInfo* p = info.parent; p != nullptr && guard < 10000; p = p->parent, ++guard) {
    if (p->primitive) {
      info.primitive = p->primitive;
      return;
    }
  }
}

void TypeTable::LinkParent(TypeInfo& info) {
  const ir::Name& parent = info.def->derived_from;
  if (parent.Empty()) return;
  if (info.def->kind == TypeKind::kData) {
    if (auto p = values::PrimitiveByName(parent.text)) {
      info.primitive = p;
      return;
    }
  }
  const TypeInfo* found = FindMutable(info.def->kind, parent.text, info.unit->namespace_prefix);
  if (found == nullptr) {
    if (info.def->kind == TypeKind::kData) {
      ReportUnknownDataType(*diags_, *this, parent, &info);
    } else {
      ReportUnknownType(*diags_, *this, info.def->kind, parent, &info);
    }
    info.poisoned = true;
    return;
  }
  info.parent = found;
}

std::optional<TypeKind> TypeTable::KindOf(std::string_view name) const {
  for (int k = 0; k < ir::kTypeKindCount; ++k) {
    if (Find(static_cast<TypeKind>(k), name) != nullptr) return static_cast<TypeKind>(k);
  }
  return std::nullopt;
}

DataRef TypeTable::FindData(std::string_view name, std::string_view prefix) const {
  DataRef ref;
  if (auto p = values::PrimitiveByName(name)) {
    ref.primitive = p;
    return ref;
  }
  ref.data = Find(TypeKind::kData, name, prefix);
  if (ref.data != nullptr) ref.primitive = ref.data->primitive;
  return ref;
}

bool IsSecret(const TypeTable& table, const ir::PropertyDef& def, std::string_view prefix) {
  if (def.secret) return true;
  if (def.type.Empty()) return false;
  DataRef ref = table.FindData(def.type.text, prefix);
  const TypeInfo* secret = table.Find(TypeKind::kData, kSecretType);
  return ref.data != nullptr && secret != nullptr && TypeTable::DerivesFrom(ref.data, secret);
}

bool TypeTable::DerivesFrom(const TypeInfo* type, const TypeInfo* ancestor) {
  for (std::size_t guard = 0; type != nullptr && guard < 10000; ++guard) {
    if (type == ancestor) return true;
    type = type->parent;
  }
  return false;
}

std::vector<std::string_view> TypeTable::Names(TypeKind kind) const {
  std::vector<std::string_view> out;
  auto add = [&](std::string_view name, const TypeInfo* info) {
    if (info == nullptr) return;
    out.push_back(name);
    if (!info->unit->normative) return;
    spelled_.push_back(
        std::make_unique<std::string>(std::string(kToscaPrefix) + std::string(name)));
    out.push_back(*spelled_.back());
  };
  for (const auto& [name, info] : by_name_[static_cast<int>(kind)]) add(name, info);
  for (const auto& [name, info] : aliases_[static_cast<int>(kind)]) add(name, info);
  for (const auto& [name, info] : secondary_[static_cast<int>(kind)]) add(name, info);
  return out;
}

// "prefix:Name" with a prefix no import declares (T205).
bool ReportUnknownPrefix(diag::Diagnostics& diags, const TypeTable& table, const ir::Name& name) {
  std::size_t colon = name.text.find(':');
  if (colon == std::string::npos || colon == 0) return false;
  std::string prefix = name.text.substr(0, colon);
  if (table.KnownPrefix(prefix)) return false;
  diags
      .Report(Code::T205, name.location,
              "unknown namespace prefix '" + prefix + "' in '" + name.text + "'")
      .AddNote(
          "prefixes are declared by imports with 'namespace_prefix'; 'tosca' names the "
          "normative types");
  return true;
}

// The names of `kind` for a "did you mean", without those of `referrer` (any of its aliases).
std::vector<std::string_view> Candidates(const TypeTable& table, TypeKind kind,
                                         const TypeInfo* referrer) {
  std::vector<std::string_view> names = table.Names(kind);
  if (referrer == nullptr) return names;
  std::erase_if(names, [&](std::string_view n) { return table.Find(kind, n) == referrer; });
  return names;
}

void ReportUnknownType(diag::Diagnostics& diags, const TypeTable& table, TypeKind kind,
                       const ir::Name& name, const TypeInfo* referrer) {
  if (ReportUnknownPrefix(diags, table, name)) return;
  if (auto other = table.KindOf(name.text); other && *other != kind) {
    diags.Report(Code::T203, name.location,
                 "'" + name.text + "' is a " + std::string(ir::TypeKindName(*other)) +
                     ", expected a " + std::string(ir::TypeKindName(kind)));
    return;
  }
  auto& d = diags.Report(Code::T201, name.location,
                         "unknown " + std::string(ir::TypeKindName(kind)) + " '" + name.text + "'");
  std::string near = util::Suggest(name.text, Candidates(table, kind, referrer));
  if (!near.empty()) d.AddNote("did you mean '" + near + "'?");
}

void ReportUnknownDataType(diag::Diagnostics& diags, const TypeTable& table, const ir::Name& name,
                           const TypeInfo* referrer) {
  if (auto other = table.KindOf(name.text); other && *other != TypeKind::kData) {
    diags.Report(Code::T203, name.location,
                 "'" + name.text + "' is a " + std::string(ir::TypeKindName(*other)) +
                     ", expected a data type or a primitive type");
    return;
  }
  auto& d = diags.Report(Code::T201, name.location, "unknown data type '" + name.text + "'");
  std::vector<std::string_view> names = Candidates(table, TypeKind::kData, referrer);
  for (std::string_view p : {"string", "integer", "float", "boolean", "timestamp", "null",
                             "version", "range", "list", "map", "scalar-unit.size",
                             "scalar-unit.time", "scalar-unit.frequency", "scalar-unit.bitrate"}) {
    names.push_back(p);
  }
  std::string near = util::Suggest(name.text, names);
  if (!near.empty()) d.AddNote("did you mean '" + near + "'?");
}

// Normative types are also known by their shorthand names: the full name without its
// "tosca.<kind>." prefix and each shorter dotted suffix of that ("tosca.datatypes.network.
// PortInfo" is "network.PortInfo" and "PortInfo"), plus "tosca:" before any of them (which
// FindMutable understands without registering it).
// A suffix two normative types share names neither.
void RegisterShorthands(TypeTable& table, TypeKind kind, TypeInfo& info) {
  std::string_view full = info.name;
  std::string_view prefix = KindPrefix(kind);
  if (full.substr(0, prefix.size()) != prefix) return;
  std::string_view rest = full.substr(prefix.size());
  bool primary = true;
  while (!rest.empty()) {
    table.Alias(kind, rest, info, primary);
    primary = false;
    std::size_t dot = rest.find('.');
    if (dot == std::string_view::npos) break;
    rest = rest.substr(dot + 1);
  }
}

}  // namespace toscac::types
