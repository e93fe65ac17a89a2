#include "core/agent.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <thread>

#include "core/keys.h"

namespace toscac::agent {

namespace {
using std::chrono::milliseconds;

// Whether a process of this host still runs: a stale claim of a SIGKILLed agent is taken
// over at once instead of after its lease's TTL.
bool Alive(const Json& claim, const std::string& host) {
  if (!claim.is_object() || claim.value("host", "") != host || !claim["pid"].is_number()) {
    return true;
  }
  pid_t pid = claim["pid"].get<pid_t>();
  if (pid <= 0) return true;
  return kill(pid, 0) == 0 || errno != ESRCH;
}
// How many of this agent's nodes stand before the node on its longest wait_for path.
int Depth(const std::string& node, const std::map<std::string, const Manifest*>& by_name,
          std::map<std::string, int>& depths) {
  auto [it, inserted] = depths.try_emplace(node, 0);
  if (!inserted) return it->second;  // known, or on the path being measured (a cycle)
  int depth = 0;
  auto m = by_name.find(node);
  if (m != by_name.end()) {
    for (const Wait& w : m->second->wait_for) {
      if (by_name.count(w.node) != 0) depth = std::max(depth, 1 + Depth(w.node, by_name, depths));
    }
  }
  depths[node] = depth;
  return depth;
}

// Dependencies before their dependants: one pass over the nodes then carries a chain of them
// as far as it goes, each node seeing the state its predecessor just reached.
std::vector<Manifest> InWaitOrder(std::vector<Manifest> manifests) {
  std::map<std::string, const Manifest*> by_name;
  for (const Manifest& m : manifests) by_name[m.node] = &m;
  std::map<std::string, int> depths;
  for (const Manifest& m : manifests) Depth(m.node, by_name, depths);
  std::stable_sort(manifests.begin(), manifests.end(), [&](const Manifest& a, const Manifest& b) {
    return depths[a.node] < depths[b.node];
  });
  return manifests;
}
}  // namespace

Agent::Agent(Context& context, std::vector<Manifest> manifests)
    : context_(context), manifests_(InWaitOrder(std::move(manifests))) {}

// One agent per node at a time: each node's `agent` key is created on this agent's lease.
// A key held by a live agent is waited for; one whose agent is gone is taken over.
bool Agent::Claim(const std::atomic<bool>& stop) {
  if (lease_ != 0) old_leases_.insert(lease_);
  lease_ = context_.store().GrantLease(context_.options().lease_ttl);
  context_.set_lease(lease_);
  std::string me =
      Json{{"pid", static_cast<int64_t>(getpid())}, {"host", context_.options().host}}.dump();
  std::string waiting;
  for (NodeMachine* m : ClaimFree(me)) {
    std::string key = NodeKey(context_.deployment(), m->name(), "agent");
    while (!stop) {
      if (context_.store().CompareAndSwap(key, 0, me, lease_)) break;
      auto held = context_.store().Get(key);
      if (!held) continue;
      Json claim = Json::parse(held->value, nullptr, false);
      // This agent claimed it before, on a lease it gave up when it started again after a
      // store error; or the agent holding it is gone: take it over.
      bool mine = held->lease != 0 && old_leases_.count(held->lease) != 0;
      if ((mine || !Alive(claim, context_.options().host)) &&
          context_.store().CompareAndSwap(key, held->mod_revision, me, lease_)) {
        break;
      }
      if (waiting != m->name()) {
        waiting = m->name();
        context_.log().Note(m->name(), "waiting for the agent holding it (" + held->value +
                                           ") to stop or its lease to expire");
      }
      std::this_thread::sleep_for(milliseconds(200));
      context_.store().KeepAlive(lease_);
    }
  }
  return !stop;
}

// The nodes no agent holds, claimed in one transaction per Store::kMaxCommitWrites nodes
// instead of one round trip each; returns the others (held, or held until just now).
std::vector<NodeMachine*> Agent::ClaimFree(const std::string& me) {
  std::vector<NodeMachine*> held;
  const size_t most = store::Store::kMaxCommitWrites;
  for (size_t begin = 0; begin < machines_.size(); begin += most) {
    size_t end = std::min(machines_.size(), begin + most);
    std::vector<store::Write> claims;
    for (size_t i = begin; i < end; ++i) {
      claims.push_back({.key = NodeKey(context_.deployment(), machines_[i]->name(), "agent"),
                        .value = me,
                        .lease = lease_,
                        .if_absent = true});
    }
    std::vector<int64_t> revisions = context_.store().Commit(claims);
    for (size_t i = begin; i < end; ++i) {
      if (revisions.at(i - begin) == 0) held.push_back(machines_[i].get());
    }
  }
  return held;
}

void Agent::StartKeeper() {
  keeper_stop_ = false;
  lease_lost_ = false;
  keeper_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(keeper_mutex_);
    while (!keeper_cv_.wait_for(lock, context_.options().lease_ttl / 3,
                                [this] { return keeper_stop_; })) {
      try {
        if (context_.store().KeepAlive(lease_)) continue;
        lease_lost_ = true;
        return;
      } catch (const store::StoreError&) {
        // The store is away: try again at the next beat; the lease may still be alive.
      }
    }
  });
}

