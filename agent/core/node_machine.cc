#include "core/node_machine.h"

#include "core/keys.h"
#include "core/node_run.h"
#include "core/values.h"

namespace toscac::agent {

namespace {
using std::chrono::duration_cast;
using std::chrono::milliseconds;

}  // namespace

NodeMachine::NodeMachine(Manifest manifest, Context& context)
    : manifest_(std::move(manifest)),
      context_(context),
      plan_(BuildPlan(manifest_)),
      settings_key_(SettingsKey(context_.deployment(), manifest_.Template())) {}

NodeMachine::~NodeMachine() = default;

std::string NodeMachine::Key(const std::string& leaf) const {
  return NodeKey(context_.deployment(), manifest_.node, leaf);
}

const NodeMachine::PeerKeys& NodeMachine::Peer(const std::string& node) const {
  auto it = peer_keys_.find(node);
  if (it == peer_keys_.end()) {
    const std::string& dep = context_.deployment();
    it =
        peer_keys_.emplace(node, PeerKeys{NodeKey(dep, node, "state"), NodeKey(dep, node, "agent")})
            .first;
  }
  return it->second;
}

void NodeMachine::Publish() {
  context_.PutIfAbsent(Key("state"), "initial");
  if (const std::string* s = context_.Get(Key("state"))) state_ = *s;
  LoadApplied();
  const std::string& dep = context_.deployment();
  const std::string& node = manifest_.node;
  context_.PutIfAbsent(AttributeKey(dep, node, "tosca_name"), Json(node).dump());
  context_.PutIfAbsent(AttributeKey(dep, node, "tosca_id"), Json(dep + "/" + node).dump());
  for (const auto& [name, value] : manifest_.attributes.items()) {
    if (name == "state" || IsReference(value)) continue;
    context_.PutIfAbsent(AttributeKey(dep, node, name), value.dump());
  }
  // Locally the agent stands in for the provider: a Compute node is this host.
  if (manifest_.IsA("tosca.nodes.Compute")) {
    for (const char* a : {"private_address", "public_address"}) {
      context_.PutIfAbsent(AttributeKey(dep, node, a), Json(context_.options().address).dump());
    }
  }
}

void NodeMachine::SetState(const std::string& state) {
  if (state_ == state) return;
  state_ = state;
  context_.Put(Key("state"), state);
}

void NodeMachine::SetStatePassing(const std::string& state) {
  if (state_ == state) return;
  state_ = state;
  context_.PutPassing(Key("state"), state);
}

bool NodeMachine::Tick(Clock::time_point now) {
  bool progressed = false;
  // Before anything else, even while a step runs: each batch of events is noted only in the
  // ticks that follow it, and a dependency's short trip (a heal: creating ... started) would
  // otherwise go unlogged when it falls within one of this node's steps.
  NoteDependencies();
  if (run_) {
    progressed = Advance(now);
    if (run_) return progressed;
  }
  Elect();
  progressed |= FollowDesired();
  if (now < retry_at_) return progressed;
  switch (mode_) {
    case Mode::kUp:
      return TickUp(now) || progressed;
    case Mode::kStarted:
      return TickStarted(now) || progressed;
    case Mode::kDown:
      return TickDown(now) || progressed;
    case Mode::kFailed:
      return TickRequests(now) || progressed;
    case Mode::kFinished:
      break;
  }
  return progressed;
}

// Logs every change of state of the nodes this one waits for: dependants see a healing
// node go down and up again.
void NodeMachine::NoteDependencies() {
  const Snapshot& snapshot = context_.snapshot();
  auto note = [&](const std::string& node, const std::string& state) {
    auto [it, inserted] = dependencies_.try_emplace(node, state);
    if (inserted || it->second == state) return;
    context_.log().Note(manifest_.node,
                        "dependency '" + node + "' " + state + " (was " + it->second + ")");
    it->second = state;
  };
  // Every state a dependency went through since the last batch, in order, then where it is.
  if (snapshot.batch() != seen_batch_) {
    seen_batch_ = snapshot.batch();
    for (const auto& [key, value] : snapshot.recent()) {
      for (const Wait& w : manifest_.wait_for) {
        const PeerKeys& peer = Peer(w.node);
        if (key == peer.state) note(w.node, value.empty() ? "absent" : value);
        if (key == peer.agent) note(w.node, PeerState(w.node));
      }
    }
  }
  for (const Wait& w : manifest_.wait_for) {
    note(w.node, PeerState(w.node));
  }
}

// Another node's state as this one must see it: `lost` while nothing holds it (its agent
// died, or its host is gone) in a state where something should (neither initial nor deleted).
std::string NodeMachine::PeerState(const std::string& node) const {
  const PeerKeys& peer = Peer(node);
  const std::string* s = context_.Get(peer.state);
  if (!s) return "absent";
  if (*s == "initial" || *s == "deleted") return *s;
  if (!context_.Get(peer.agent)) return "lost";
  return *s;
}

bool NodeMachine::FollowDesired() {
  bool down = context_.Desired() == "down";
  // The direction, not the mode: a node that failed on its way down stays down (and failed)
  // instead of starting its teardown over.
  if (down == down_) return false;
  down_ = down;
  next_ = 0;
  failures_ = 0;
  verifying_ = false;
  retry_at_ = {};
  waiting_for_.clear();
  // Success records of the other direction no longer say anything: after a teardown,
  // "created" must be earned again, and the other way round.
  const std::vector<Item>& stale = down ? plan_.up : plan_.down;
  for (const Item& item : stale) context_.Delete(Key("done/" + item.key));
  if (!down) {
    mode_ = Mode::kUp;
    return true;
  }
  for (const Item& item : plan_.reactions) context_.Delete(Key("done/" + item.key));
  mode_ = Mode::kDown;
  if (state_ == "initial" || state_ == "deleted") {
    // Nothing was ever done here: nothing to undo.
    SetState("deleted");
    mode_ = Mode::kFinished;
    context_.log().Transition(manifest_.node, "teardown", "deleted", milliseconds(0),
                              "(nothing to undo)");
  }
  return true;
}

bool NodeMachine::TickUp(Clock::time_point now) {
  if (next_ < plan_.up.size()) {
    const Item& item = plan_.up[next_];
    if (!GateHolds(item)) return false;
    return Begin(item, "", now);
  }
  mode_ = Mode::kStarted;
  verifying_ = false;
  next_heal_ = now + context_.options().heal_interval;
  if (state_ != "started") {
    SetState("started");
    context_.log().Transition(manifest_.node, "node", "started", milliseconds(0));
  }
  PublishGeneration();
  return true;
}

std::string NodeMachine::PeerFingerprint(const std::string& node) const {
  const std::string prefix = NodePrefix(context_.deployment(), node);
  std::string fp;
  fp = PeerState(node);
  const std::string attrs = prefix + "attributes/";
  const auto& kvs = context_.snapshot().kvs();
  for (auto it = kvs.lower_bound(attrs);
       it != kvs.end() && it->first.compare(0, attrs.size(), attrs) == 0; ++it) {
    fp += "\n" + it->first.substr(attrs.size()) + "=" + it->second;
  }
  return fp;
}

// Reactions: on the way up every kind; on the way down only remove_source, which runs when
// the source arrives at stopped, before this node's own teardown may begin.
bool NodeMachine::TickReactions(Clock::time_point now, bool down) {
  for (const Item& item : plan_.reactions) {
    if (down && item.op->when != "on:source_stopped") continue;
    const std::string& peer = item.op->peer;
    std::string& handled = reacted_[item.key];
    std::string fp;
    if (item.op->when == "on:target_changed") {
      fp = PeerFingerprint(peer);
    } else {
      // add_source / remove_source: once each time the source arrives at started / stopped.
      const std::string* s = context_.Get(Peer(peer).state);
      fp = s ? *s : "absent";
      // remove_source: once per teardown, when the source is stopped or further on (the
      // source may be deleting before this agent looks).
      if (item.op->when == "on:source_stopped" && DownRank(fp) >= DownRank("stopped")) {
        fp = "stopped";
      }
      std::string want = item.op->when == "on:source_started" ? "started" : "stopped";
      if (handled != fp && fp != want) handled = fp;
    }
    if (handled == fp) continue;
    if (Begin(item, fp, now)) {
      if (run_) {
        run_->reaction_key = item.key;
        run_->fingerprint = fp;
      } else {
        handled = fp;
      }
      return true;
    }
    return false;
  }
  return false;
}

bool NodeMachine::TickStarted(Clock::time_point now) {
  if (TickReactions(now, /*down=*/false)) return true;
  if (TickRequests(now)) return true;
  if (TickUpdate()) return true;
  if (now < next_heal_) return false;
  mode_ = Mode::kUp;
  next_ = 0;
  verifying_ = true;
  return true;
}

bool NodeMachine::TickDown(Clock::time_point now) {
  if (TickReactions(now, /*down=*/true)) return true;
  if (next_ < plan_.down.size()) {
    const Item& item = plan_.down[next_];
    if (!GateHolds(item)) return false;
    return Begin(item, "", now);
  }
  context_.DeletePrefix(Key("done/"));
  context_.Delete(Key("activity"));
  SetState("deleted");
  mode_ = Mode::kFinished;
  return true;
}

bool NodeMachine::Waiting(const std::string& what) {
  if (waiting_for_ != what) {
    waiting_for_ = what;
    context_.log().Note(manifest_.node, "waiting for " + what);
  }
  return false;
}

bool NodeMachine::GateHolds(const Item& item) {
  if (item.gate == Gate::kStop) {
    for (const Wait& w : manifest_.teardown_wait_for) {
      const std::string* s = context_.Get(Peer(w.node).state);
      // A node that never started has nothing to tear down.
      if (!s || *s == "initial") continue;
      if (DownRank(*s) < DownRank(w.state)) {
        return Waiting("'" + w.node + "' to be " + w.state + " (it is " + *s + ")");
      }
    }
    return true;
  }
  if (item.gate == Gate::kNone) return true;
  for (const Wait& w : manifest_.wait_for) {
    if (item.gate == Gate::kCreate && w.before != "create") continue;
    std::string state = PeerState(w.node);
    if (state == w.state) continue;
    return Waiting("'" + w.node + "' to be " + w.state + " (it is " + state + ")");
  }
  return true;
}

void NodeMachine::Abort() {
  if (run_ && run_->process) run_->process->Kill();
  run_.reset();
}

}  // namespace toscac::agent
