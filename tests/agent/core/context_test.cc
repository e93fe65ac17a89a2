// Context's buffered writes: what reaches the store, in which order and in how many commits.
#include "core/context.h"

#include <gtest/gtest.h>

#include <set>

#include "agent_harness.h"
#include "core/keys.h"
#include "core/node_machine.h"
#include "manifest_builder.h"
#include "store/memory_store.h"

namespace toscac::agent {
namespace {

using testing::ManifestBuilder;
using testing::TestDeployment;

// Holds a store to what etcd accepts (a commit writes a key once) and keeps each commit's keys.
class OnceStore : public store::MemoryStore {
 public:
  std::vector<int64_t> Commit(const std::vector<store::Write>& writes) override {
    std::set<std::string> keys;
    commits.emplace_back();
    for (const store::Write& w : writes) {
      if (!keys.insert(w.key).second) ADD_FAILURE() << "key written twice in one commit: " << w.key;
      commits.back().push_back(w.key);
    }
    return MemoryStore::Commit(writes);
  }
  bool CommitRepeatsKeys() const override { return false; }

  std::vector<std::vector<std::string>> commits;
};

class ContextTest : public ::testing::Test {
 protected:
  ContextTest() : log_([](const std::string&) {}), context_(store_, "d", {}, log_) {}

  int64_t Revision(const std::string& key) { return store_.Get(key).value().mod_revision; }

  OnceStore store_;
  Log log_;
  Context context_;
};

TEST_F(ContextTest, EveryValueOfAKeyReachesTheStoreInOrder) {
  context_.Put("/a", "1");
  context_.Put("/b", "1");
  context_.Put("/a", "2");
  EXPECT_EQ(*context_.Get("/a"), "2");  // the agent's own reads see it before the flush
  context_.Flush();

  // A commit writes a key once here: the second value of /a starts a new one.
  ASSERT_EQ(store_.commits.size(), 2u);
  EXPECT_EQ(store_.commits[0], (std::vector<std::string>{"/a", "/b"}));
  EXPECT_EQ(store_.commits[1], (std::vector<std::string>{"/a"}));
  std::vector<std::string> values;
  for (const store::Event& e : store_.Watch("/a", 1, std::chrono::milliseconds(0)).events) {
    values.push_back(e.kv.value);
  }
  EXPECT_EQ(values, (std::vector<std::string>{"1", "2"}));
  EXPECT_FALSE(context_.pending());
}

TEST_F(ContextTest, APassingValueWrittenOverLandsOnceAfterWhatCameBetween) {
  context_.PutPassing("/state", "created");
  context_.Put("/b", "1");
  context_.PutPassing("/state", "configured");
  context_.Put("/state", "started");
  EXPECT_EQ(*context_.Get("/state"), "started");
  context_.Flush();

  ASSERT_EQ(store_.commits.size(), 1u);
  EXPECT_EQ(store_.commits[0], (std::vector<std::string>{"/b", "/state"}));
  EXPECT_EQ(store_.Get("/state")->value, "started");
  EXPECT_GT(Revision("/state"), Revision("/b"));
}

TEST_F(ContextTest, APassingValueFlushedBeforeItIsWrittenOverReachesTheStore) {
  context_.PutPassing("/state", "creating");
  context_.Flush();  // as before a step's process starts
  context_.PutPassing("/state", "created");
  context_.Flush();
  ASSERT_EQ(store_.commits.size(), 2u);
  EXPECT_EQ(store_.Get("/state")->value, "created");
}

TEST_F(ContextTest, CreateIfAbsentThenPutOfOneKey) {
  context_.PutIfAbsent("/c", "created");
  context_.Put("/c", "put");
  context_.Flush();
  EXPECT_EQ(store_.Get("/c")->value, "put");

  // Present in the store already: the create does nothing, the put overwrites.
  store_.Put("/d", "theirs");
  context_.PutIfAbsent("/d", "mine");
  context_.Put("/d", "put");
  context_.Flush();
  EXPECT_EQ(store_.Get("/d")->value, "put");
  EXPECT_EQ(*context_.Get("/d"), "put");
}

TEST_F(ContextTest, AValueWrittenOverMovesPastEveryCommitOfWhatCameBetween) {
  // More writes than one commit takes: the key written again at the end must not land before
  // the writes that came between it (a state before the attributes it follows from).
  context_.PutPassing("/state", "created");
  const size_t between = store::Store::kMaxCommitWrites + 10;
  for (size_t i = 0; i < between; ++i) context_.Put("/attr/" + std::to_string(i), "v");
  context_.Put("/state", "started");
  context_.Flush();

  ASSERT_EQ(store_.commits.size(), 2u);
  EXPECT_EQ(store_.commits[1].back(), "/state");
  for (size_t i = 0; i < between; ++i) {
    EXPECT_LT(Revision("/attr/" + std::to_string(i)), Revision("/state")) << i;
  }
}

TEST(ContextRepeatsTest, AStoreThatTakesAKeyTwiceGetsEveryValueInOneCommit) {
  store::MemoryStore store;
  Log log([](const std::string&) {});
  Context context(store, "d", {}, log);
  context.Put("/a", "1");
  context.Put("/a", "2");
  context.Flush();
  std::vector<std::string> values;
  for (const store::Event& e : store.Watch("/a", 1, std::chrono::milliseconds(0)).events) {
    values.push_back(e.kv.value);
  }
  EXPECT_EQ(values, (std::vector<std::string>{"1", "2"}));
}

TEST(ContextNodesTest, AChainOfNoOpNodesIsOnePassAndOneWriteOfStateEach) {
  // Steps with nothing to run: no state holds while anything runs, so each node's states of
  // the pass reach the store as one write, `started`, and the chain is one commit.
  TestDeployment d;
  OnceStore store;
  Log log([](const std::string&) {});
  Context context(store, d.name(), d.Options(), log);
  std::vector<ManifestBuilder> builders;
  for (int i = 0; i < 5; ++i) builders.emplace_back(d.name(), "n" + std::to_string(i));
  for (int i = 1; i < 5; ++i)
    testing::Relate(builders[i], "dependency", builders[i - 1], "DependsOn");
  std::vector<std::unique_ptr<NodeMachine>> machines;
  for (const ManifestBuilder& b : builders) {
    machines.push_back(std::make_unique<NodeMachine>(b.Parse(), context));
  }
  for (const ManifestBuilder& b : builders) {
    context.Put(NodeKey(d.name(), b.node(), "agent"), "{}");  // claimed, as Agent::Claim does
  }
  for (auto& m : machines) m->Publish();
  context.Flush();
  store.commits.clear();

  for (auto& m : machines) {
    for (int step = 0; step < 16 && m->Tick(Clock::now()); ++step) {
    }
  }
  context.Flush();

  ASSERT_EQ(store.commits.size(), 1u);
  for (int i = 0; i < 5; ++i) {
    std::string key = NodeKey(d.name(), "n" + std::to_string(i), "state");
    EXPECT_EQ(store.Get(key)->value, "started") << i;
    EXPECT_EQ(std::count(store.commits[0].begin(), store.commits[0].end(), key), 1) << i;
  }
}

}  // namespace
}  // namespace toscac::agent
