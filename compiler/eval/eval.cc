#include "eval/eval.h"

#include <cmath>
#include <set>

#include "check/functions.h"
#include "values/primitive.h"

namespace toscac::eval {

using diag::Code;
using types::TypeKind;

Json ToJson(const ir::Node& node) {
  switch (node.kind) {
    case yaml::Kind::kNull:
      return nullptr;
    case yaml::Kind::kSequence: {
      Json out = Json::array();
      for (const ir::Node* item : node.items()) out.push_back(ToJson(*item));
      return out;
    }
    case yaml::Kind::kMap: {
      Json out = Json::object();
      for (const yaml::Entry& e : node.entries()) {
        std::string key = e.key->IsScalar() ? std::string(e.key->value()) : ToJson(*e.key).dump();
        out[key] = ToJson(*e.value);
      }
      return out;
    }
    case yaml::Kind::kScalar:
      break;
  }
  if (!node.plain) return node.value();
  std::string why;
  if (auto v = values::ParsePrimitive(values::Primitive::kInteger, node, &why)) {
    return std::get<std::int64_t>(v->data);
  }
  if (auto v = values::ParsePrimitive(values::Primitive::kFloat, node, &why)) {
    double d = std::get<double>(v->data);
    if (std::isfinite(d)) return d;
    return node.value();  // JSON has no infinity or NaN: keep the text
  }
  if (auto v = values::ParsePrimitive(values::Primitive::kBoolean, node, &why)) {
    return std::get<bool>(v->data);
  }
  if (values::ParsePrimitive(values::Primitive::kNull, node, &why)) return nullptr;
  return node.value();
}

namespace {

bool IsRuntime(const Json& v) {
  if (!v.is_object() || v.size() != 1) return false;
  const std::string& k = v.begin().key();
  return k == "get_attribute" || k == "get_operation_output" || k == "get_secret" ||
         k == "concat" || k == "join" || k == "token";
}

// A reference to a secret, resolved by the agents only: { "get_secret": ["db_password"] }.
bool IsSecretReference(const Json& v) {
  return v.is_object() && v.size() == 1 && v.begin().key() == "get_secret";
}

// Text of a scalar JSON value for concat and join: strings as they are, numbers as written.
std::optional<std::string> Text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  if (v.is_number()) return v.dump();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_null()) return "";
  return std::nullopt;
}

}  // namespace

struct Evaluator::Impl {
  const check::Model& model;
  const InputValues& inputs;
  diag::Diagnostics& diags;
  std::set<std::pair<int, std::string>> active;  // properties being evaluated: no loops

  Impl(const check::Model& m, const InputValues& in)
      : model(m), inputs(in), diags(m.ctx.program.diags) {}

  const resolve::Topology& topo() const { return model.topology; }
  const ir::NodeTemplate* Template(int v) const {
    auto it = model.ctx.nodes.find(topo().nodes[v].name);
    return it == model.ctx.nodes.end() ? nullptr : it->second;
  }
  const types::TypeInfo* TypeOf(int v) const {
    auto it = model.ctx.node_types.find(topo().nodes[v].name);
    return it == model.ctx.node_types.end() ? nullptr : it->second;
  }

  Json Fail(const ir::Node& at, const std::string& message) {
    diags.Report(Code::E801, at.location, message);
    return nullptr;
  }

  Json Evaluate(const ir::Node& value, const EvalScope& scope) {
    if (check::IsFunctionCall(value)) {
      const yaml::Entry& e = value.entries()[0];
      return Call(std::string(e.key->value()), *e.key, *e.value, scope);
    }
    if (value.IsSequence()) {
      Json out = Json::array();
      for (const ir::Node* item : value.items()) out.push_back(Evaluate(*item, scope));
      return out;
    }
    if (value.IsMap()) {
      Json out = Json::object();
      for (const yaml::Entry& e : value.entries()) {
        std::string key;
        if (e.key->IsScalar()) {
          key = e.key->value();
        } else {
          Json k = Evaluate(*e.key, scope);
          key = Text(k).value_or(k.dump());
        }
        out[key] = Evaluate(*e.value, scope);
      }
      return out;
    }
    return ToJson(value);
  }

