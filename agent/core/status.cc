#include "core/status.h"

#include <algorithm>

#include "core/keys.h"

namespace toscac::agent {

namespace {
Json Parse(const std::string& text) {
  Json v = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  return v.is_discarded() ? Json(text) : v;
}

NodeStatus& NodeOf(DeploymentStatus& d, const std::string& node) {
  for (NodeStatus& n : d.nodes) {
    if (n.node == node) return n;
  }
  d.nodes.push_back(NodeStatus{});
  d.nodes.back().node = node;
  return d.nodes.back();
}

void ApplyNodeKey(DeploymentStatus& d, const KeyParts& parts, const std::string& value) {
  NodeStatus& n = NodeOf(d, parts.node);
  if (parts.leaf == "state") n.state = value;
  if (parts.leaf == "activity") n.activity = Parse(value);
  if (parts.leaf == "error") n.error = Parse(value);
  if (parts.leaf == "agent") n.agent = Parse(value);
  const std::string attrs = "attributes/";
  if (parts.leaf.compare(0, attrs.size(), attrs) == 0) {
    n.attributes[parts.leaf.substr(attrs.size())] = Parse(value);
  }
}
}  // namespace

bool NodeStatus::lost() const {
  return agent.is_null() && state != "absent" && state != "initial" && state != "deleted";
}

const NodeStatus* DeploymentStatus::Find(const std::string& node) const {
  for (const NodeStatus& n : nodes) {
    if (n.node == node) return &n;
  }
  return nullptr;
}

bool DeploymentStatus::AllIn(const std::string& state) const {
  return std::all_of(nodes.begin(), nodes.end(),
                     [&](const NodeStatus& n) { return n.state == state; });
}

std::vector<DeploymentStatus> StatusFromKeys(const std::map<std::string, std::string>& kvs) {
  std::map<std::string, DeploymentStatus> by_name;
  for (const auto& [key, value] : kvs) {
    KeyParts parts;
    if (!SplitKey(key, parts)) continue;
    DeploymentStatus& d = by_name[parts.deployment];
    d.name = parts.deployment;
    if (!parts.node.empty()) {
      ApplyNodeKey(d, parts, value);
      continue;
    }
    if (parts.leaf == "deployment") d.record = Parse(value);
    if (parts.leaf == "desired") d.desired = value;
  }
  std::vector<DeploymentStatus> out;
  for (auto& [name, d] : by_name) {
    if (d.record.is_object() && d.record["nodes"].is_array()) {
      for (const Json& n : d.record["nodes"]) {
        if (n.is_string()) NodeOf(d, n.get<std::string>());
      }
    }
    std::sort(d.nodes.begin(), d.nodes.end(),
              [](const NodeStatus& a, const NodeStatus& b) { return a.node < b.node; });
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<DeploymentStatus> ReadStatus(store::Store& store) {
  std::map<std::string, std::string> kvs;
  for (const store::KeyValue& kv : store.Range(std::string(kRoot)).kvs) kvs[kv.key] = kv.value;
  return StatusFromKeys(kvs);
}

std::optional<DeploymentStatus> ReadDeployment(store::Store& store, const std::string& name) {
  std::map<std::string, std::string> kvs;
  for (const store::KeyValue& kv : store.Range(DeploymentPrefix(name)).kvs) {
    kvs[kv.key] = kv.value;
  }
  auto all = StatusFromKeys(kvs);
  if (all.empty()) return std::nullopt;
  return all.front();
}

Json StatusJson(const DeploymentStatus& d) {
  Json nodes = Json::array();
  for (const NodeStatus& n : d.nodes) {
    nodes.push_back({{"node", n.node},
                     {"state", n.state},
                     {"activity", n.activity},
                     {"attributes", n.attributes},
                     {"error", n.error},
                     {"agent", n.agent},
                     {"lost", n.lost()}});
  }
  return {{"deployment", d.name}, {"desired", d.desired}, {"nodes", nodes}};
}

}  // namespace toscac::agent
