#include "check/functions.h"

#include <span>

#include "check/values.h"
#include "util/spelling.h"
#include "values/primitive.h"

namespace toscac::check {

using diag::Code;

namespace {

constexpr std::string_view kFunctions[] = {
    "get_input", "get_property", "get_attribute",     "get_operation_output", "concat",
    "join",      "token",        "get_nodes_of_type", "get_artifact",
};

class FunctionChecker {
 public:
  FunctionChecker(Context& ctx, const Scope& scope) : ctx_(ctx), scope_(scope) {}

  void Walk(const Node& value, int depth) {
    if (depth > 200) return;
    if (value.IsSequence()) {
      for (const Node* item : value.items()) Walk(*item, depth + 1);
      return;
    }
    if (!value.IsMap()) return;
    if (IsFunctionCall(value)) {
      Call(std::string(value.entries()[0].key->value()), *value.entries()[0].key,
           *value.entries()[0].value, depth);
      return;
    }
    if (value.entries().size() == 1 && value.entries()[0].key->IsScalar()) {
      // A map of one key that is one edit from a function is most likely a misspelled call.
      const Node& key = *value.entries()[0].key;
      static const std::vector<std::string_view> kNames(std::begin(kFunctions),
                                                        std::end(kFunctions));
      std::string near = util::Suggest(key.value(), kNames);
      if (!near.empty()) {
        ctx_.diags
            .Report(Code::X409, key.location,
                    "'" + std::string(key.value()) + "' looks like a misspelled function call")
            .AddNote("did you mean '" + near + "'?");
      }
    }
    for (const yaml::Entry& e : value.entries()) {
      Walk(*e.key, depth + 1);
      Walk(*e.value, depth + 1);
    }
  }

 private:
  // A call's arguments: the items of a sequence, or the one argument. A view, not a copy:
  // this runs for every function call of every template. `*single` must outlive it.
  using Args = std::span<const Node* const>;
  static Args ArgsOf(const Node& args, const Node* const* single) {
    if (args.IsSequence()) return Args(args.items());
    return Args(single, 1);
  }

  void Arity(const Node& key, std::string_view fn, const std::string& expected) {
    ctx_.diags.Report(Code::X401, key.location,
                      "wrong arguments for '" + std::string(fn) + "': expected " + expected);
  }

  bool ScalarArg(const Node* arg, std::string_view fn, const char* what) {
    if (arg->IsScalar()) return true;
    if (IsFunctionCall(*arg)) return false;  // computed: checked when walked
    ctx_.diags.Report(Code::X401, arg->location,
                      "expected " + std::string(what) + " as an argument of '" + std::string(fn) +
                          "', got " + values::Found(*arg));
    return false;
  }

  void Call(const std::string& fn, const Node& key, const Node& arg_node, int depth) {
    const Node* single = &arg_node;
    Args args = ArgsOf(arg_node, &single);
    for (const Node* a : args) {
      if (a->IsMap() || a->IsSequence()) Walk(*a, depth + 1);
    }
    if (fn == "get_input") return GetInput(key, arg_node, args);
    if (fn == "get_property" || fn == "get_attribute") return GetData(fn, key, args);
    if (fn == "get_operation_output") return GetOperationOutput(key, args);
    if (fn == "concat") {
      if (!arg_node.IsSequence()) Arity(key, fn, "a list of values to join");
      return;
    }
    if (fn == "join") {
      if (!arg_node.IsSequence() || args.empty() || args.size() > 2 ||
          !(args[0]->IsSequence() || IsFunctionCall(*args[0]))) {
        Arity(key, fn, "[ [ values... ], delimiter ] with an optional delimiter");
      }
      return;
    }
    if (fn == "token") {
      if (!arg_node.IsSequence() || args.size() != 3) {
        return Arity(key, fn, "[ string, separator characters, index ]");
      }
      std::string why;
      if (args[2]->IsScalar() &&
          !values::ParsePrimitive(values::Primitive::kInteger, *args[2], &why)) {
        ctx_.diags.Report(Code::X401, args[2]->location, "the index of 'token' must be an integer");
      }
      return;
    }
    if (fn == "get_nodes_of_type") {
      if (args.size() != 1 || !ScalarArg(args[0], fn, "a node type name")) {
        if (args.size() != 1) Arity(key, fn, "one node type name");
        return;
      }
      ctx_.RequireType(TypeKind::kNode, Name{std::string(args[0]->value()), args[0]->location});
      return;
    }
    if (fn == "get_artifact") return GetArtifact(key, args);
  }