  std::vector<const ir::Node*> Args(const ir::Node& args) {
    if (args.IsSequence()) return args.items();
    return {&args};
  }

  Json Call(const std::string& fn, const ir::Node& key, const ir::Node& arg, const EvalScope& s) {
    std::vector<const ir::Node*> args = Args(arg);
    if (fn == "get_input") return GetInput(key, args);
    if (fn == "get_property") return GetProperty(key, args, s);
    if (fn == "get_attribute" || fn == "get_operation_output") return Runtime(fn, key, args, s);
    if (fn == "concat") return Concat(args, s);
    if (fn == "join") return Join(key, args, s);
    if (fn == "token") return Token(key, args, s);
    if (fn == "get_nodes_of_type") return NodesOfType(args);
    if (fn == "get_artifact") return Artifact(key, args, s);
    return Fail(key, "'" + fn + "' cannot be evaluated");
  }

  // Applies [key or index...] to a value.
  Json Nested(Json v, const std::vector<const ir::Node*>& path, std::size_t from,
              const ir::Node& at) {
    for (std::size_t i = from; i < path.size(); ++i) {
      const ir::Node& p = *path[i];
      if (v.is_array() && p.IsScalar()) {
        std::string why;
        auto index = values::ParsePrimitive(values::Primitive::kInteger, p, &why);
        if (!index || std::get<std::int64_t>(index->data) < 0 ||
            static_cast<std::size_t>(std::get<std::int64_t>(index->data)) >= v.size()) {
          return Fail(p, "index " + values::Quoted(p.value()) + " is out of range for a list of " +
                             std::to_string(v.size()));
        }
        v = Json(v[static_cast<std::size_t>(std::get<std::int64_t>(index->data))]);
        continue;
      }
      if (v.is_object() && p.IsScalar() && v.contains(p.value())) {
        v = Json(v[p.value()]);
        continue;
      }
      if (IsRuntime(v)) return v;  // known at run time only: the agent applies the rest
      return Fail(p.IsScalar() ? p : at, "no " + values::Quoted(p.IsScalar() ? p.value() : "?") +
                                             " in the value reached so far");
    }
    return v;
  }

  Json GetInput(const ir::Node& key, const std::vector<const ir::Node*>& args) {
    if (args.empty() || !args[0]->IsScalar()) return Fail(key, "get_input needs an input name");
    if (SecretInput(std::string(args[0]->value()))) {
      // Known to the agents only; they apply the nested keys too.
      Json path = Json::array();
      for (const ir::Node* a : args) path.push_back(ToJson(*a));
      path[0] = args[0]->value();
      return Json{{"get_secret", std::move(path)}};
    }
    return Nested(Input(std::string(args[0]->value())), args, 1, key);
  }

  bool SecretInput(const std::string& name) const {
    auto def = model.ctx.inputs.find(name);
    return def != model.ctx.inputs.end() && types::IsSecret(model.types, *def->second);
  }

  Json Input(const std::string& name) {
    if (SecretInput(name)) return Json{{"get_secret", Json::array({name})}};
    auto given = inputs.values.find(name);
    auto def = model.ctx.inputs.find(name);
    EvalScope none;
    if (given != inputs.values.end()) return Evaluate(*given->second, none);
    if (def != model.ctx.inputs.end() && def->second->default_value) {
      return Evaluate(*def->second->default_value, none);
    }
    if (def != model.ctx.inputs.end() && def->second->value) {
      return Evaluate(*def->second->value, none);
    }
    return nullptr;
  }

  // The node an entity name stands for in this scope; -1 when unknown (reported).
  int Entity(const ir::Node& arg, const EvalScope& s, const std::string& fn) {
    const std::string& e = std::string(arg.value());
    if (e == "SELF") return s.self;
    if (e == "SOURCE") return s.edge ? s.edge->source : -1;
    if (e == "TARGET") return s.edge ? s.edge->target : -1;
    if (e == "HOST") {
      int host = s.self >= 0 ? topo().Find(topo().nodes[s.self].host) : -1;
      if (host < 0) Fail(arg, "'HOST' in '" + fn + "': the node is hosted on nothing");
      return host;
    }
    return topo().Find(e);
  }

