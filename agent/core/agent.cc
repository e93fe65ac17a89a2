#include "core/agent.h"

#include <signal.h>
#include <unistd.h>

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
}  // namespace

Agent::Agent(Context& context, std::vector<Manifest> manifests) : context_(context) {
  for (Manifest& m : manifests) {
    machines_.push_back(std::make_unique<NodeMachine>(std::move(m), context_));
  }
}

// One agent per node at a time: each node's `agent` key is created on this agent's lease.
// A key held by a live agent is waited for; one whose agent is gone is taken over.
bool Agent::Claim(const std::atomic<bool>& stop) {
  lease_ = context_.store().GrantLease(context_.options().lease_ttl);
  Json me = {{"pid", static_cast<int64_t>(getpid())}, {"host", context_.options().host}};
  std::string waiting;
  for (auto& m : machines_) {
    std::string key = NodeKey(context_.deployment(), m->name(), "agent");
    while (!stop) {
      if (context_.store().CompareAndSwap(key, 0, me.dump(), lease_)) break;
      auto held = context_.store().Get(key);
      if (!held) continue;
      Json claim = Json::parse(held->value, nullptr, false);
      if (!Alive(claim, context_.options().host) &&
          context_.store().CompareAndSwap(key, held->mod_revision, me.dump(), lease_)) {
        break;
      }
      if (waiting != m->name()) {
        waiting = m->name();
        context_.log().Note(m->name(), "waiting for the agent holding it (" + held->value +
                                           ") to stop or its lease to expire");
      }
      std::this_thread::sleep_for(milliseconds(200));
      KeepAlive(Clock::now());
    }
  }
  return !stop;
}

void Agent::KeepAlive(Clock::time_point now) {
  if (now < next_keepalive_) return;
  next_keepalive_ = now + context_.options().lease_ttl / 3;
  if (context_.store().KeepAlive(lease_)) return;
  // The lease expired (the machine slept, the store was away): claim again.
  context_.log().Note("-", "lease expired: claiming the nodes again");
  Claim(*stop_);
}

int Agent::Run(const std::atomic<bool>& stop) {
  stop_ = &stop;
  if (!Claim(stop)) return 0;
  // Read only once the nodes are ours: claiming may wait for a previous agent, whose last
  // states must be what this one starts from.
  context_.snapshot().Reset(context_.store().Range(context_.snapshot().prefix()));
  for (auto& m : machines_) m->Publish();
  auto pause = milliseconds(50);
  while (!stop) {
    try {
      bool busy = false;
      auto now = Clock::now();
      KeepAlive(now);
      for (int round = 0; round < 64; ++round) {
        bool progressed = false;
        for (auto& m : machines_) progressed |= m->Tick(Clock::now());
        if (!progressed) break;
      }
      bool finished = true;
      for (auto& m : machines_) {
        busy |= m->busy();
        finished &= m->finished();
      }
      if (finished && context_.Desired() == "down") break;
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
  for (auto& m : machines_) m->Abort();
  return Release() ? 0 : 1;
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
