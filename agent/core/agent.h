// An agent process: runs the node machines of one or more nodes of a deployment against the
// store. Single-threaded: steps run as child processes polled by the loop, so one agent can
// play many nodes (one per host, or all of them in a test).
//
//   Log log([](const std::string& line) { std::cerr << line << "\n"; });
//   Context context(*store, "shop", options, log);
//   Agent agent(context, std::move(manifests));
//   return agent.Run(stop_flag);   // 0 once torn down after `down`; 1 on a fatal error
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/context.h"
#include "core/manifest.h"
#include "core/node_machine.h"

namespace toscac::agent {

class Agent {
 public:
  Agent(Context& context, std::vector<Manifest> manifests);

  // Runs until every node is torn down after `down` (returns 0) or `stop` becomes true
  // (kills the running steps, returns 0; the store keeps the states, a restart resumes).
  int Run(const std::atomic<bool>& stop);

 private:
  bool Claim(const std::atomic<bool>& stop);
  std::vector<NodeMachine*> ClaimFree(const std::string& me);
  bool TickAll(NodeMachine& machine);
  // Claims the nodes, reads the store and publishes: (re)starts the node machines afresh.
  bool Begin(const std::atomic<bool>& stop);
  void StartKeeper();
  void StopKeeper();
  bool Release();

  Context& context_;
  std::vector<Manifest> manifests_;
  std::vector<std::unique_ptr<NodeMachine>> machines_;
  int64_t lease_ = 0;
  std::set<int64_t> old_leases_;  // granted to this agent before lease_
  // The lease is kept alive by a thread of its own, so that a slow step, a slow store call or
  // a long kill never lets it expire while the agent is alive.
  std::thread keeper_;
  std::mutex keeper_mutex_;
  std::condition_variable keeper_cv_;
  bool keeper_stop_ = false;
  std::atomic<bool> lease_lost_{false};
};

// Every artifact a manifest runs must have the bytes the compiler hashed: a changed or
// swapped script is refused before anything runs. Returns the problems, one per line.
std::string VerifyArtifacts(const Manifest& manifest, const std::string& deployment_dir);

}  // namespace toscac::agent