  Json NodeProperty(int v, const std::string& name, const ir::Node* at) {
    const ir::NodeTemplate* n = Template(v);
    const types::TypeInfo* t = TypeOf(v);
    if (n == nullptr || t == nullptr) return nullptr;
    if (!active.insert({v, name}).second) {
      return at ? Fail(*at, "property '" + name + "' of '" + n->name.text + "' depends on itself")
                : Json(nullptr);
    }
    Json out = nullptr;
    const ir::PropertyDef* def = types::FindByName(model.types.Flatten(*t).properties, name);
    if (const ir::Assignment* a = types::FindByName(n->properties, name)) {
      out = Evaluate(*a->value, EvalScope{v, -1, nullptr});
      if (def) out = KeepSecret(*def, *a->value, std::move(out));
    } else if (const ir::PropertyDef* d =
                   types::FindByName(model.types.Flatten(*t).properties, name)) {
      if (d->default_value) out = Evaluate(*d->default_value, EvalScope{v, -1, nullptr});
    }
    active.erase({v, name});
    return out;
  }

  // A secret's value must be a secret reference: a get_property of a property that is not
  // secret would put a value written in the template where a secret is declared.
  Json KeepSecret(const ir::PropertyDef& def, const ir::Node& at, Json value) {
    if (value.is_null() || IsSecretReference(value) || !types::IsSecret(model.types, def)) {
      return value;
    }
    diags
        .Report(Code::V306, at.location,
                "'" + def.name.text + "' is a secret, but the value it gets is not a secret")
        .AddNote("take it from a secret input, { get_input: NAME }, or from another secret");
    return nullptr;
  }

  Json CapabilityProperty(int v, const ir::CapabilityDef& cap, const std::string& name) {
    const ir::NodeTemplate* n = Template(v);
    if (const ir::CapabilityAssignment* ca = types::FindByName(n->capabilities, cap.name.text)) {
      if (const ir::Assignment* a = types::FindByName(ca->properties, name)) {
        return Evaluate(*a->value, EvalScope{v, -1, nullptr});
      }
    }
    const ir::PropertyDef* d = types::FindByName(cap.properties, name);
    if (d == nullptr) {
      const types::TypeInfo* ct = model.types.Find(TypeKind::kCapability, cap.type.text);
      if (ct) d = types::FindByName(model.types.Flatten(*ct).properties, name);
    }
    if (d && d->default_value) return Evaluate(*d->default_value, EvalScope{v, -1, nullptr});
    return nullptr;
  }

  // The properties of the relationship of requirement `req` of node v (the index-th one).
  Json RelationshipProperty(int v, const std::string& req, std::size_t index,
                            const std::string& name) {
    std::size_t seen = 0;
    for (const resolve::Edge& e : topo().edges) {
      if (e.source != v || e.requirement != req || seen++ != index) continue;
      return EdgeProperty(e, name);
    }
    return nullptr;
  }

  Json EdgeProperty(const resolve::Edge& e, const std::string& name) {
    EvalScope s{e.source, e.target, &e};
    const ir::NodeTemplate* n = Template(e.source);
    // The assignment written at the edge's place (implicit edges have none).
    for (const ir::RequirementAssignment& r : n->requirements) {
      if (r.name.text != e.requirement || r.location != e.location || !r.relationship) continue;
      if (const ir::Assignment* a = types::FindByName(r.relationship->properties, name)) {
        return Evaluate(*a->value, s);
      }
    }
    if (!e.relationship_template.empty()) {
      auto it = model.ctx.relationships.find(e.relationship_template);
      if (it != model.ctx.relationships.end()) {
        if (const ir::Assignment* a = types::FindByName(it->second->properties, name)) {
          return Evaluate(*a->value, s);
        }
      }
    }
    const types::TypeInfo* rt = model.types.Find(TypeKind::kRelationship, e.relationship_type);
    if (rt == nullptr) return nullptr;
    const ir::PropertyDef* d = types::FindByName(model.types.Flatten(*rt).properties, name);
    return d && d->default_value ? Evaluate(*d->default_value, s) : Json(nullptr);
  }

