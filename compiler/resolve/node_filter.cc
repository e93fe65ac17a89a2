#include "resolve/node_filter.h"

#include "check/values.h"
#include "values/constraint.h"

namespace toscac::resolve {

namespace {

// The clauses of one property filter: a list of clauses, or a single clause map.
std::vector<const ir::Node*> Clauses(const ir::Node& spec) {
  if (spec.IsSequence()) return spec.items();
  if (spec.IsMap()) {
    std::vector<const ir::Node*> out;
    out.push_back(&spec);
    return out;
  }
  return {};
}

// The value a template gives a property: its assignment, else the definition's default.
const ir::Node* ValueOf(const std::vector<ir::Assignment>& assigned, const ir::PropertyDef& def) {
  if (const ir::Assignment* a = types::FindByName(assigned, def.name.text)) return a->value;
  return def.default_value;
}

bool PassesProperties(const check::Context& ctx, const ir::Node& list,
                      const std::vector<ir::Assignment>& assigned,
                      const std::vector<ir::PropertyDef>& defs, std::string* why) {
  if (!list.IsSequence()) return true;
  for (const ir::Node* item : list.items()) {
    if (!item->IsMap() || item->entries().size() != 1 || !item->entries()[0].key->IsScalar())
      continue;
    const std::string& name = std::string(item->entries()[0].key->value());
    const ir::PropertyDef* def = types::FindByName(defs, name);
    if (def == nullptr) {
      *why = "it has no property '" + name + "'";
      return false;
    }
    const ir::Node* value = ValueOf(assigned, *def);
    if (value == nullptr) {
      *why = "its property '" + name + "' has no value";
      return false;
    }
    if (check::IsFunctionCall(*value)) continue;  // known only at run time
    types::DataRef ref = ctx.types.FindData(def->type.text, ctx.prefix);
    if (!ref.primitive) continue;
    for (const ir::Node* clause : Clauses(*item->entries()[0].value)) {
      std::string parse_why;
      diag::Location where;
      auto c = values::ParseConstraint(*clause, *ref.primitive, &parse_why, &where);
      if (!c) continue;
      std::string fail;
      if (!values::ParsePrimitive(*ref.primitive, *value, &fail)) continue;
      if (values::Satisfies(*c, *value, *ref.primitive, &fail)) continue;
      *why = "property '" + name + "': " + fail;
      return false;
    }
  }
  return true;
}

}  // namespace

bool PassesNodeFilter(const check::Context& ctx, const ir::Node& filter,
                      const ir::NodeTemplate& candidate, const types::TypeInfo& type,
                      std::string* why) {
  if (!filter.IsMap()) return true;
  const types::Flat& flat = ctx.types.Flatten(type);
  if (const ir::Node* props = filter.Find("properties")) {
    if (!PassesProperties(ctx, *props, candidate.properties, flat.properties, why)) return false;
  }
  const ir::Node* caps = filter.Find("capabilities");
  if (caps == nullptr || !caps->IsSequence()) return true;
  for (const ir::Node* item : caps->items()) {
    if (!item->IsMap() || item->entries().size() != 1 || !item->entries()[0].key->IsScalar())
      continue;
    const std::string& cap_name = std::string(item->entries()[0].key->value());
    const ir::CapabilityDef* cap = types::FindByName(flat.capabilities, cap_name);
    if (cap == nullptr) {
      // A capability type: any capability of that type.
      for (const auto& c : flat.capabilities) {
        const types::TypeInfo* ct =
            ctx.types.Find(types::TypeKind::kCapability, c.type.text, ctx.prefix);
        const types::TypeInfo* want =
            ctx.types.Find(types::TypeKind::kCapability, cap_name, ctx.prefix);
        if (ct && want && types::TypeTable::DerivesFrom(ct, want)) cap = &c;
      }
    }
    if (cap == nullptr) {
      *why = "it has no capability '" + cap_name + "'";
      return false;
    }
    const ir::Node* props = item->entries()[0].value->Find("properties");
    if (props == nullptr) continue;
    const types::TypeInfo* ct =
        ctx.types.Find(types::TypeKind::kCapability, cap->type.text, ctx.prefix);
    if (ct == nullptr) continue;
    std::vector<ir::Assignment> assigned;
    if (const auto* ca = types::FindByName(candidate.capabilities, cap->name.text)) {
      assigned = ca->properties;
    }
    if (!PassesProperties(ctx, *props, assigned, ctx.types.Flatten(*ct).properties, why)) {
      *why = "capability '" + cap->name.text + "': " + *why;
      return false;
    }
  }
  return true;
}

}  // namespace toscac::resolve
