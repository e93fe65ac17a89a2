#include "emit/operations.h"

#include <charconv>

namespace toscac::emit {

namespace {

template <typename T>
void Override(std::vector<const T*>& into, const T& item) {
  for (const T*& existing : into) {
    if (existing->name.text == item.name.text) {
      existing = &item;
      return;
    }
  }
  into.push_back(&item);
}

void MergeOperation(Operation& into, const ir::OperationDef& layer) {
  if (layer.implementation) into.implementation = &*layer.implementation;
  for (const ir::PropertyDef& in : layer.input_defs) Override(into.inputs, in);
  for (const auto& out : layer.outputs) {
    bool replaced = false;
    for (auto& existing : into.outputs) {
      if (existing.first.text != out.first.text) continue;
      existing = out;
      replaced = true;
    }
    if (!replaced) into.outputs.push_back(out);
  }
}

// The value an input gives: an assignment, a definition's value, else its default.
const ir::Node* InputValue(const ir::PropertyDef& def) {
  return def.value != nullptr ? def.value : def.default_value;
}

int TimeoutS(const ir::Implementation& impl) {
  if (impl.timeout == nullptr || !impl.timeout->IsScalar()) return kDefaultTimeoutS;
  const std::string& text = std::string(impl.timeout->value());
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) {
    return kDefaultTimeoutS;
  }
  return value;
}

const ir::ArtifactDef* Named(const std::vector<const ir::ArtifactDef*>& named,
                             const std::string& name) {
  for (const ir::ArtifactDef* a : named) {
    if (a->name.text == name) return a;
  }
  return nullptr;
}

// "name" when `value` is `{ get_property: [ SELF, name ] }`, else "".
std::string OwnProperty(const ir::Node* value) {
  if (value == nullptr || !value->IsMap() || value->entries().size() != 1) return "";
  const ir::Node* args = value->Find("get_property");
  if (args == nullptr || !args->IsSequence() || args->items().size() != 2) return "";
  const ir::Node* entity = args->items()[0];
  const ir::Node* name = args->items()[1];
  if (!entity->IsScalar() || entity->value() != "SELF" || !name->IsScalar()) return "";
  return std::string(name->value());
}

}  // namespace

const Operation* Interface::Find(std::string_view op) const {
  for (const Operation& o : operations) {
    if (o.name == op) return &o;
  }
  return nullptr;
}

Interface MergeInterface(const std::vector<const ir::InterfaceDef*>& layers) {
  Interface out;
  for (const ir::InterfaceDef* layer : layers) {
    if (layer == nullptr) continue;
    if (out.name.empty()) out.name = layer->name.text;
    for (const ir::PropertyDef& in : layer->inputs) Override(out.inputs, in);
    for (const ir::OperationDef& op : layer->operations) {
      Operation* mine = nullptr;
      for (Operation& o : out.operations) {
        if (o.name == op.name.text) mine = &o;
      }
      if (mine == nullptr) {
        out.operations.push_back(Operation{op.name.text, nullptr, {}, {}});
        mine = &out.operations.back();
      }
      MergeOperation(*mine, op);
    }
  }
  return out;
}

std::string InterfaceOfType(const types::TypeTable& types,
                            const std::vector<ir::InterfaceDef>& interfaces, std::string_view base,
                            std::string_view prefix) {
  const types::TypeInfo* want = types.Find(ir::TypeKind::kInterface, base);
  if (want == nullptr) return "";
  for (const ir::InterfaceDef& itf : interfaces) {
    const types::TypeInfo* t = types.Find(ir::TypeKind::kInterface, itf.type.text, prefix);
    if (t == nullptr) t = types.Find(ir::TypeKind::kInterface, itf.type.text);
    if (types::TypeTable::DerivesFrom(t, want)) return itf.name.text;
  }
  return "";
}

const ir::InterfaceDef* FindInterface(const std::vector<ir::InterfaceDef>& list,
                                      std::string_view name) {
  if (name.empty()) return nullptr;
  return types::FindByName(list, name);
}

