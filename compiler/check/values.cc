#include "check/values.h"

#include "check/functions.h"
#include "util/spelling.h"

namespace toscac::check {

using diag::Code;
using values::Primitive;

namespace {

constexpr int kMaxDepth = 64;  // data types nest; a loop of data types must not recurse forever

bool IsRequired(const ir::PropertyDef& def) { return def.required.value_or(true); }

std::vector<std::string_view> NamesOf(const std::vector<ir::PropertyDef>& defs) {
  std::vector<std::string_view> out;
  for (const auto& d : defs) out.push_back(d.name.text);
  return out;
}

}  // namespace

bool IsFunctionCall(const Node& node) {
  if (!node.IsMap() || node.entries().size() != 1 || !node.entries()[0].key->IsScalar())
    return false;
  return IsFunctionName(node.entries()[0].key->value());
}

const values::Constraint* ValueChecker::Parse(const Node& clause, Primitive p) {
  auto key = std::make_pair(&clause, static_cast<int>(p));
  if (auto it = parsed_.find(key); it != parsed_.end()) return it->second.get();
  std::string why;
  diag::Location where = clause.location;
  auto c = values::ParseConstraint(clause, p, &why, &where);
  auto& slot = parsed_[key];
  if (!c) {
    ctx_.diags.Report(Code::V305, where, why);
    return nullptr;
  }
  slot = std::make_unique<values::Constraint>(std::move(*c));
  return slot.get();
}

void ValueChecker::ApplyConstraints(const Node& value, Primitive p,
                                    const std::vector<const Node*>& constraints) {
  for (const Node* clause : constraints) {
    const values::Constraint* c = Parse(*clause, p);
    if (c == nullptr) continue;
    std::string why;
    if (values::Satisfies(*c, value, p, &why)) continue;
    ctx_.diags.Report(Code::V302, value.location, why)
        .AddNote(clause->location, "the constraint is here");
  }
}

void ValueChecker::CheckConstraints(const ir::PropertyDef& def) {
  if (def.type.Empty() || def.constraints.empty()) return;
  types::DataRef ref = ctx_.types.FindData(def.type.text, ctx_.prefix);
  if (!ref.primitive) return;
  for (const Node* clause : def.constraints) Parse(*clause, *ref.primitive);
}

void ValueChecker::CheckValue(const Node& value, const ir::PropertyDef& def, const Scope& scope) {
  if (types::IsSecret(ctx_.types, def, ctx_.prefix)) {
    CheckSecret(value, def, scope);
    return;
  }
  if (def.type.Empty()) {
    CheckFunctions(ctx_, value, scope);  // untyped parameters: only their function calls
    return;
  }
  types::DataRef ref = ctx_.types.FindData(def.type.text, ctx_.prefix);
  if (!ref.Known() || (ref.data != nullptr && ref.data->poisoned)) return;
  Check(value, ref, def.entry_schema.get(), def.key_schema.get(), def.constraints, scope, 0);
}

// A secret's value never appears in the template: it is a get_input of a secret input (whose
// value only the agents get), or a get_property of another secret (which emit checks).
void ValueChecker::CheckSecret(const Node& value, const ir::PropertyDef& def, const Scope& scope) {
  std::string what = "'" + def.name.text + "' is a secret";
  std::string fn = IsFunctionCall(value) ? std::string(value.entries()[0].key->value()) : "";
  if (fn != "get_input" && fn != "get_property") {
    ctx_.diags.Report(Code::V306, value.location, what + ": its value cannot be written here")
        .AddNote(def.location, "'" + def.name.text + "' is declared secret here")
        .AddNote(
            "take it from a secret input, { get_input: NAME }, and give the input's value to "
            "the agents at run time (toscac up --secrets FILE)");
    return;
  }
  CheckFunctions(ctx_, value, scope);
  const Node& arg = *value.entries()[0].value;
  const Node* name = arg.IsSequence() && !arg.items().empty() ? arg.items()[0] : &arg;
  if (fn != "get_input" || !name->IsScalar()) return;
  auto input = ctx_.inputs.find(name->value());
  if (input == ctx_.inputs.end() || types::IsSecret(ctx_.types, *input->second, ctx_.prefix)) {
    return;
  }
  ctx_.diags
      .Report(Code::V307, value.location,
              what + ", but input '" + std::string(name->value()) + "' that gives its value is not")
      .AddNote(input->second->location, "declare '" + std::string(name->value()) +
                                            "' with type: toscac.datatypes.Secret (or metadata "
                                            "toscac.secret: \"true\")");
}

void ValueChecker::Check(const Node& value, const types::DataRef& type, const ir::Schema* entry,
                         const ir::Schema* key, const std::vector<const Node*>& constraints,
                         const Scope& scope, int depth) {
  if (depth > kMaxDepth) return;
  if (IsFunctionCall(value)) {
    CheckFunctions(ctx_, value, scope);
    return;
  }
  if (type.data != nullptr && !type.primitive) {
    CheckComplex(value, *type.data, scope, depth);
    return;
  }
  Primitive p = *type.primitive;
  std::string why;
  if (!values::ParsePrimitive(p, value, &why)) {
    ctx_.diags.Report(Code::V301, value.location, why);
    if (value.IsMap()) CheckFunctions(ctx_, value, scope);  // a misspelled call says why (X409)
    return;
  }
  const types::Flat* flat = type.data ? &ctx_.types.Flatten(*type.data) : nullptr;
  if (p == Primitive::kList || p == Primitive::kMap) {
    if (entry == nullptr && flat != nullptr) entry = flat->entry_schema.get();
    if (key == nullptr && flat != nullptr) key = flat->key_schema.get();
    CheckEntries(value, p, entry, key, scope, depth);
  }
  if (flat != nullptr) ApplyConstraints(value, p, flat->constraints);
  ApplyConstraints(value, p, constraints);
}

void ValueChecker::CheckSchemaValue(const Node& value, const ir::Schema& schema, const Scope& scope,
                                    int depth) {
  types::DataRef ref = ctx_.types.FindData(schema.type.text, ctx_.prefix);
  if (!ref.Known() || (ref.data != nullptr && ref.data->poisoned)) return;
  Check(value, ref, schema.entry_schema.get(), schema.key_schema.get(), schema.constraints, scope,
        depth + 1);
}

void ValueChecker::CheckEntries(const Node& value, Primitive p, const ir::Schema* entry,
                                const ir::Schema* key, const Scope& scope, int depth) {
  if (p == Primitive::kList) {
    for (const Node* item : value.items()) {
      if (entry != nullptr) {
        CheckSchemaValue(*item, *entry, scope, depth);
      } else {
        CheckFunctions(ctx_, *item, scope);
      }
    }
    return;
  }
  for (const yaml::Entry& e : value.entries()) {
    if (IsFunctionCall(*e.key)) {
      CheckFunctions(ctx_, *e.key, scope);
    } else if (key != nullptr) {
      CheckSchemaValue(*e.key, *key, scope, depth);
    }
    if (entry != nullptr) {
      CheckSchemaValue(*e.value, *entry, scope, depth);
    } else {
      CheckFunctions(ctx_, *e.value, scope);
    }
  }
}

void ValueChecker::CheckComplex(const Node& value, const TypeInfo& type, const Scope& scope,
                                int depth) {
  if (type.poisoned) return;
  if (!value.IsMap()) {
    ctx_.diags.Report(Code::V301, value.location,
                      "expected a map of the properties of data type '" + type.name + "', got " +
                          values::Found(value));
    return;
  }
  const types::Flat& flat = ctx_.types.Flatten(type);
  for (const yaml::Entry& e : value.entries()) {
    if (!e.key->IsScalar()) continue;
    const ir::PropertyDef* def = types::FindByName(flat.properties, e.key->value());
    if (def == nullptr) {
      auto& d = ctx_.diags.Report(Code::V304, e.key->location,
                                  "'" + std::string(e.key->value()) +
                                      "' is not a property of data type '" + type.name + "'");
      std::string near = util::Suggest(e.key->value(), NamesOf(flat.properties));
      if (!near.empty()) d.AddNote("did you mean '" + near + "'?");
      continue;
    }
    if (def->type.Empty()) continue;
    types::DataRef ref = ctx_.types.FindData(def->type.text, ctx_.prefix);
    if (!ref.Known() || (ref.data != nullptr && ref.data->poisoned)) continue;
    Check(*e.value, ref, def->entry_schema.get(), def->key_schema.get(), def->constraints, scope,
          depth + 1);
  }
  for (const ir::PropertyDef& def : flat.properties) {
    if (!IsRequired(def) || def.default_value != nullptr || value.Find(def.name.text)) continue;
    ctx_.diags
        .Report(
            Code::V303, value.location,
            "missing required property '" + def.name.text + "' of data type '" + type.name + "'")
        .AddNote(def.location, "'" + def.name.text + "' is declared here");
  }
}

void ValueChecker::CheckAssignments(const std::vector<ir::Assignment>& assignments,
                                    const std::vector<ir::PropertyDef>& defs, const Scope& scope,
                                    const Name& owner, std::string_view item, const TypeInfo& of,
                                    bool check_required) {
  for (const ir::Assignment& a : assignments) {
    if (a.value == nullptr) continue;
    const ir::PropertyDef* def = types::FindByName(defs, a.name.text);
    if (def == nullptr) {
      auto& d =
          ctx_.diags.Report(Code::V304, a.name.location,
                            "'" + a.name.text + "' is not a " + std::string(item) + " of " +
                                std::string(ir::TypeKindName(of.def->kind)) + " '" + of.name + "'");
      std::string near = util::Suggest(a.name.text, NamesOf(defs));
      if (!near.empty()) d.AddNote("did you mean '" + near + "'?");
      continue;
    }
    const Node* value = a.value;
    // Attributes also take a long form: {description: ..., value: ...}.
    if (item == "attribute" && value->IsMap() && value->Find("value") != nullptr &&
        !IsFunctionCall(*value)) {
      value = value->Find("value");
    }
    CheckValue(*value, *def, scope);
  }
  if (!check_required) return;
  for (const ir::PropertyDef& def : defs) {
    if (def.short_form || !IsRequired(def) || def.default_value != nullptr) continue;
    if (types::FindByName(assignments, def.name.text) != nullptr) continue;
    ctx_.diags
        .Report(Code::V303, owner.location,
                "missing required " + std::string(item) + " '" + def.name.text + "' of '" +
                    owner.text + "'")
        .AddNote(def.location, "'" + def.name.text + "' is declared here");
  }
}

}  // namespace toscac::check