void Agent::StopKeeper() {
  if (!keeper_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(keeper_mutex_);
    keeper_stop_ = true;
  }
  keeper_cv_.notify_all();
  keeper_.join();
}

bool Agent::Begin(const std::atomic<bool>& stop) {
  for (auto& m : machines_) m->Abort();
  machines_.clear();
  for (const Manifest& m : manifests_) {
    machines_.push_back(std::make_unique<NodeMachine>(m, context_));
  }
  if (!Claim(stop)) return false;
  // Read only once the nodes are ours: claiming may wait for a previous agent, whose last
  // states must be what this one starts from.
  context_.snapshot().Reset(context_.store().Range(context_.snapshot().prefix()));
  for (auto& m : machines_) m->Publish();
  context_.Flush();
  StartKeeper();
  return true;
}

int Agent::Run(const std::atomic<bool>& stop) {
  auto pause = milliseconds(50);
  // The store may be away as the agent starts (an etcd member restarting, an election under
  // way): wait for it, as the loop below does once running.
  for (;;) {
    try {
      if (!Begin(stop)) return Release() ? 0 : 1;
      break;
    } catch (const store::StoreError& e) {
      context_.log().Note("-", std::string("store error, starting again: ") + e.what());
      if (stop) return 1;
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, milliseconds(5000));
    }
  }
  pause = milliseconds(50);
  bool seen_desired = false;
  const std::string desired_key = DeploymentPrefix(context_.deployment()) + "desired";
  if (context_.options().require_desired && context_.Get(desired_key) == nullptr) {
    context_.log().Note("-", "the deployment is not in the store (no 'desired' key): stopping");
    StopKeeper();
    return Release() ? 0 : 1;
  }
  while (!stop) {
    try {
      if (lease_lost_) {
        // Expired (the machine slept, the store was away): another agent may have played
        // the nodes since. Start over from what the store says, once they are ours again.
        context_.log().Note("-", "lease expired: claiming the nodes again");
        StopKeeper();
        if (!Begin(stop)) break;
      }
      bool busy = false;
      for (int round = 0; round < 64; ++round) {
        bool progressed = false;
        for (auto& m : machines_) progressed |= TickAll(*m);
        if (!progressed) break;
      }
      // The writes of these rounds, together: before deciding to stop, and before waiting.
      context_.Flush();
      bool finished = true;
      for (auto& m : machines_) {
        busy |= m->busy();
        finished &= m->finished();
      }
      if (finished && context_.Desired() == "down") break;
      // `toscac down` removes the deployment's keys when it is over: nothing left to play.
      bool has_desired = context_.Get(desired_key) != nullptr;
      if (seen_desired && !has_desired) {
        context_.log().Note("-", "the deployment was removed from the store: stopping");
        break;
      }
      seen_desired |= has_desired;
      // Wait for news from the store; with steps running, come back soon to poll them.
      int relists = context_.snapshot().relists();
      context_.snapshot().Sync(context_.store(), busy ? milliseconds(10) : milliseconds(100));
      if (context_.snapshot().relists() != relists) {
        context_.log().Note("-", "the store compacted the revisions being watched: re-listed");
      }
      pause = milliseconds(50);
    } catch (const store::StoreError& e) {
      context_.log().Note("-", std::string("store error: ") + e.what());
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, milliseconds(5000));
    }
  }
  context_.Flush();  // every way out of the loop flushed already: a safety net
  StopKeeper();
  for (auto& m : machines_) m->Abort();
  return Release() ? 0 : 1;
}

// A node goes as far as it can before the next one looks: a step with nothing to run is
// done at once, and the next step may follow in the same pass. Bounded, as a machine that
// keeps finding work must not starve the others. The states it holds on the way while nothing
// runs are passing (Context::PutPassing): only the last reaches the store, so a chain of
// no-op nodes is one pass and a commit per 64 nodes, on every store.
bool Agent::TickAll(NodeMachine& machine) {
  constexpr int kMostSteps = 16;
  bool progressed = false;
  for (int step = 0; step < kMostSteps && machine.Tick(Clock::now()); ++step) progressed = true;
  return progressed;
}

bool Agent::Release() {
  try {
    context_.store().RevokeLease(lease_);
    return true;
  } catch (const store::StoreError& e) {
    context_.log().Note("-", std::string("cannot release the lease: ") + e.what());
    return false;
  }
}

}  // namespace toscac::agent
