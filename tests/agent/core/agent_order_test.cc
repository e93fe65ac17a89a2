// The order of the dance across agents sharing one in-memory store, as agents on different
// machines share one store: waits before create and configure, teardown in reverse, agents
// started in any order.
#include <gtest/gtest.h>

#include <thread>

#include "agent_harness.h"
#include "core/keys.h"

namespace toscac::agent {
namespace {

using std::chrono::milliseconds;
using testing::AgentThread;
using testing::ManifestBuilder;
using testing::Relate;
using testing::TestDeployment;
using Journal = std::vector<std::string>;

TEST(AgentOrderTest, HostedOnWaitsForItsHostEvenWhenItsAgentStartsFirst) {
  TestDeployment d;
  ManifestBuilder server = d.Node("server", /*checks=*/true);
  ManifestBuilder web = d.Node("web", /*checks=*/true);
  Relate(web, "host", server, "HostedOn");

  AgentThread web_agent(d, {web.Parse()});
  ASSERT_TRUE(web_agent.WaitForLog("waiting for 'server' to be started (it is absent)"));
  // The host's agent comes up later, as a slower machine would.
  std::this_thread::sleep_for(milliseconds(300));
  EXPECT_TRUE(d.Journal().empty());
  EXPECT_EQ(d.State("web"), "initial");
  AgentThread server_agent(d, {server.Parse()});

  ASSERT_TRUE(d.WaitForState("web", "started"));
  EXPECT_EQ(d.State("server"), "started");
  EXPECT_EQ(d.Journal(), (Journal{"server create", "server configure", "server start", "web create",
                                  "web configure", "web start"}));
}

TEST(AgentOrderTest, ConnectsToWaitsOnlyBeforeConfigure) {
  TestDeployment d;
  ManifestBuilder db = d.Node("db", /*checks=*/true);
  ManifestBuilder web = d.Node("web", /*checks=*/true);
  Relate(web, "database", db, "ConnectsTo");

  AgentThread web_agent(d, {web.Parse()});
  // Created with nobody playing db yet; configure waits.
  ASSERT_TRUE(d.WaitForState("web", "created"));
  ASSERT_TRUE(web_agent.WaitForLog("waiting for 'db' to be started (it is absent)"));
  EXPECT_EQ(d.Journal(), Journal{"web create"});
  AgentThread db_agent(d, {db.Parse()});

  ASSERT_TRUE(d.WaitForState("web", "started"));
  EXPECT_EQ(d.Journal(), (Journal{"web create", "db create", "db configure", "db start",
                                  "web configure", "web start"}));
}

// With a store that keeps almost no events, every watch finds its revision compacted and the
// agents read everything again: they converge all the same.
TEST(AgentOrderTest, ConvergesWhenTheStoreCompactsItsEvents) {
  store::MemoryStoreOptions options;
  options.max_events = 2;
  TestDeployment d("shop", options);
  ManifestBuilder server = d.Node("server", /*checks=*/true);
  ManifestBuilder web = d.Node("web", /*checks=*/true);
  Relate(web, "host", server, "HostedOn");
  AgentThread web_agent(d, {web.Parse()});
  AgentThread server_agent(d, {server.Parse()});
  ASSERT_TRUE(d.WaitForState("web", "started"));
  EXPECT_EQ(d.Journal(), (Journal{"server create", "server configure", "server start", "web create",
                                  "web configure", "web start"}));
  d.SetDesired("down");
  ASSERT_TRUE(web_agent.WaitReturned());
  ASSERT_TRUE(server_agent.WaitReturned());
  EXPECT_TRUE(d.InOrder({"web delete", "server stop"}));
}

// Each relationship operation runs at its place in the lifecycle of the node that runs it
// (docs/manifest-format.md, "Relationship operations").
TEST(AgentOrderTest, RelationshipOperationsRunWhereTheWorkflowPutsThem) {
  TestDeployment d;
  ManifestBuilder db = d.Node("db", /*checks=*/false);
  ManifestBuilder web = d.Node("web", /*checks=*/false);
  Relate(web, "database", db, "ConnectsTo");
  web.RelationshipOperation("database", "db", "pre_configure_source", "before:configure", d.Do())
      .RelationshipOperation("database", "db", "post_configure_source", "after:configure", d.Do())
      .RelationshipOperation("database", "db", "add_target", "after:start", d.Do())
      .RelationshipOperation("database", "db", "remove_target", "before:stop", d.Do());
  db.RelationshipOperation("database", "web", "pre_configure_target", "before:configure", d.Do());
  db.RelationshipOperation("database", "web", "post_configure_target", "after:configure", d.Do());
  db.RelationshipOperation("database", "web", "add_source", "on:source_started", d.Do());
  AgentThread db_agent(d, {db.Parse()});
  AgentThread web_agent(d, {web.Parse()});
  ASSERT_TRUE(d.WaitForJournal("db add_source"));
  ASSERT_TRUE(d.WaitForJournal("web add_target"));

  EXPECT_TRUE(d.InOrder({"web create", "web pre_configure_source", "web configure",
                         "web post_configure_source", "web start", "web add_target"}));
  EXPECT_TRUE(d.InOrder({"db create", "db pre_configure_target", "db configure",
                         "db post_configure_target", "db start", "web pre_configure_source"}));
  EXPECT_TRUE(d.InOrder({"web start", "db add_source"}));

  d.SetDesired("down");
  ASSERT_TRUE(web_agent.WaitReturned());
  ASSERT_TRUE(db_agent.WaitReturned());
  EXPECT_TRUE(d.InOrder({"web remove_target", "web stop", "db stop"}));
  for (const char* line :
       {"web pre_configure_source", "web add_target", "web remove_target", "db add_source"}) {
    EXPECT_EQ(d.Count(line), 1) << line;
  }
}

// web is hosted on server and connects to db.
struct Shop {
  explicit Shop(TestDeployment& d, bool checks = true)
      : server(d.Node("server", checks)), db(d.Node("db", checks)), web(d.Node("web", checks)) {
    Relate(web, "host", server, "HostedOn");
    Relate(web, "database", db, "ConnectsTo");
  }
  ManifestBuilder server, db, web;
};

void ExpectTornDownInOrder(TestDeployment& d) {
  for (const char* node : {"server", "db", "web"}) {
    EXPECT_EQ(d.State(node), "deleted") << node;
    EXPECT_FALSE(d.Get(d.Key(node, "agent"))) << node;
    EXPECT_FALSE(d.Get(d.Key(node, "activity"))) << node;
    EXPECT_TRUE(d.store().Range(d.Key(node, "done/")).kvs.empty()) << node;
  }
  // What was built on server is deleted before server stops; what connects to db is stopped
  // before db stops.
  EXPECT_TRUE(d.InOrder({"web stop", "web delete", "server stop", "server delete"}));
  EXPECT_TRUE(d.InOrder({"web stop", "db stop", "db delete"}));
  for (const char* line :
       {"web stop", "web delete", "server stop", "server delete", "db stop", "db delete"}) {
    EXPECT_EQ(d.Count(line), 1) << line;
  }
}

TEST(AgentTeardownTest, DependantsGoDownFirst) {
  TestDeployment d;
  Shop shop(d);
  AgentThread web_agent(d, {shop.web.Parse()});
  AgentThread db_agent(d, {shop.db.Parse()});
  AgentThread server_agent(d, {shop.server.Parse()});
  ASSERT_TRUE(d.WaitForState("web", "started"));
  int64_t up = d.Revision();

  d.SetDesired("down");
  ASSERT_TRUE(web_agent.WaitReturned());
  ASSERT_TRUE(db_agent.WaitReturned());
  ASSERT_TRUE(server_agent.WaitReturned());
  EXPECT_EQ(web_agent.exit_code(), 0);
  EXPECT_EQ(db_agent.exit_code(), 0);
  EXPECT_EQ(server_agent.exit_code(), 0);
  ExpectTornDownInOrder(d);
  EXPECT_EQ(d.StateHistory("server", up), (Journal{"stopping", "stopped", "deleting", "deleted"}));
}

// One agent may play several nodes (all of a small deployment, in any order): the same waits
// hold between the machines of one process.
TEST(AgentTeardownTest, OneAgentPlayingEveryNode) {
  TestDeployment d;
  Shop shop(d, /*checks=*/false);
  AgentThread agent(d, {shop.web.Parse(), shop.db.Parse(), shop.server.Parse()});
  ASSERT_TRUE(d.WaitForState("web", "started"));
  EXPECT_TRUE(d.InOrder({"server start", "web create"}));
  EXPECT_TRUE(d.InOrder({"db start", "web configure"}));
  EXPECT_EQ(d.Journal().size(), 9u);

  d.SetDesired("down");
  ASSERT_TRUE(agent.WaitReturned());
  EXPECT_EQ(agent.exit_code(), 0);
  ExpectTornDownInOrder(d);
}

TEST(AgentTeardownTest, NodeThatNeverStartedHasNothingToUndo) {
  TestDeployment d;
  Shop shop(d);
  // Nobody plays server: web waits for it, forever.
  AgentThread web_agent(d, {shop.web.Parse()});
  ASSERT_TRUE(web_agent.WaitForLog("waiting for 'server' to be started (it is absent)"));
  d.SetDesired("down");
  ASSERT_TRUE(web_agent.WaitReturned());
  EXPECT_EQ(web_agent.exit_code(), 0);
  EXPECT_EQ(d.State("web"), "deleted");
  EXPECT_TRUE(web_agent.log().Contains(" web teardown deleted 0.00s (nothing to undo)"));
  EXPECT_TRUE(d.Journal().empty());
}

// remove_source runs on the target when the source reaches stopped, which happens only on the
// way down.
TEST(AgentTeardownTest, RemoveSourceRunsWhenTheSourceStops) {
  TestDeployment d;
  ManifestBuilder db = d.Node("db", /*checks=*/false);
  ManifestBuilder web = d.Node("web", /*checks=*/false);
  Relate(web, "database", db, "ConnectsTo");
  db.RelationshipOperation("database", "web", "remove_source", "on:source_stopped", d.Do());
  AgentThread db_agent(d, {db.Parse()});
  AgentThread web_agent(d, {web.Parse()});
  ASSERT_TRUE(d.WaitForState("web", "started"));

  d.SetDesired("down");
  ASSERT_TRUE(web_agent.WaitReturned());
  ASSERT_TRUE(db_agent.WaitReturned());
  EXPECT_EQ(d.Count("db remove_source"), 1);
  EXPECT_TRUE(d.InOrder({"web stop", "db remove_source", "db stop"}));
}

// The same with one agent playing both nodes: the source passes through "stopped" within one
// Tick (stop done, delete begun), so the target never sees that state as the latest one.
TEST(AgentTeardownTest, RemoveSourceRunsWhenOneAgentPlaysBothNodes) {
  TestDeployment d;
  ManifestBuilder db = d.Node("db", /*checks=*/false);
  ManifestBuilder web = d.Node("web", /*checks=*/false);
  Relate(web, "database", db, "ConnectsTo");
  db.RelationshipOperation("database", "web", "remove_source", "on:source_stopped", d.Do());
  AgentThread agent(d, {db.Parse(), web.Parse()});
  ASSERT_TRUE(d.WaitForState("web", "started"));

  d.SetDesired("down");
  ASSERT_TRUE(agent.WaitReturned());
  EXPECT_EQ(d.Count("db remove_source"), 1);
  EXPECT_TRUE(d.InOrder({"web stop", "db remove_source", "db stop"}));
}

TEST(AgentTeardownTest, FailedNodeIsTornDownToo) {
  TestDeployment d;
  Shop shop(d);
  shop.web.Step("create", testing::ScriptAction(d.Script("fail.sh", "exit 3\n")));
  AgentThread web_agent(d, {shop.web.Parse()});
  AgentThread server_agent(d, {shop.server.Parse()});
  ASSERT_TRUE(d.WaitForState("web", "failed"));

  d.SetDesired("down");
  ASSERT_TRUE(web_agent.WaitReturned());
  ASSERT_TRUE(server_agent.WaitReturned());
  EXPECT_EQ(d.State("web"), "deleted");
  EXPECT_EQ(d.State("server"), "deleted");
  EXPECT_TRUE(d.InOrder({"web delete", "server stop"}));
}

// A teardown step that fails every attempt leaves the node failed, as any failed node stays
// (docs/agent.md, "Failures"); its agent keeps running.
TEST(AgentTeardownTest, TeardownStepFailingEveryAttemptLeavesTheNodeFailed) {
  TestDeployment d;
  ManifestBuilder web = d.Node("web", /*checks=*/false);
  web.Step("stop", testing::ScriptAction(d.Script("stop.sh", R"(echo "web stop" >> "$JOURNAL"
exit 1
)"),
                                         {{"JOURNAL", d.JournalPath()}}, /*retries=*/1));
  AgentThread agent(d, {web.Parse()});
  ASSERT_TRUE(d.WaitForState("web", "started"));
  d.SetDesired("down");
  ASSERT_TRUE(d.WaitForState("web", "failed"));
  EXPECT_EQ(d.Count("web stop"), 2);
  // For the few heal intervals after: no further attempts, no other state.
  int64_t failed = d.Revision();
  std::this_thread::sleep_for(milliseconds(500));
  EXPECT_EQ(d.Count("web stop"), 2);
  EXPECT_EQ(d.StateHistory("web", failed), Journal{});
  EXPECT_EQ(d.State("web"), "failed");
}

}  // namespace
}  // namespace toscac::agent
