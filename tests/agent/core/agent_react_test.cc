// What a started node keeps doing: healing when a check fails, reacting to its peers, running
// the operations it is asked for; and values that flow between agents through the store.
#include <gtest/gtest.h>

#include <filesystem>

#include "agent_harness.h"
#include "core/keys.h"

namespace toscac::agent {
namespace {

using testing::AgentThread;
using testing::Eventually;
using testing::ManifestBuilder;
using testing::Relate;
using testing::ScriptAction;
using testing::TestDeployment;
using Strings = std::vector<std::string>;

TEST(AgentHealTest, FailingCheckRunsTheStepAgain) {
  TestDeployment d;
  ManifestBuilder server = d.Node("server", /*checks=*/true);
  // Slow enough for the dependant's agent to see the state go by.
  server.Step("create", d.Do({{"SLEEP", "0.3"}}), d.Check());
  ManifestBuilder web = d.Node("web", /*checks=*/true);
  Relate(web, "host", server, "HostedOn");
  AgentThread server_agent(d, {server.Parse()});
  AgentThread web_agent(d, {web.Parse()});
  ASSERT_TRUE(d.WaitForState("web", "started"));
  int64_t before = d.Revision();

  std::filesystem::remove(d.Mark("server", "create"));
  ASSERT_TRUE(d.WaitForJournal("server create", 2));
  ASSERT_TRUE(Eventually([&] {
    Strings states = d.StateHistory("server", before);
    return !states.empty() && states.back() == "started";
  }));
  // Down to where the check failed, and back up through the steps whose checks pass.
  EXPECT_EQ(d.StateHistory("server", before),
            (Strings{"creating", "created", "configured", "started"}));
  EXPECT_TRUE(server_agent.log().Contains(" server check of create fails: running it again"));
  EXPECT_TRUE(web_agent.WaitForLog(" web dependency 'server' creating (was started)"));
  EXPECT_TRUE(web_agent.WaitForLog(" web dependency 'server' started (was "));
  for (const char* line :
       {"server configure", "server start", "web create", "web configure", "web start"}) {
    EXPECT_EQ(d.Count(line), 1) << line;
  }
  EXPECT_EQ(d.State("web"), "started");
}

// web connects to db and follows db's maintenance attribute with target_changed.
struct Maintenance {
  explicit Maintenance(TestDeployment& d)
      : db(d.Node("db", /*checks=*/true)), web(d.Node("web", /*checks=*/true)) {
    std::string set = d.Script("set_mode.sh", R"(echo "$TOSCA_NODE $MODE" >> "$JOURNAL"
echo "maintenance=$MODE" >> "$TOSCA_OUTPUTS"
[ "$MODE" != broken ] || { echo "cannot break"; exit 4; }
)");
    auto mode = [&](const char* value) {
      return ScriptAction(set, {{"MODE", value}, {"JOURNAL", d.JournalPath()}});
    };
    Json to_attribute = {{"maintenance", {"SELF", "maintenance"}}};
    db.Attribute("maintenance", false)
        .Operation("Maintenance", "enter", mode("on"), to_attribute)
        .Operation("Maintenance", "leave", mode("off"), to_attribute)
        .Operation("Maintenance", "break", mode("broken"), to_attribute);
    Relate(web, "database", db, "ConnectsTo");
    web.RelationshipOperation("database", "db", "target_changed", "on:target_changed",
                              d.Do({{"VALUE", {{"get_attribute", {"db", "maintenance"}}}}}));
  }
  ManifestBuilder db, web;
};

std::optional<Json> WaitForReply(TestDeployment& d, const std::string& node,
                                 const std::string& id) {
  std::optional<std::string> reply;
  Eventually([&] { return (reply = d.Get(d.Key(node, "replies/" + id))).has_value(); });
  if (!reply) return std::nullopt;
  return Json::parse(*reply);
}

TEST(AgentReactionTest, TargetChangedRunsOnceStartedAndOnEveryChange) {
  TestDeployment d;
  Maintenance m(d);
  AgentThread db_agent(d, {m.db.Parse()});
  AgentThread web_agent(d, {m.web.Parse()});
  ASSERT_TRUE(d.WaitForJournal("web target_changed false"));
  EXPECT_TRUE(d.InOrder({"web start", "web target_changed false"}));

  // An operation asked for through the store: its output becomes db's attribute.
  d.store().Put(d.Key("db", "requests/r1"),
                R"({"interface": "Maintenance", "operation": "enter"})");
  auto reply = WaitForReply(d, "db", "r1");
  ASSERT_TRUE(reply);
  EXPECT_EQ(*reply, (Json{{"ok", true}, {"message", ""}}));
  EXPECT_FALSE(d.Get(d.Key("db", "requests/r1")));
  EXPECT_EQ(d.Get(AttributeKey("shop", "db", "maintenance")), "\"on\"");
  EXPECT_EQ(d.Get(OutputKey("shop", "db", "Maintenance", "enter", "maintenance")), "\"on\"");
  ASSERT_TRUE(d.WaitForJournal("web target_changed on"));

  // Any writer of the attribute will do.
  d.store().Put(AttributeKey("shop", "db", "maintenance"), "\"off\"");
  ASSERT_TRUE(d.WaitForJournal("web target_changed off"));

  // Once on start, once per change, in order (web's create may come before db's: ConnectsTo).
  Strings journal = d.Journal();
  ASSERT_EQ(journal.size(), 10u);
  EXPECT_EQ(Strings(journal.begin() + 6, journal.end()),
            (Strings{"web target_changed false", "db on", "web target_changed on",
                     "web target_changed off"}));
  EXPECT_EQ(d.State("db"), "started");
}

TEST(AgentReactionTest, RequestsThatCannotBeDoneAreAnswered) {
  TestDeployment d;
  Maintenance m(d);
  AgentThread db_agent(d, {m.db.Parse()});
  ASSERT_TRUE(d.WaitForState("db", "started"));

  d.store().Put(d.Key("db", "requests/r1"), R"({"interface": "Maintenance", "operation": "nap"})");
  auto reply = WaitForReply(d, "db", "r1");
  ASSERT_TRUE(reply);
  EXPECT_EQ(*reply, (Json{{"ok", false}, {"message", "no such operation on this node"}}));
  EXPECT_FALSE(d.Get(d.Key("db", "requests/r1")));

  // A failing operation is reported, not retried; the node stays as it was.
  d.store().Put(d.Key("db", "requests/r2"),
                R"({"interface": "Maintenance", "operation": "break"})");
  reply = WaitForReply(d, "db", "r2");
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)["ok"], false);
  EXPECT_EQ((*reply)["message"], "Maintenance.break exit status 4");
  EXPECT_NE((*reply)["output"].get<std::string>().find("cannot break"), std::string::npos);
  EXPECT_FALSE(d.Get(d.Key("db", "requests/r2")));
  EXPECT_EQ(d.Count("db broken"), 1);
  EXPECT_EQ(d.State("db"), "started");
  EXPECT_FALSE(d.Get(d.Key("db", "error")));
}

