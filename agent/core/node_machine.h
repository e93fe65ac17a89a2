// One node's part of the dance. Level-triggered: every Tick looks at what the snapshot says
// now (the desired direction, the states of the nodes it waits for, its peers' attributes)
// and does the next thing, so an event coalesced or seen late changes nothing.
//
// Up: for each item of the plan, in order, once its waits hold and its inputs resolve:
// run the check; if it passes the item is done; otherwise publish "<step>ing", run `do`, then
// the check again. Without a check, a success recorded for the same inputs counts as done.
// When every item is done the node is `started`; from then on it re-verifies the plan every
// heal interval (a failing check re-runs from there) and runs its reactions.
// Down: once every node that needs it has gone far enough, remove_target, stop, delete.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/context.h"
#include "core/manifest.h"
#include "core/plan.h"

namespace toscac::agent {

class NodeMachine {
 public:
  NodeMachine(Manifest manifest, Context& context);
  ~NodeMachine();
  NodeMachine(const NodeMachine&) = delete;
  NodeMachine& operator=(const NodeMachine&) = delete;

  // Publishes the node's starting values (create-if-absent: a restart keeps what earlier
  // runs published; buffered, as every write: the agent flushes) and reads its state back.
  void Publish();
  // Does what can be done now without blocking; returns true when something changed (a
  // process started or ended, a state was published), so the caller ticks again.
  bool Tick(Clock::time_point now);
  bool busy() const { return run_ != nullptr; }
  // Torn down after `down`: nothing left to do.
  bool finished() const { return mode_ == Mode::kFinished; }
  bool failed() const { return mode_ == Mode::kFailed; }
  const std::string& name() const { return manifest_.node; }
  const std::string& state() const { return state_; }
  // Stops a running process (agent shutdown); the store keeps the state as it was.
  void Abort();

 private:
  enum class Mode { kUp, kStarted, kFailed, kDown, kFinished };
  enum class Phase { kCheckBefore, kDo, kCheckAfter };
  struct Run;

  bool TickUp(Clock::time_point now);
  bool TickStarted(Clock::time_point now);
  bool TickDown(Clock::time_point now);
  bool TickReactions(Clock::time_point now, bool down);
  bool FollowDesired();
  void NoteDependencies();
  bool Advance(Clock::time_point now);
  bool Begin(const Item& item, const std::string& extra, Clock::time_point now,
             const std::string& request_key = "");
  bool GateHolds(const Item& item);
  bool Waiting(const std::string& what);
  void StartDo(Clock::time_point now);
  bool StartProcess(const Action& action, Phase phase, Clock::time_point now);
  void Complete(Clock::time_point now);
  void Fail(const std::string& message, const std::string& output, Clock::time_point now);
  void PublishOutputs();
  void SetState(const std::string& state);
  // A state held while nothing runs: replaced before the next flush, it never reaches the
  // store (Context::PutPassing).
  void SetStatePassing(const std::string& state);
  std::string Key(const std::string& leaf) const;
  // Another node's keys, built once: every tick reads its dependencies' states.
  struct PeerKeys {
    std::string state, agent;
  };
  const PeerKeys& Peer(const std::string& node) const;
  std::string PeerFingerprint(const std::string& node) const;
  std::string PeerState(const std::string& node) const;
  std::vector<std::pair<std::string, std::string>> BaseEnv(const Item& item) const;
  bool TickRequests(Clock::time_point now);
  // node_update.cc
  Json WantedSettings() const;
  void LoadApplied();
  void PublishGeneration();
  void ApplySettings(const Action& action,
                     std::vector<std::pair<std::string, std::string>>& env) const;
  std::string Leader() const;
  void Elect();
  bool TickUpdate();

  Manifest manifest_;
  Context& context_;
  Plan plan_;
  Mode mode_ = Mode::kUp;
  bool down_ = false;  // the direction: toward deleted
  std::string state_ = "initial";
  size_t next_ = 0;         // next item of the current plan
  bool verifying_ = false;  // re-checking a started node (healing)
  int failures_ = 0;        // of the current item
  Clock::time_point retry_at_{};
  Clock::time_point next_heal_{};
  std::string waiting_for_;  // logged once per distinct reason
  std::unique_ptr<Run> run_;
  std::map<std::string, std::string> reacted_;       // reaction key -> peer fingerprint handled
  std::map<std::string, std::string> dependencies_;  // node -> last state seen
  uint64_t seen_batch_ = 0;                          // the snapshot's batch noted last
  std::vector<Operation> requested_;                 // operations run on request
  Json applied_;              // the settings {generation, properties} the node runs with
  std::string leader_seen_;   // logged once per change
  std::string settings_key_;  // settings/<template>
  mutable std::map<std::string, PeerKeys, std::less<>> peer_keys_;
};

}  // namespace toscac::agent