void OperationWriter::DoAndCheck(const Interface& itf, const Operation* op, const Interface& check,
                                 std::string_view name, const eval::EvalScope& scope,
                                 const std::vector<const ir::ArtifactDef*>& named, JsonWriter& w) {
  w.Key("do");
  Do(itf, op, scope, named, w);
  w.Key("check");
  if (check.name.empty()) return w.Null();
  Do(check, check.Find(name), scope, named, w);
}

void OperationWriter::Do(const Interface& itf, const Operation* op, const eval::EvalScope& scope,
                         const std::vector<const ir::ArtifactDef*>& named, JsonWriter& w) {
  if (op == nullptr || op->implementation == nullptr) return w.Null();
  const ir::Implementation& impl = *op->implementation;
  bool missing = false;
  w.BeginObject();
  w.Key("run");
  if (std::optional<std::string> run = File(impl.primary, named, missing)) {
    w.String(*run);
  } else {
    w.Null();
  }
  w.Key("dependencies");
  w.BeginArray();
  for (const ir::Node* d : impl.dependencies) {
    if (std::optional<std::string> file = File(d, named, missing)) w.String(*file);
  }
  w.EndArray();
  w.Key("env");
  Env(itf, *op, scope).Write(w);
  if (Members from = EnvProperties(itf, *op, scope); !from.Empty()) {
    w.Key("env_properties");
    from.Write(w);
  }
  w.Key("timeout_s");
  w.Int(TimeoutS(impl));
  w.Key("retries");
  w.Int(kDefaultRetries);
  if (missing) {
    w.Key("missing");
    w.Bool(true);
  }
  w.EndObject();
}

// A file name, an artifact of the node by name, or (1.3) an artifact definition.
std::optional<std::string> OperationWriter::File(const ir::Node* file,
                                                 const std::vector<const ir::ArtifactDef*>& named,
                                                 bool& missing) {
  if (file == nullptr) return std::nullopt;
  if (file->IsMap()) return File(file->Find("file"), named, missing);
  if (!file->IsScalar()) return std::nullopt;
  if (const ir::ArtifactDef* a = Named(named, std::string(file->value()))) {
    if (a->file == nullptr || !a->file->IsScalar()) return std::nullopt;
    if (!a->repository.Empty())
      return std::string(a->file->value());  // fetched by whoever deploys it
    file = a->file;
  }
  FileRef ref = files_.Add(*file);
  if (ref.refused) return std::nullopt;
  missing = missing || ref.missing;
  if (files_.Find(ref.run) != nullptr) used_.insert(ref.run);
  return ref.run;
}

Members OperationWriter::Env(const Interface& itf, const Operation& op,
                             const eval::EvalScope& scope) {
  Members env;
  for (const auto* list : {&itf.inputs, &op.inputs}) {
    for (const ir::PropertyDef* def : *list) {
      const ir::Node* value = InputValue(*def);
      if (value == nullptr) continue;
      env.Set(def->name.text, ev_.EvaluateParameter(*def, *value, scope));
    }
  }
  return env;
}

// The inputs that are exactly `{ get_property: [ SELF, name ] }` of a node's own property:
// `toscac set` changes such a property at run time, and the agent gives the step the new value
// (docs/agent.md, "Rolling updates").
Members OperationWriter::EnvProperties(const Interface& itf, const Operation& op,
                                       const eval::EvalScope& scope) {
  Members out;
  if (scope.edge != nullptr) return out;
  for (const auto* list : {&itf.inputs, &op.inputs}) {
    for (const ir::PropertyDef* def : *list) {
      const ir::Node* value = InputValue(*def);
      std::string property = OwnProperty(value);
      if (property.empty()) {
        out.Erase(def->name.text);  // a later layer replaced it
        continue;
      }
      out.Set(def->name.text, std::move(property));
    }
  }
  return out;
}

void OperationWriter::Outputs(const Operation* op, JsonWriter& w) {
  Members out;
  if (op != nullptr) {
    for (const auto& [name, value] : op->outputs) {
      out.Set(name.text, value != nullptr ? eval::ToJson(*value) : Json(nullptr));
    }
  }
  out.Write(w);
}

std::set<std::string> OperationWriter::TakeUsed() {
  std::set<std::string> out;
  out.swap(used_);
  return out;
}

}  // namespace toscac::emit
