// Groups, policies, substitution mappings, workflows, and requirement cycles.
#include <algorithm>
#include <functional>
#include <set>

#include "check/context.h"
#include "check/values.h"
#include "util/spelling.h"
#include "values/primitive.h"

namespace toscac::check {

using diag::Code;

namespace {

std::vector<std::string_view> NodeNames(const Context& ctx) {
  std::vector<std::string_view> out;
  for (const auto& [n, t] : ctx.nodes) out.push_back(n);
  return out;
}

void UnknownName(Context& ctx, Code code, const Name& name, const std::string& message,
                 std::vector<std::string_view> candidates) {
  auto& d = ctx.diags.Report(code, name.location, message);
  std::string near = util::Suggest(name.text, candidates);
  if (!near.empty()) d.AddNote("did you mean '" + near + "'?");
}

// Whether a member of the given node type fits a type's list of allowed types.
bool Allowed(Context& ctx, const TypeInfo* member, const std::vector<Name>& allowed,
             TypeKind kind) {
  if (allowed.empty() || member == nullptr) return true;
  for (const Name& a : allowed) {
    const TypeInfo* t = ctx.types.Find(kind, a.text, ctx.prefix);
    if (t == nullptr || TypeTable::DerivesFrom(member, t)) return true;
  }
  return false;
}

void CheckGroups(Context& ctx, const ir::TopologyTemplate& t) {
  for (const ir::GroupTemplate& g : t.groups) {
    const TypeInfo* type = ctx.RequireType(TypeKind::kGroup, g.type);
    const types::Flat* flat = type && !type->poisoned ? &ctx.types.Flatten(*type) : nullptr;
    for (const Name& m : g.members) {
      auto it = ctx.node_types.find(m.text);
      if (it == ctx.node_types.end()) {
        UnknownName(ctx, Code::N507, m,
                    "unknown node template '" + m.text + "' in group '" + g.name.text + "'",
                    NodeNames(ctx));
        continue;
      }
      if (flat && !Allowed(ctx, it->second, flat->members, TypeKind::kNode)) {
        ctx.diags.Report(Code::N510, m.location,
                         "'" + m.text + "' is not of a node type that group type '" + type->name +
                             "' accepts as a member");
      }
    }
    if (flat == nullptr) continue;
    Scope scope;
    ctx.values->CheckAssignments(g.properties, flat->properties, scope, g.name, "property", *type,
                                 true);
  }
}

void CheckPolicies(Context& ctx, const ir::TopologyTemplate& t) {
  std::set<std::string> seen;
  for (const ir::PolicyTemplate& p : t.policies) {
    if (!seen.insert(p.name.text).second) {
      ctx.diags.Report(Code::S107, p.name.location,
                       "policy '" + p.name.text + "' is defined twice");
    }
    const TypeInfo* type = ctx.RequireType(TypeKind::kPolicy, p.type);
    const types::Flat* flat = type && !type->poisoned ? &ctx.types.Flatten(*type) : nullptr;
    for (const Name& target : p.targets) {
      auto node = ctx.node_types.find(target.text);
      bool group = ctx.groups.count(target.text) > 0;
      if (node == ctx.node_types.end() && !group) {
        std::vector<std::string_view> names = NodeNames(ctx);
        for (const auto& [n, g] : ctx.groups) names.push_back(n);
        UnknownName(
            ctx, Code::N507, target,
            "unknown node template or group '" + target.text + "' in policy '" + p.name.text + "'",
            names);
        continue;
      }
      if (flat == nullptr || flat->targets.empty()) continue;
      const TypeInfo* ttype = nullptr;
      TypeKind kind = TypeKind::kNode;
      if (group) {
        ttype = ctx.types.Find(TypeKind::kGroup, ctx.groups[target.text]->type.text, ctx.prefix);
        kind = TypeKind::kGroup;
      } else {
        ttype = node->second;
      }
      if (!Allowed(ctx, ttype, flat->targets, kind)) {
        ctx.diags.Report(Code::N510, target.location,
                         "'" + target.text + "' is not of a type that policy type '" + type->name +
                             "' accepts as a target");
      }
    }
    if (flat == nullptr) continue;
    Scope scope;
    ctx.values->CheckAssignments(p.properties, flat->properties, scope, p.name, "property", *type,
                                 true);
  }
}

// [node template, capability or requirement name]
void CheckMappingPair(Context& ctx, const ir::Assignment& a, bool capability) {
  const Node* v = a.value;
  if (v == nullptr || !v->IsSequence() || v->items().size() != 2 || !v->items()[0]->IsScalar() ||
      !v->items()[1]->IsScalar()) {
    ctx.diags.Report(Code::N508, a.name.location,
                     "expected [ node template, " +
                         std::string(capability ? "capability" : "requirement") +
                         " name ] for mapping '" + a.name.text + "'");
    return;
  }
  const Node& node = *v->items()[0];
  auto it = ctx.node_types.find(node.value());
  if (it == ctx.node_types.end()) {
    UnknownName(ctx, Code::N508, Name{std::string(node.value()), node.location},
                "unknown node template '" + std::string(node.value()) + "' in substitution mapping",
                NodeNames(ctx));
    return;
  }
  if (it->second == nullptr || it->second->poisoned) return;
  const types::Flat& flat = ctx.types.Flatten(*it->second);
  const std::string& name = std::string(v->items()[1]->value());
  bool found = capability ? types::FindByName(flat.capabilities, name) != nullptr
                          : types::FindByName(flat.requirements, name) != nullptr;
  if (found) return;
  ctx.diags.Report(Code::N508, v->items()[1]->location,
                   "'" + name + "' is not a " + (capability ? "capability" : "requirement") +
                       " of node template '" + std::string(node.value()) + "'");
}

void CheckSubstitution(Context& ctx, const ir::SubstitutionMappings& s) {
  ctx.RequireType(TypeKind::kNode, s.node_type);
  for (const auto& a : s.capabilities) CheckMappingPair(ctx, a, true);
  for (const auto& a : s.requirements) CheckMappingPair(ctx, a, false);
  for (const auto& a : s.properties) {
    const Node* v = a.value;
    if (v == nullptr || !v->IsSequence() || v->items().size() != 1 || !v->items()[0]->IsScalar()) {
      continue;  // a value, or a [node, property] pair (deprecated in 1.3)
    }
    if (!ctx.inputs.count(v->items()[0]->value())) {
      ctx.diags.Report(
          Code::N508, v->items()[0]->location,
          "unknown input '" + std::string(v->items()[0]->value()) + "' in substitution mapping");
    }
  }
}

// "Interface.operation" of a call_operation activity, on the step's target node.
void CheckCallOperation(Context& ctx, const ir::WorkflowStep& s, const Node& op) {
  std::string text = op.IsScalar() ? std::string(op.value()) : "";
  std::size_t dot = text.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size()) {
    ctx.diags.Report(Code::N509, op.location,
                     "expected 'interface.operation' in call_operation, got " + values::Found(op));
    return;
  }
  auto it = ctx.node_types.find(s.target.text);
  if (it == ctx.node_types.end() || it->second == nullptr || it->second->poisoned) return;
  const types::Flat& flat = ctx.types.Flatten(*it->second);
  const ir::InterfaceDef* iface = types::FindByName(flat.interfaces, text.substr(0, dot));
  const TypeInfo* itype =
      iface ? ctx.types.Find(TypeKind::kInterface, iface->type.text, ctx.prefix) : nullptr;
  std::string op_name = text.substr(dot + 1);
  if (iface != nullptr && (itype == nullptr || itype->poisoned ||
                           types::FindByName(ctx.types.Flatten(*itype).operations, op_name) ||
                           types::FindByName(iface->operations, op_name))) {
    return;
  }
  ctx.diags.Report(Code::N509, op.location,
                   "'" + text + "' is not an operation of '" + s.target.text + "'");
}

void CheckActivities(Context& ctx, const ir::WorkflowStep& s) {
  if (s.activities == nullptr || !s.activities->IsSequence()) return;
  for (const Node* a : s.activities->items()) {
    if (!a->IsMap() || a->entries().size() != 1 || !a->entries()[0].key->IsScalar()) {
      ctx.diags.Report(
          Code::N509, a->location,
          "expected an activity such as '- set_state: started', got " + values::Found(*a));
      continue;
    }
    const std::string& kind = std::string(a->entries()[0].key->value());
    const Node& arg = *a->entries()[0].value;
    if (kind == "call_operation") {
      const Node* op = arg.IsMap() ? arg.Find("operation") : &arg;
      if (op == nullptr) {
        ctx.diags.Report(Code::N509, arg.location, "call_operation needs an 'operation'");
      } else {
        CheckCallOperation(ctx, s, *op);
      }
      continue;
    }
    if (kind == "set_state" || kind == "delegate" || kind == "inline") continue;
    auto& d = ctx.diags.Report(Code::N509, a->entries()[0].key->location,
                               "unknown activity '" + kind + "'");
    std::string near = util::Suggest(kind, {"call_operation", "set_state", "delegate", "inline"});
    d.AddNote(near.empty() ? std::string("activities are call_operation, set_state, delegate "
                                         "and inline")
                           : "did you mean '" + near + "'?");
  }
}

void CheckWorkflows(Context& ctx, const ir::TopologyTemplate& t) {
  for (const ir::Workflow& w : t.workflows) {
    std::set<std::string> steps;
    for (const auto& s : w.steps) steps.insert(s.name.text);
    for (const ir::WorkflowStep& s : w.steps) {
      CheckActivities(ctx, s);
      if (!s.target.Empty() && !ctx.node_types.count(s.target.text) &&
          !ctx.groups.count(s.target.text)) {
        UnknownName(ctx, Code::N509, s.target,
                    "unknown node template or group '" + s.target.text +
                        "' as the target of step '" + s.name.text + "'",
                    NodeNames(ctx));
      }
      for (const auto* list : {&s.on_success, &s.on_failure}) {
        for (const Name& next : *list) {
          if (steps.count(next.text)) continue;
          std::vector<std::string_view> names(steps.begin(), steps.end());
          UnknownName(ctx, Code::N509, next,
                      "unknown step '" + next.text + "' in workflow '" + w.name.text + "'", names);
        }
      }
    }
  }
}

}  // namespace

void CheckTopologyExtras(Context& ctx, const ir::TopologyTemplate& t) {
  CheckGroups(ctx, t);
  CheckPolicies(ctx, t);
  if (t.substitution_mappings) CheckSubstitution(ctx, *t.substitution_mappings);
  CheckWorkflows(ctx, t);
}

}  // namespace toscac::check
