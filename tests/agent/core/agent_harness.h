// Test seams for the agent's state machine: a deployment directory with tiny POSIX sh scripts,
// an in-memory store all agents share (as agents on different machines share one store), a
// journal the scripts append to, and agents running on threads of their own.
//
//   TestDeployment d;
//   ManifestBuilder web = d.Node("web", /*checks=*/true);
//   AgentThread agent(d, {web.Parse()});
//   ASSERT_TRUE(d.WaitForState("web", "started"));
//   EXPECT_EQ(d.Count("web create"), 1);
//
// The standard scripts: artifacts/do.sh appends "<node> <operation>" (then " $VALUE" when
// set) to the journal and leaves the mark <marks>/<node>.<operation>; artifacts/check.sh
// passes when that mark exists. Every wait polls against a deadline; nothing sleeps and hopes.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/agent.h"
#include "core/context.h"
#include "manifest_builder.h"
#include "store/memory_store.h"

namespace toscac::agent::testing {

// Long enough for a loaded machine; every test passes in a fraction of it.
inline constexpr std::chrono::milliseconds kDeadline{10000};

// Polls `holds` every 5 ms until it is true (returns true) or `timeout` passes (false).
bool Eventually(const std::function<bool()>& holds, std::chrono::milliseconds timeout = kDeadline);

// Lines of text collected from any thread.
class Lines {
 public:
  void Add(const std::string& line);
  std::vector<std::string> Get() const;
  // Whether some line contains `fragment`; Count: how many do.
  bool Contains(const std::string& fragment) const;
  int Count(const std::string& fragment) const;

 private:
  mutable std::mutex mu_;
  std::vector<std::string> lines_;
};

class TestDeployment {
 public:
  explicit TestDeployment(const std::string& name = "shop",
                          store::MemoryStoreOptions store_options = {});
  ~TestDeployment();
  TestDeployment(const TestDeployment&) = delete;
  TestDeployment& operator=(const TestDeployment&) = delete;

  const std::string& name() const { return name_; }
  store::MemoryStore& store() { return store_; }
  const std::string& dir() const { return dir_; }
  // Short intervals: heal every 200 ms, first retry after ~20 ms, 2 s leases; the secrets
  // given to SetSecrets.
  AgentOptions Options() const;
  void SetSecrets(Secrets secrets) { secrets_ = std::move(secrets); }
  // Where the agents write step output.
  std::string LogDir() const { return root_ + "/logs"; }

  // Writes artifacts/<file> (executable, "#!/bin/sh" prepended); returns "artifacts/<file>".
  std::string Script(const std::string& file, const std::string& body) const;
  // The standard actions, with extra environment (e.g. VALUE, SLEEP seconds before the work).
  Json Do(Json env = Json::object(), int retries = 0) const;
  Json Check() const;
  // A node whose five steps run do.sh, each with check.sh when `checks`.
  ManifestBuilder Node(const std::string& node, bool checks) const;
  // Where do.sh leaves the mark of a step, and a file the test may use freely.
  std::string Mark(const std::string& node, const std::string& operation) const;
  std::string File(const std::string& name) const { return dir_ + "/" + name; }

  std::string JournalPath() const { return root_ + "/journal"; }
  // The journal, line by line; how often a line occurs; whether each line occurs, the first
  // occurrence of each after that of the one before.
  std::vector<std::string> Journal() const;
  int Count(const std::string& line) const;
  ::testing::AssertionResult InOrder(const std::vector<std::string>& lines) const;
  bool WaitForJournal(const std::string& line, int count = 1,
                      std::chrono::milliseconds timeout = kDeadline) const;

  // The store, read directly.
  std::string Key(const std::string& node, const std::string& leaf) const;
  std::optional<std::string> Get(const std::string& key);
  std::string State(const std::string& node);  // "absent" when unpublished
  // Gives up at once when the node is "failed" (unless that is the state waited for).
  bool WaitForState(const std::string& node, const std::string& state,
                    std::chrono::milliseconds timeout = kDeadline);
  // Every value the node's state key took after `after_revision`, in order, from the
  // store's event log (so short-lived states are seen too).
  std::vector<std::string> StateHistory(const std::string& node, int64_t after_revision = 0);
  int64_t Revision();
  void SetDesired(const std::string& desired);

  // What every agent of the deployment logged.
  Lines& log() { return log_; }

 private:
  std::string name_;
  store::MemoryStore store_;
  std::string root_, dir_;
  Lines log_;
  Secrets secrets_;
};

// One Agent on a thread of its own, as if on a machine of its own. Stopped (stop flag, join)
// when destroyed.
class AgentThread {
 public:
  AgentThread(TestDeployment& deployment, std::vector<Manifest> manifests);
  ~AgentThread();
  AgentThread(const AgentThread&) = delete;
  AgentThread& operator=(const AgentThread&) = delete;

  // Sets the stop flag and waits for Run to return.
  void Stop();
  // Sets the stop flag only.
  void RequestStop() { stop_ = true; }
  // Whether Run returned within `timeout` (by itself, or after a stop); then joins.
  bool WaitReturned(std::chrono::milliseconds timeout = kDeadline);
  int exit_code() const { return exit_code_; }
  // This agent's log lines (also in the deployment's log).
  Lines& log() { return lines_; }
  bool WaitForLog(const std::string& fragment, std::chrono::milliseconds timeout = kDeadline);

 private:
  Lines lines_;
  Log log_;
  Context context_;
  Agent agent_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> returned_{false};
  std::atomic<int> exit_code_{-1};
  std::thread thread_;
};

}  // namespace toscac::agent::testing
