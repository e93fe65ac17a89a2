// The order in which one node's operations run, flattened from its manifest: the lifecycle
// steps with the relationship operations woven in where TOSCA's declarative workflow puts
// them (docs/manifest-format.md), for deployment and for teardown; and the reactions.
#pragma once

#include <string>
#include <vector>

#include "core/manifest.h"

namespace toscac::agent {

// The waits an item is subject to.
enum class Gate { kCreate, kConfigure, kStop, kNone };

struct Item {
  const Operation* op = nullptr;
  std::string key;    // unique within the node, safe in a store key: create, rel-0-add_target
  std::string label;  // for people: create, database.add_target
  Gate gate = Gate::kNone;
  std::string doing, done;     // states around a lifecycle step; empty for other items
  std::string source, target;  // relationship items: the two nodes (SOURCE, TARGET)
};

struct Plan {
  std::vector<Item> up;         // create ... start, with their relationship operations
  std::vector<Item> down;       // remove_target ..., stop, delete
  std::vector<Item> reactions;  // on:target_changed, on:source_started, on:source_stopped
};

Plan BuildPlan(const Manifest& manifest);

// Progress order of the states on the way up (initial 0 ... started 6) and down (stopping 1
// ... deleted 4); -1 for a state that is not on that way.
int UpRank(const std::string& state);
int DownRank(const std::string& state);

}  // namespace toscac::agent