  void GetInput(const Node& key, const Node& arg_node, Args args) {
    if (args.empty() || (arg_node.IsSequence() && args.empty())) {
      return Arity(key, "get_input", "an input name, or [ input name, nested keys... ]");
    }
    if (!ScalarArg(args[0], "get_input", "an input name")) return;
    const std::string& name = std::string(args[0]->value());
    if (ctx_.topology == nullptr || ctx_.inputs.count(name)) return;
    auto& d = ctx_.diags.Report(Code::X402, args[0]->location, "unknown input '" + name + "'");
    std::vector<std::string_view> names;
    for (const auto& [n, def] : ctx_.inputs) names.push_back(n);
    std::string near = util::Suggest(name, names);
    if (!near.empty()) d.AddNote("did you mean '" + near + "'?");
  }

  // The node template an entity name stands for: nullptr when it cannot be known here
  // (HOST, SOURCE, TARGET) or was reported.
  const ir::NodeTemplate* Entity(const Node& arg, std::string_view fn, bool* known_type,
                                 const TypeInfo** type) {
    *known_type = false;
    const std::string& e = std::string(arg.value());
    if (e == "SELF") {
      if (scope_.relationship) {
        *type = scope_.relationship_type;
        *known_type = true;
        return nullptr;
      }
      *type = scope_.node_type;
      *known_type = scope_.node_type != nullptr && !scope_.in_type;
      return scope_.node;
    }
    if (e == "SOURCE" || e == "TARGET") {
      if (!scope_.relationship && !scope_.in_type) {
        ctx_.diags.Report(
            Code::X408, arg.location,
            "'" + e + "' in '" + std::string(fn) + "' has a meaning only inside a relationship");
      }
      return nullptr;
    }
    if (e == "HOST") return nullptr;
    auto it = ctx_.nodes.find(e);
    if (it == ctx_.nodes.end()) {
      if (ctx_.topology == nullptr) return nullptr;
      auto& d = ctx_.diags.Report(Code::X403, arg.location,
                                  "unknown node template '" + e + "' in '" + std::string(fn) + "'");
      std::vector<std::string_view> names{"SELF", "SOURCE", "TARGET", "HOST"};
      for (const auto& [n, t] : ctx_.nodes) names.push_back(n);
      std::string near = util::Suggest(e, names);
      if (!near.empty()) d.AddNote("did you mean '" + near + "'?");
      return nullptr;
    }
    *type = ctx_.node_types[e];
    *known_type = *type != nullptr && !(*type)->poisoned;
    return it->second;
  }

  void GetData(const std::string& fn, const Node& key, Args args) {
    if (args.size() < 2) {
      return Arity(key, fn, "[ entity, optional capability or requirement, name, nested keys... ]");
    }
    for (std::size_t i = 0; i < 2 && i < args.size(); ++i) {
      if (!ScalarArg(args[i], fn, i == 0 ? "an entity name" : "a name")) return;
    }
    bool known = false;
    const TypeInfo* type = nullptr;
    Entity(*args[0], fn, &known, &type);
    if (!known || type == nullptr) return;
    const types::Flat& flat = ctx_.types.Flatten(*type);
    bool attributes = fn == "get_attribute";
    const std::string& name = std::string(args[1]->value());
    // Properties are readable as attributes too.
    if (types::FindByName(flat.properties, name) ||
        (attributes && types::FindByName(flat.attributes, name))) {
      return;
    }
    if (const ir::CapabilityDef* cap = types::FindByName(flat.capabilities, name)) {
      if (args.size() < 3 || !args[2]->IsScalar()) return;
      return CapabilityData(fn, *cap, *args[2], attributes);
    }
    if (types::FindByName(flat.requirements, name)) return;  // the relationship's data: later
    std::string of = std::string(ir::TypeKindName(type->def->kind)) + " '" + type->name + "'";
    std::vector<std::string_view> names;
    // With more arguments after it, the name must be a capability or a requirement (X405).
    bool nested = args.size() >= 3;
    if (nested) {
      for (const auto& c : flat.capabilities) names.push_back(c.name.text);
      for (const auto& r : flat.requirements) names.push_back(r.name.text);
    } else {
      for (const auto& p : flat.properties) names.push_back(p.name.text);
      if (attributes) {
        for (const auto& a : flat.attributes) names.push_back(a.name.text);
      }
    }
    std::string kind = attributes ? "an attribute" : "a property";
    auto& d = nested
                  ? ctx_.diags.Report(Code::X405, args[1]->location,
                                      "'" + name + "' is not a capability or requirement of " + of)
                  : ctx_.diags.Report(Code::X404, args[1]->location,
                                      "'" + name + "' is not " + kind + " of " + of);
    std::string near = util::Suggest(name, names);
    if (!near.empty()) d.AddNote("did you mean '" + near + "'?");
  }