  Json GetProperty(const ir::Node& key, const std::vector<const ir::Node*>& args,
                   const EvalScope& s) {
    if (args.size() < 2 || !args[0]->IsScalar() || !args[1]->IsScalar()) {
      return Fail(key, "get_property needs [ entity, name, ... ]");
    }
    if (args[0]->value() == "SELF" && s.edge != nullptr) {
      return Nested(EdgeProperty(*s.edge, std::string(args[1]->value())), args, 2, key);
    }
    int v = Entity(*args[0], s, "get_property");
    if (v < 0)
      return Fail(*args[0],
                  "cannot tell which node " + values::Quoted(args[0]->value()) + " is here");
    const types::TypeInfo* t = TypeOf(v);
    if (t == nullptr) return nullptr;
    const types::Flat& flat = model.types.Flatten(*t);
    const std::string& name = std::string(args[1]->value());
    if (types::FindByName(flat.properties, name)) {
      return Nested(NodeProperty(v, name, args[1]), args, 2, key);
    }
    if (const ir::CapabilityDef* cap = types::FindByName(flat.capabilities, name)) {
      if (args.size() < 3 || !args[2]->IsScalar())
        return Fail(key, "get_property needs a capability property name");
      return Nested(CapabilityProperty(v, *cap, std::string(args[2]->value())), args, 3, key);
    }
    if (types::FindByName(flat.requirements, name)) {
      std::size_t at = 2, index = 0;
      std::string why;
      if (args.size() > 3 && args[2]->IsScalar()) {
        if (auto i = values::ParsePrimitive(values::Primitive::kInteger, *args[2], &why)) {
          index = static_cast<std::size_t>(std::get<std::int64_t>(i->data));
          at = 3;
        }
      }
      if (args.size() <= at || !args[at]->IsScalar())
        return Fail(key, "get_property needs a relationship property name");
      return Nested(RelationshipProperty(v, name, index, std::string(args[at]->value())), args,
                    at + 1, key);
    }
    if (args[0]->value() == "HOST") {  // HOST walks up the hosting chain to the first that has it
      for (int h = topo().Find(topo().nodes[v].host); h >= 0;
           h = topo().Find(topo().nodes[h].host)) {
        const types::TypeInfo* ht = TypeOf(h);
        if (ht && types::FindByName(model.types.Flatten(*ht).properties, name)) {
          return Nested(NodeProperty(h, name, args[1]), args, 2, key);
        }
      }
    }
    return Fail(*args[1],
                "no property " + values::Quoted(name) + " on '" + topo().nodes[v].name + "'");
  }

