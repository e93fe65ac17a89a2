// Interfaces, operations, notifications and implementations, in types and in templates.
// Up to TOSCA 1.2 operations sit directly in the interface; 1.3 moves them under
// 'operations' and adds 'notifications'.
#include <charconv>
#include <limits>

#include "ir/read_internal.h"

namespace toscac::ir {

using diag::Code;

namespace {

// Inputs: definitions (or bare values) in types; always values in templates.
std::vector<PropertyDef> ReadInputs(ReadContext& ctx, const Node* node, bool in_template) {
  if (!in_template) return ReadParameterDefs(ctx, node, "'inputs'", true);
  std::vector<PropertyDef> out;
  for (Assignment& a : ReadAssignments(ctx, node, "'inputs'")) {
    PropertyDef def;
    def.name = a.name;
    def.location = a.name.location;
    def.value = a.value;
    def.node = a.value;
    def.short_form = true;
    out.push_back(std::move(def));
  }
  return out;
}

// An implementation's timeout, in seconds: what the agent is given (an int, docs/manifest.md).
bool IsTimeout(const Node& node) {
  if (!node.IsScalar() || !node.plain) return false;
  std::string_view text = node.value();
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && value > 0;
}

std::optional<Implementation> ReadImplementation(ReadContext& ctx, const Node* node) {
  if (node == nullptr) return std::nullopt;
  Implementation impl;
  impl.location = node->location;
  if (node->IsScalar()) {
    impl.primary = node;
    return impl;
  }
  if (!ExpectMap(ctx, node, "'implementation'")) return std::nullopt;
  Fields f(ctx, *node, "operation implementation");
  impl.primary = f.Take("primary");
  if (impl.primary != nullptr && !impl.primary->IsScalar() &&
      !(ctx.minor >= 3 && impl.primary->IsMap())) {
    ExpectScalar(ctx, impl.primary, "'primary'");
  }
  if (const Node* deps = f.Take("dependencies")) {
    if (deps->IsScalar()) {
      impl.dependencies.push_back(deps);
    } else if (ExpectSequence(ctx, deps, "'dependencies'")) {
      impl.dependencies = deps->items();
    }
  }
  impl.timeout = f.Take("timeout", 2);
  if (impl.timeout != nullptr && !IsTimeout(*impl.timeout)) {
    ctx.diags.Report(Code::S106, impl.timeout->location,
                     "expected a whole number of seconds from 1 to " +
                         std::to_string(std::numeric_limits<int>::max()) + " for 'timeout'");
    impl.timeout = nullptr;
  }
  impl.operation_host = f.Take("operation_host", 2);
  f.Finish();
  return impl;
}

OperationDef ReadOperation(ReadContext& ctx, const Entry& e, bool in_template, bool notification) {
  OperationDef op;
  op.name = KeyName(e);
  op.location = op.name.location;
  op.node = e.value;
  if (e.value == nullptr || e.value->IsNull()) return op;
  if (e.value->IsScalar()) {  // the short form: just the implementation
    op.implementation = ReadImplementation(ctx, e.value);
    return op;
  }
  std::string_view what = notification ? "notification definition" : "operation definition";
  if (!ExpectMap(ctx, e.value, what, op.name.text)) return op;
  Fields f(ctx, *e.value, what);
  op.description = ReadString(ctx, f.Take("description"), "'description'");
  op.implementation = ReadImplementation(ctx, f.Take("implementation"));
  if (!notification) {
    op.input_defs = ReadInputs(ctx, f.Take("inputs"), in_template);
  }
  for (auto& o : ReadEntries(ctx, f.Take("outputs", 3), "'outputs'")) op.outputs.push_back(o);
  f.Finish();
  return op;
}

}  // namespace

std::vector<OperationDef> ReadOperations(ReadContext& ctx, const Node* node, bool in_template,
                                         bool notifications) {
  std::vector<OperationDef> out;
  if (node == nullptr || node->IsNull()) return out;
  if (!ExpectMap(ctx, node, notifications ? "'notifications'" : "'operations'")) return out;
  for (const Entry& e : node->entries()) {
    if (!e.key->IsScalar()) continue;
    out.push_back(ReadOperation(ctx, e, in_template, notifications));
  }
  return out;
}

std::vector<InterfaceDef> ReadInterfaces(ReadContext& ctx, const Node* node, bool in_template) {
  std::vector<InterfaceDef> out;
  for (auto& [name, value] : ReadEntries(ctx, node, "'interfaces'")) {
    InterfaceDef def;
    def.name = name;
    def.location = name.location;
    if (value == nullptr || value->IsNull()) {
      out.push_back(std::move(def));
      continue;
    }
    std::string_view what = in_template ? "interface assignment" : "interface definition";
    if (!ExpectMap(ctx, value, what, name.text)) continue;
    Fields f(ctx, *value, what);
    if (!in_template) {
      def.type = ReadName(ctx, f.Take("type"), "'type'");
      f.Take("description");
    }
    def.inputs = ReadInputs(ctx, f.Take("inputs"), in_template);
    if (ctx.minor >= 3) {
      def.operations = ReadOperations(ctx, f.Take("operations"), in_template, false);
      def.notifications = ReadOperations(ctx, f.Take("notifications"), in_template, true);
      f.Finish();
    } else {
      for (const Entry* e : f.Rest()) {
        if (!e->key->IsScalar()) continue;
        def.operations.push_back(ReadOperation(ctx, *e, in_template, false));
      }
    }
    out.push_back(std::move(def));
  }
  return out;
}

}  // namespace toscac::ir
