#include "core/values.h"

#include "core/keys.h"

namespace toscac::agent {

namespace {
bool IsFunctionName(const std::string& k) {
  return k == "get_attribute" || k == "get_operation_output" || k == "get_secret" ||
         k == "concat" || k == "join" || k == "token";
}

// What the store holds is JSON text; a value some other tool wrote as bare text stays text.
Json ParseStored(const std::string& text) {
  Json v = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (v.is_discarded()) return Json(text);
  return v;
}
// Applies the keys and indexes args[from...] to `v`; the first that does not apply, or nullptr.
const Json* Walk(Json& v, const Json& args, size_t from) {
  for (size_t i = from; i < args.size(); ++i) {
    const Json& step = args[i];
    if (step.is_string() && v.is_object() && v.contains(step.get<std::string>())) {
      v = Json(v[step.get<std::string>()]);
      continue;
    }
    if (step.is_number_integer() && v.is_array() && step.get<int64_t>() >= 0 &&
        static_cast<size_t>(step.get<int64_t>()) < v.size()) {
      v = Json(v[step.get<size_t>()]);
      continue;
    }
    return &step;
  }
  return nullptr;
}
}  // namespace

std::string EnvText(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

bool IsReference(const Json& value) {
  if (value.is_array()) {
    for (const Json& v : value) {
      if (IsReference(v)) return true;
    }
    return false;
  }
  if (!value.is_object()) return false;
  if (value.size() == 1 && IsFunctionName(value.begin().key())) return true;
  for (const auto& [k, v] : value.items()) {
    if (IsReference(v)) return true;
  }
  return false;
}

std::optional<Json> Resolver::Resolve(const Json& value) {
  if (value.is_object() && value.size() == 1 && IsFunctionName(value.begin().key())) {
    return Function(value.begin().key(), value.begin().value());
  }
  if (value.is_object()) {
    Json out = Json::object();
    for (const auto& [k, v] : value.items()) {
      auto r = Resolve(v);
      if (!r) return std::nullopt;
      out[k] = std::move(*r);
    }
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const Json& v : value) {
      auto r = Resolve(v);
      if (!r) return std::nullopt;
      out.push_back(std::move(*r));
    }
    return out;
  }
  return value;
}

std::optional<Json> Resolver::Function(const std::string& name, const Json& raw_args) {
  if (!raw_args.is_array()) {
    error_ = name + " needs a list of arguments";
    return std::nullopt;
  }
  if (name == "get_attribute") return Attribute(raw_args);
  if (name == "get_operation_output") return OperationOutput(raw_args);
  if (name == "get_secret") return Secret(raw_args);
  auto args = Resolve(raw_args);
  if (!args) return std::nullopt;
  if (name == "concat") {
    std::string s;
    for (const Json& a : *args) s += EnvText(a);
    return Json(s);
  }
  if (name == "join") {
    if (args->empty() || !(*args)[0].is_array()) {
      error_ = "join needs a list";
      return std::nullopt;
    }
    std::string delim = args->size() > 1 ? EnvText((*args)[1]) : "";
    std::string s;
    bool first = true;
    for (const Json& a : (*args)[0]) {
      if (!first) s += delim;
      s += EnvText(a);
      first = false;
    }
    return Json(s);
  }
  // token: [string, separators, index]
  if (args->size() != 3 || !(*args)[2].is_number_integer()) {
    error_ = "token needs [ string, separators, index ]";
    return std::nullopt;
  }
  std::string text = EnvText((*args)[0]), seps = EnvText((*args)[1]);
  int64_t want = (*args)[2].get<int64_t>(), index = 0;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && seps.find(text[i]) == std::string::npos) continue;
    if (index == want) return Json(text.substr(start, i - start));
    ++index;
    start = i + 1;
  }
  error_ = "token index " + std::to_string(want) + " is out of range";
  return std::nullopt;
}

std::optional<Json> Resolver::Attribute(const Json& args) {
  if (args.size() < 2 || !args[0].is_string() || !args[1].is_string()) {
    error_ = "get_attribute needs [ node, attribute, ... ]";
    return std::nullopt;
  }
  std::string node = args[0].get<std::string>(), name = args[1].get<std::string>();
  const std::string* stored = nullptr;
  if (name == "state") {
    stored = snapshot_.Find(NodeKey(deployment_, node, "state"));
    if (stored) return Json(*stored);
  } else {
    stored = snapshot_.Find(AttributeKey(deployment_, node, name));
  }
  if (!stored) {
    missing_ = "attribute '" + name + "' of '" + node + "'";
    return std::nullopt;
  }
  Json v = ParseStored(*stored);
  if (const Json* bad = Walk(v, args, 2)) {
    missing_ = "'" + bad->dump() + "' in attribute '" + name + "' of '" + node + "'";
    return std::nullopt;
  }
  return v;
}

// [input, key or index...]; never says anything of the value in its errors.
std::optional<Json> Resolver::Secret(const Json& args) {
  if (args.empty() || !args[0].is_string()) {
    error_ = "get_secret needs [ input, ... ]";
    return std::nullopt;
  }
  std::string name = args[0].get<std::string>();
  const Json* found = nullptr;
  if (secrets_ != nullptr) {
    auto it = secrets_->values.find(name);
    if (it != secrets_->values.end()) found = &it->second;
  }
  if (found == nullptr) {
    error_ = "secret '" + name + "' is not in the agent's secrets file (--secrets)";
    return std::nullopt;
  }
  used_secret_ = true;
  Json v = *found;
  if (const Json* bad = Walk(v, args, 1)) {
    error_ = "no " + bad->dump() + " in secret '" + name + "'";
    return std::nullopt;
  }
  return v;
}

std::optional<Json> Resolver::OperationOutput(const Json& args) {
  if (args.size() != 4) {
    error_ = "get_operation_output needs [ node, interface, operation, output ]";
    return std::nullopt;
  }
  for (const Json& a : args) {
    if (!a.is_string()) {
      error_ = "get_operation_output needs names";
      return std::nullopt;
    }
  }
  std::string key = OutputKey(deployment_, args[0].get<std::string>(), args[1].get<std::string>(),
                              args[2].get<std::string>(), args[3].get<std::string>());
  const std::string* stored = snapshot_.Find(key);
  if (!stored) {
    missing_ = "output '" + args[3].get<std::string>() + "' of " + args[1].get<std::string>() +
               "." + args[2].get<std::string>() + " on '" + args[0].get<std::string>() + "'";
    return std::nullopt;
  }
  return ParseStored(*stored);
}

}  // namespace toscac::agent