  Json Runtime(const std::string& fn, const ir::Node& key, const std::vector<const ir::Node*>& args,
               const EvalScope& s) {
    Json out = Json::array();
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (i == 0 && args[0]->IsScalar()) {
        const std::string& e = std::string(args[0]->value());
        if (e == "SELF" && s.edge != nullptr) {  // the relationship itself
          out.push_back(topo().nodes[s.edge->source].name + "#" + s.edge->requirement);
          continue;
        }
        int v = Entity(*args[0], s, fn);
        if (v < 0)
          return Fail(*args[0], "cannot tell which node " + values::Quoted(e) + " is here");
        out.push_back(topo().nodes[v].name);
        continue;
      }
      out.push_back(Evaluate(*args[i], s));
    }
    (void)key;
    Json ref = Json::object();
    ref[fn] = std::move(out);
    return ref;
  }

  Json Concat(const std::vector<const ir::Node*>& args, const EvalScope& s) {
    Json parts = Json::array();
    bool runtime = false;
    for (const ir::Node* a : args) {
      parts.push_back(Evaluate(*a, s));
      runtime = runtime || !Text(parts.back());
    }
    if (runtime) return Json{{"concat", parts}};
    std::string out;
    for (const Json& p : parts) out += *Text(p);
    return out;
  }

  Json Join(const ir::Node& key, const std::vector<const ir::Node*>& args, const EvalScope& s) {
    if (args.empty()) return Fail(key, "join needs a list");
    Json list = Evaluate(*args[0], s);
    Json delim = args.size() > 1 ? Evaluate(*args[1], s) : Json("");
    if (!list.is_array() || !Text(delim)) return Json{{"join", {list, delim}}};
    std::string out;
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto t = Text(list[i]);
      if (!t) return Json{{"join", {list, delim}}};
      out += (i ? *Text(delim) : "") + *t;
    }
    return out;
  }

  Json Token(const ir::Node& key, const std::vector<const ir::Node*>& args, const EvalScope& s) {
    if (args.size() != 3) return Fail(key, "token needs [ string, separators, index ]");
    Json text = Evaluate(*args[0], s), seps = Evaluate(*args[1], s), index = Evaluate(*args[2], s);
    if (!text.is_string() || !seps.is_string() || !index.is_number_integer()) {
      return Json{{"token", {text, seps, index}}};
    }
    std::vector<std::string> pieces{""};
    for (char c : text.get<std::string>()) {
      if (seps.get<std::string>().find(c) != std::string::npos) {
        pieces.emplace_back();
      } else {
        pieces.back() += c;
      }
    }
    std::int64_t i = index.get<std::int64_t>();
    if (i < 0 || static_cast<std::size_t>(i) >= pieces.size()) {
      return Fail(*args[2], "token index " + std::to_string(i) + " is out of range: '" +
                                text.get<std::string>() + "' has " + std::to_string(pieces.size()) +
                                " tokens");
    }
    return pieces[static_cast<std::size_t>(i)];
  }

  Json NodesOfType(const std::vector<const ir::Node*>& args) {
    Json out = Json::array();
    if (args.size() != 1 || !args[0]->IsScalar()) return out;
    const types::TypeInfo* want = model.types.Find(TypeKind::kNode, args[0]->value());
    for (std::size_t v = 0; v < topo().nodes.size(); ++v) {
      const types::TypeInfo* t = TypeOf(static_cast<int>(v));
      if (want && t && types::TypeTable::DerivesFrom(t, want)) out.push_back(topo().nodes[v].name);
    }
    return out;
  }

  // The artifact's path as the agents see it: artifacts/<file as written>.
  Json Artifact(const ir::Node& key, const std::vector<const ir::Node*>& args, const EvalScope& s) {
    if (args.size() < 2 || !args[0]->IsScalar() || !args[1]->IsScalar()) {
      return Fail(key, "get_artifact needs [ entity, artifact name ]");
    }
    int v = Entity(*args[0], s, "get_artifact");
    if (v < 0) return nullptr;
    const ir::ArtifactDef* a = types::FindByName(Template(v)->artifacts, args[1]->value());
    if (a == nullptr && TypeOf(v))
      a = types::FindByName(model.types.Flatten(*TypeOf(v)).artifacts, args[1]->value());
    if (a == nullptr || a->file == nullptr || !a->file->IsScalar()) {
      return Fail(*args[1], "artifact " + values::Quoted(args[1]->value()) + " has no file");
    }
    if (a->file->value().find("://") != std::string::npos) return a->file->value();
    return "artifacts/" + std::string(a->file->value());
  }
};

Evaluator::Evaluator(const check::Model& model, const InputValues& inputs)
    : impl_(std::make_shared<Impl>(model, inputs)) {}

Json Evaluator::Evaluate(const ir::Node& value, const EvalScope& scope) {
  return impl_->Evaluate(value, scope);
}

Json Evaluator::Input(const std::string& name) { return impl_->Input(name); }

Json Evaluator::EvaluateParameter(const ir::PropertyDef& def, const ir::Node& value,
                                  const EvalScope& scope) {
  return impl_->KeepSecret(def, value, impl_->Evaluate(value, scope));
}

Json Evaluator::NodeProperty(int node, const std::string& name) {
  return impl_->NodeProperty(node, name, nullptr);
}

Json Evaluator::NodeCapabilityProperty(int node, const ir::CapabilityDef& capability,
                                       const std::string& name) {
  return impl_->CapabilityProperty(node, capability, name);
}

}  // namespace toscac::eval
