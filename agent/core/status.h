// A deployment as the store shows it, for `toscac status`, `up` and `down`: each node's
// state, what it is doing, its attributes, its last error and its agent.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/manifest.h"
#include "store/store.h"

namespace toscac::agent {

struct NodeStatus {
  std::string node;
  std::string state = "absent";  // no state published yet
  Json activity;                 // {step, phase, attempt} or null
  Json attributes = Json::object();
  Json error;  // {step, message, output, attempt} or null
  Json agent;  // {pid, host} while an agent holds the node, else null
  // No agent holds it although it is neither initial nor deleted: its agent or host is gone.
  bool lost() const;
};

struct DeploymentStatus {
  std::string name;
  Json record;  // what `toscac up` wrote: {content_hash, dir, nodes}
  std::string desired = "up";
  std::vector<NodeStatus> nodes;  // by name; every node of the record, even unpublished ones

  const NodeStatus* Find(const std::string& node) const;
  bool AllIn(const std::string& state) const;
};

// Every deployment in the store, by name.
std::vector<DeploymentStatus> ReadStatus(store::Store& store);
std::optional<DeploymentStatus> ReadDeployment(store::Store& store, const std::string& name);
// Builds the view from keys already read (a Range under /toscac/).
std::vector<DeploymentStatus> StatusFromKeys(const std::map<std::string, std::string>& kvs);

Json StatusJson(const DeploymentStatus& d);

}  // namespace toscac::agent
