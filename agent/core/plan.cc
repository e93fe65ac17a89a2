#include "core/plan.h"

#include <array>

namespace toscac::agent {

namespace {
Item StepItem(const Operation& op, Gate gate) {
  Item item;
  item.op = &op;
  item.key = op.name;
  item.label = op.name;
  item.gate = gate;
  // create -> creating/created, stop -> stopping/stopped, ...
  static const std::array<std::array<const char*, 3>, 5> kStates = {{
      {"create", "creating", "created"},
      {"configure", "configuring", "configured"},
      {"start", "starting", "started"},
      {"stop", "stopping", "stopped"},
      {"delete", "deleting", "deleted"},
  }};
  for (const auto& s : kStates) {
    if (op.name != s[0]) continue;
    item.doing = s[1];
    item.done = s[2];
  }
  return item;
}

Item RelationshipItem(const Manifest& m, const Operation& op, size_t index, Gate gate) {
  Item item;
  item.op = &op;
  item.key = "rel-" + std::to_string(index) + "-" + op.name;
  item.label = op.requirement + "." + op.name;
  item.gate = gate;
  item.source = op.source_side ? m.node : op.peer;
  item.target = op.source_side ? op.peer : m.node;
  return item;
}

void AddRelationshipItems(const Manifest& m, const std::string& when, Gate gate,
                          std::vector<Item>& out) {
  for (size_t i = 0; i < m.relationship_operations.size(); ++i) {
    const Operation& op = m.relationship_operations[i];
    if (op.when == when) out.push_back(RelationshipItem(m, op, i, gate));
  }
}
}  // namespace

Plan BuildPlan(const Manifest& m) {
  Plan plan;
  plan.up.push_back(StepItem(m.steps[0], Gate::kCreate));
  AddRelationshipItems(m, "before:configure", Gate::kConfigure, plan.up);
  plan.up.push_back(StepItem(m.steps[1], Gate::kConfigure));
  AddRelationshipItems(m, "after:configure", Gate::kConfigure, plan.up);
  plan.up.push_back(StepItem(m.steps[2], Gate::kConfigure));
  AddRelationshipItems(m, "after:start", Gate::kConfigure, plan.up);

  AddRelationshipItems(m, "before:stop", Gate::kStop, plan.down);
  plan.down.push_back(StepItem(m.teardown[0], Gate::kStop));
  plan.down.push_back(StepItem(m.teardown[1], Gate::kStop));

  for (const char* when : {"on:target_changed", "on:source_started", "on:source_stopped"}) {
    AddRelationshipItems(m, when, Gate::kNone, plan.reactions);
  }
  return plan;
}

int UpRank(const std::string& state) {
  static const char* kOrder[] = {"initial",    "creating", "created", "configuring",
                                 "configured", "starting", "started"};
  for (int i = 0; i < 7; ++i) {
    if (state == kOrder[i]) return i;
  }
  return -1;
}

int DownRank(const std::string& state) {
  static const char* kOrder[] = {"stopping", "stopped", "deleting", "deleted"};
  for (int i = 0; i < 4; ++i) {
    if (state == kOrder[i]) return i + 1;
  }
  return -1;
}

}  // namespace toscac::agent