TEST(AgentReactionTest, AddSourceRunsWhenTheSourceStarts) {
  TestDeployment d;
  ManifestBuilder db = d.Node("db", /*checks=*/false);
  ManifestBuilder web = d.Node("web", /*checks=*/false);
  Relate(web, "database", db, "ConnectsTo");
  std::string run = d.Script(
      "sides.sh", R"(echo "$TOSCA_NODE add_source $TOSCA_SOURCE->$TOSCA_TARGET" >> "$JOURNAL"
)");
  db.RelationshipOperation("database", "web", "add_source", "on:source_started",
                           ScriptAction(run, {{"JOURNAL", d.JournalPath()}}));
  AgentThread db_agent(d, {db.Parse()});
  ASSERT_TRUE(d.WaitForState("db", "started"));
  AgentThread web_agent(d, {web.Parse()});
  ASSERT_TRUE(d.WaitForJournal("db add_source web->db"));
  EXPECT_TRUE(d.InOrder({"web start", "db add_source web->db"}));
  EXPECT_EQ(d.Count("db add_source web->db"), 1);
}

// A value one agent publishes (here an output of db's create mapped onto its attribute) is what
// another agent's step waits for, whichever agent starts first.
TEST(AgentReferenceTest, StepWaitsForAnotherNodesAttribute) {
  TestDeployment d;
  ManifestBuilder db = d.Node("db", /*checks=*/false);
  std::string create = d.Script("db_create.sh", R"(echo "db create" >> "$JOURNAL"
echo "endpoint=10.0.0.5:5432" >> "$TOSCA_OUTPUTS"
)");
  db.Step("create", ScriptAction(create, {{"JOURNAL", d.JournalPath()}}), nullptr,
          {{"endpoint", {"SELF", "endpoint"}}});
  // No requirement between them: only the reference orders them.
  ManifestBuilder web = d.Node("web", /*checks=*/false);
  web.Step("create", d.Do({{"VALUE", {{"get_attribute", {"db", "endpoint"}}}}}));

  AgentThread web_agent(d, {web.Parse()});
  ASSERT_TRUE(web_agent.WaitForLog("waiting for attribute 'endpoint' of 'db' (for create)"));
  EXPECT_TRUE(d.Journal().empty());
  AgentThread db_agent(d, {db.Parse()});
  ASSERT_TRUE(d.WaitForState("web", "started"));
  EXPECT_EQ(d.Count("web create 10.0.0.5:5432"), 1);
  EXPECT_TRUE(d.InOrder({"db create", "web create 10.0.0.5:5432"}));
}

}  // namespace
}  // namespace toscac::agent
