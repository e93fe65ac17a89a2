// Instances and settings: the leader election among a template's instances, and rolling
// updates of the properties `toscac set` changes (docs/agent.md, "Instances").
//
// Settings are {generation, properties} under settings/<template>. A node applies them by
// running its plan again with the new values: a step whose check fails with them, or whose
// success record was for other inputs, runs again. Instance i applies a generation only once
// every instance before it has applied it and is started again: one at a time, in index order,
// each waiting for the previous one's checks to pass.
#include "core/keys.h"
#include "core/node_machine.h"
#include "core/values.h"

namespace toscac::agent {

namespace {
Json Parse(const std::string* text) {
  if (text == nullptr) return nullptr;
  Json j = Json::parse(*text, nullptr, false);
  if (!j.is_object() || !j["generation"].is_number_integer() || !j["properties"].is_object()) {
    return nullptr;
  }
  return j;
}

int64_t Generation(const Json& settings) {
  return settings.is_object() ? settings["generation"].get<int64_t>() : 0;
}
}  // namespace

Json NodeMachine::WantedSettings() const {
  Json s = Parse(context_.Get(settings_key_));
  return s.is_null() ? Json{{"generation", 0}, {"properties", Json::object()}} : s;
}

void NodeMachine::LoadApplied() {
  Json applied = Parse(context_.Get(Key("generation")));
  if (!applied.is_null()) {
    applied_ = applied;
    return;
  }
  // No record: a node that never ran starts from what is wanted now; one that ran did so with
  // the compiled values, and waits for its turn like the others.
  bool fresh = state_ == "initial" || state_ == "deleted";
  applied_ = fresh ? WantedSettings() : Json{{"generation", 0}, {"properties", Json::object()}};
}

void NodeMachine::PublishGeneration() {
  const std::string text = applied_.dump();
  const std::string* stored = context_.Get(Key("generation"));
  // Nothing was ever set: nothing to record (one store call less per node).
  if (stored == nullptr && Generation(applied_) == 0) return;
  if (stored == nullptr || *stored != text) context_.Put(Key("generation"), text);
}

void NodeMachine::ApplySettings(const Action& action,
                                std::vector<std::pair<std::string, std::string>>& env) const {
  const Json& properties = applied_["properties"];
  for (const auto& [name, property] : action.env_properties) {
    if (!properties.contains(property)) continue;
    for (auto& [key, value] : env) {
      if (key == name) value = EnvText(properties[property]);
    }
  }
}

std::string NodeMachine::Leader() const {
  if (!manifest_.instance) return manifest_.node;
  const std::string* leader =
      context_.Get(LeaderKey(context_.deployment(), manifest_.instance->of));
  return leader ? *leader : "";
}

// Leader election: the first instance to create the key on its agent's lease leads until its
// agent stops or dies (the lease expires and the key goes); then the others try again.
void NodeMachine::Elect() {
  if (!manifest_.instance) return;
  std::string leader = Leader();
  if (leader.empty() && mode_ != Mode::kFinished && !down_) {
    context_.CreateOnLease(LeaderKey(context_.deployment(), manifest_.instance->of),
                           manifest_.node);
    leader = Leader();
  }
  if (leader == leader_seen_) return;
  leader_seen_ = leader;
  if (!leader.empty()) context_.log().Note(manifest_.node, "leader: " + leader);
}

bool NodeMachine::TickUpdate() {
  // Nothing was ever set (`toscac set`): nothing to apply, and nothing to parse every tick.
  if (context_.Get(settings_key_) == nullptr) return false;
  Json wanted = WantedSettings();
  int64_t generation = Generation(wanted);
  if (generation <= Generation(applied_)) return false;
  if (manifest_.instance) {
    for (int i = 0; i < manifest_.instance->index; ++i) {
      std::string peer = manifest_.instance->of + "[" + std::to_string(i) + "]";
      Json theirs = Parse(context_.Get(NodeKey(context_.deployment(), peer, "generation")));
      std::string state = PeerState(peer);
      if (Generation(theirs) >= generation && state == "started") continue;
      return Waiting("'" + peer + "' to apply settings " + std::to_string(generation) + " (it is " +
                     state + " with settings " + std::to_string(Generation(theirs)) + ")");
    }
  }
  waiting_for_.clear();
  applied_ = std::move(wanted);
  context_.log().Note(manifest_.node, "applying settings " + std::to_string(generation) + ": " +
                                          applied_["properties"].dump());
  mode_ = Mode::kUp;
  next_ = 0;
  verifying_ = false;
  return true;
}

}  // namespace toscac::agent
