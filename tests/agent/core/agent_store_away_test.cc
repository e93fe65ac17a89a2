// An agent whose store is away as it starts (an etcd member shutting down, an election) waits
// for it instead of exiting, and takes back the nodes it claimed before the error.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "agent_harness.h"
#include "core/agent.h"
#include "core/keys.h"

namespace toscac::agent {
namespace {

using testing::Lines;
using testing::ManifestBuilder;
using testing::TestDeployment;

// The deployment's store, whose first `failures` ranges fail: Begin has then claimed its
// nodes already, on a lease it gives up.
class AwayAtFirst : public store::Store {
 public:
  AwayAtFirst(store::Store& real, int failures) : real_(real), failures_(failures) {}

  std::optional<store::KeyValue> Get(const std::string& key) override { return real_.Get(key); }
  int64_t Put(const std::string& key, const std::string& value, int64_t lease) override {
    return real_.Put(key, value, lease);
  }
  bool CompareAndSwap(const std::string& key, int64_t expected, const std::string& value,
                      int64_t lease) override {
    return real_.CompareAndSwap(key, expected, value, lease);
  }
  int64_t Create(const std::string& key, const std::string& value, int64_t lease) override {
    return real_.Create(key, value, lease);
  }
  std::vector<int64_t> Commit(const std::vector<store::Write>& writes) override {
    return real_.Commit(writes);
  }
  bool CommitRepeatsKeys() const override { return real_.CommitRepeatsKeys(); }
  bool Delete(const std::string& key) override { return real_.Delete(key); }
  int64_t DeletePrefix(const std::string& prefix) override { return real_.DeletePrefix(prefix); }
  store::RangeResult Range(const std::string& prefix) override {
    if (failures_ > 0) {
      --failures_;
      throw store::StoreError("etcd: grpc: the client connection is closing");
    }
    return real_.Range(prefix);
  }
  store::WatchResult Watch(const std::string& prefix, int64_t from,
                           std::chrono::milliseconds timeout) override {
    return real_.Watch(prefix, from, timeout);
  }
  int64_t GrantLease(std::chrono::seconds ttl) override { return real_.GrantLease(ttl); }
  bool KeepAlive(int64_t lease) override { return real_.KeepAlive(lease); }
  void RevokeLease(int64_t lease) override { real_.RevokeLease(lease); }

 private:
  store::Store& real_;
  std::atomic<int> failures_;
};

TEST(AgentStoreAwayTest, AnAgentStartingWhileTheStoreIsAwayWaitsAndTakesBackItsClaims) {
  TestDeployment d;
  ManifestBuilder web = d.Node("web", /*checks=*/true);
  AwayAtFirst away(d.store(), 2);
  Lines lines;
  Log log([&](const std::string& line) { lines.Add(line); });
  // A lease far longer than the test: the claims of the failed starts stay until taken back.
  AgentOptions options = d.Options();
  options.lease_ttl = std::chrono::seconds(600);
  Context context(away, d.name(), options, log);
  Agent agent(context, {web.Parse()});
  std::atomic<bool> stop{false};
  int exit_code = -1;
  std::thread runner([&] { exit_code = agent.Run(stop); });

  bool started = d.WaitForState("web", "started");
  stop = true;
  runner.join();
  ASSERT_TRUE(started);
  EXPECT_EQ(lines.Count("store error, starting again: etcd: grpc: the client connection"), 2);
  EXPECT_FALSE(lines.Contains("waiting for the agent holding it"));
  EXPECT_EQ(d.Journal(), (std::vector<std::string>{"web create", "web configure", "web start"}));
  EXPECT_EQ(exit_code, 0);
}

}  // namespace
}  // namespace toscac::agent