  void CapabilityData(const std::string& fn, const ir::CapabilityDef& cap, const Node& name,
                      bool attributes) {
    const TypeInfo* ct = ctx_.types.Find(TypeKind::kCapability, cap.type.text, ctx_.prefix);
    if (ct == nullptr || ct->poisoned) return;
    const types::Flat& flat = ctx_.types.Flatten(*ct);
    if (types::FindByName(flat.properties, name.value()) ||
        types::FindByName(cap.properties, name.value()))
      return;
    if (attributes && (types::FindByName(flat.attributes, name.value()) ||
                       types::FindByName(cap.attributes, name.value()))) {
      return;
    }
    ctx_.diags.Report(Code::X404, name.location,
                      "'" + std::string(name.value()) + "' is not " +
                          (attributes ? "an attribute" : "a property") + " of capability '" +
                          cap.name.text + "' in '" + fn + "'");
  }

  void GetOperationOutput(const Node& key, Args args) {
    if (args.size() != 4) {
      return Arity(key, "get_operation_output",
                   "[ entity, interface name, operation name, output name ]");
    }
    for (const Node* a : args) {
      if (!ScalarArg(a, "get_operation_output", "a name")) return;
    }
    bool known = false;
    const TypeInfo* type = nullptr;
    Entity(*args[0], "get_operation_output", &known, &type);
    if (!known || type == nullptr) return;
    const types::Flat& flat = ctx_.types.Flatten(*type);
    const ir::InterfaceDef* iface = types::FindByName(flat.interfaces, args[1]->value());
    if (iface == nullptr) {
      ctx_.diags.Report(
          Code::X406, args[1]->location,
          "'" + std::string(args[1]->value()) + "' is not an interface of '" + type->name + "'");
      return;
    }
    const TypeInfo* it = ctx_.types.Find(TypeKind::kInterface, iface->type.text, ctx_.prefix);
    if (it == nullptr || it->poisoned) return;
    const types::Flat& iflat = ctx_.types.Flatten(*it);
    if (types::FindByName(iflat.operations, args[2]->value()) ||
        types::FindByName(iface->operations, args[2]->value())) {
      return;
    }
    ctx_.diags.Report(Code::X406, args[2]->location,
                      "'" + std::string(args[2]->value()) + "' is not an operation of interface '" +
                          std::string(args[1]->value()) + "'");
  }

  void GetArtifact(const Node& key, Args args) {
    if (args.size() < 2 || args.size() > 4) {
      return Arity(key, "get_artifact",
                   "[ entity, artifact name, optional location, optional remove ]");
    }
    if (!ScalarArg(args[0], "get_artifact", "an entity name") ||
        !ScalarArg(args[1], "get_artifact", "an artifact name")) {
      return;
    }
    bool known = false;
    const TypeInfo* type = nullptr;
    const ir::NodeTemplate* node = Entity(*args[0], "get_artifact", &known, &type);
    if (!known || type == nullptr) return;
    const std::string& name = std::string(args[1]->value());
    if (types::FindByName(ctx_.types.Flatten(*type).artifacts, name)) return;
    if (node != nullptr && types::FindByName(node->artifacts, name)) return;
    ctx_.diags.Report(
        Code::X407, args[1]->location,
        "'" + name + "' is not an artifact of '" + (node ? node->name.text : type->name) + "'");
  }

  Context& ctx_;
  const Scope& scope_;
};

}  // namespace

bool IsFunctionName(std::string_view name) {
  for (std::string_view f : kFunctions) {
    if (f == name) return true;
  }
  return false;
}

void CheckFunctions(Context& ctx, const Node& value, const Scope& scope) {
  FunctionChecker(ctx, scope).Walk(value, 0);
}

}  // namespace toscac::check
