// The node state machine driven by hand: one Context, the machines of a few nodes, ticked and
// synced with the in-memory store on the test's thread, as Agent::Run does.
#include "core/node_machine.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "agent_harness.h"
#include "core/keys.h"
#include "read_file.h"

namespace toscac::agent {
namespace {

using std::chrono::milliseconds;
using testing::kDeadline;
using testing::Lines;
using testing::ManifestBuilder;
using testing::ScriptAction;
using testing::TestDeployment;

class Machines {
 public:
  Machines(TestDeployment& d, std::vector<Manifest> manifests)
      : deployment_(d),
        log_([this](const std::string& line) {
          lines_.Add(line);
          deployment_.log().Add(line);
        }),
        context_(d.store(), d.name(), d.Options(), log_) {
    context_.snapshot().Reset(d.store().Range(context_.snapshot().prefix()));
    for (Manifest& m : manifests) {
      machines_.push_back(std::make_unique<NodeMachine>(std::move(m), context_));
    }
    for (auto& m : machines_) m->Publish();
    context_.Flush();
  }
  ~Machines() {
    for (auto& m : machines_) m->Abort();
  }

  // Ticks and syncs, as Agent::Run does, until `holds` or the timeout.
  bool RunUntil(const std::function<bool()>& holds, milliseconds timeout = kDeadline) {
    auto deadline = Clock::now() + timeout;
    for (;;) {
      for (int round = 0; round < 64; ++round) {
        bool progressed = false;
        for (auto& m : machines_) progressed |= m->Tick(Clock::now());
        if (!progressed) break;
      }
      context_.Flush();
      if (holds()) return true;
      if (Clock::now() > deadline) return false;
      bool busy = false;
      for (auto& m : machines_) busy |= m->busy();
      context_.snapshot().Sync(deployment_.store(), busy ? milliseconds(5) : milliseconds(20));
    }
  }
  bool RunUntilState(const std::string& node, const std::string& state) {
    std::string now;
    RunUntil([&] { return (now = deployment_.State(node)) == state || now == "failed"; });
    return now == state;
  }
  // For the few checks that something does NOT happen: runs for a while, whatever happens.
  void RunFor(milliseconds duration) {
    RunUntil([] { return false; }, duration);
  }

  Lines& log() { return lines_; }

 private:
  TestDeployment& deployment_;
  Lines lines_;
  Log log_;
  Context context_;
  std::vector<std::unique_ptr<NodeMachine>> machines_;
};

Json StoredJson(TestDeployment& d, const std::string& key) {
  auto text = d.Get(key);
  if (!text) return nullptr;
  return Json::parse(*text);
}

// A step that fails until its attempt number reaches $SUCCEED_AT, counting in $COUNTER.
constexpr const char* kFlakyScript = R"(n=$(cat "$COUNTER" 2>/dev/null || echo 0)
n=$((n + 1))
echo "$n" > "$COUNTER"
echo "$TOSCA_NODE ${TOSCA_OPERATION#*.} attempt $n" >> "$JOURNAL"
if [ "$n" -lt "$SUCCEED_AT" ]; then echo "not yet: attempt $n"; exit 1; fi
)";

Json FlakyAction(TestDeployment& d, int succeed_at, int retries) {
  std::string run = d.Script("flaky.sh", kFlakyScript);
  return ScriptAction(
      run,
      {{"COUNTER", d.File("counter")}, {"JOURNAL", d.JournalPath()}, {"SUCCEED_AT", succeed_at}},
      retries);
}

TEST(NodeMachineTest, NodeWithoutDependenciesReachesStarted) {
  TestDeployment d;
  Machines machines(d, {d.Node("web", /*checks=*/true).Parse()});
  ASSERT_TRUE(machines.RunUntilState("web", "started"));

  EXPECT_EQ(d.Journal(), (std::vector<std::string>{"web create", "web configure", "web start"}));
  EXPECT_EQ(d.StateHistory("web"),
            (std::vector<std::string>{"initial", "creating", "created", "configuring", "configured",
                                      "starting", "started"}));
  EXPECT_EQ(d.Get(AttributeKey("shop", "web", "tosca_name")), "\"web\"");
  EXPECT_EQ(d.Get(AttributeKey("shop", "web", "tosca_id")), "\"shop/web\"");
  // The last thing it did: the check after start's `do`.
  Json activity = StoredJson(d, d.Key("web", "activity"));
  EXPECT_EQ(activity["step"], "start");
  EXPECT_EQ(activity["phase"], "check");
  EXPECT_EQ(activity["attempt"], 1);
  EXPECT_FALSE(d.Get(d.Key("web", "error")));
  for (const char* step : {"create", "configure", "start"}) {
    EXPECT_TRUE(d.Get(d.Key("web", std::string("done/") + step))) << step;
  }
  EXPECT_TRUE(machines.log().Contains(" web create created "));
  EXPECT_TRUE(machines.log().Contains(" web start started "));
}

TEST(NodeMachineTest, ComputeNodePublishesItsAddresses) {
  TestDeployment d;
  ManifestBuilder server("shop", "server");
  server.Type("tosca.nodes.Compute").Attribute("zone", "eu-1");
  server.Attribute("url", Json{{"get_attribute", {"server", "public_address"}}});
  Machines machines(d, {server.Parse()});
  ASSERT_TRUE(machines.RunUntilState("server", "started"));
  EXPECT_EQ(d.Get(AttributeKey("shop", "server", "private_address")), "\"10.0.0.7\"");
  EXPECT_EQ(d.Get(AttributeKey("shop", "server", "public_address")), "\"10.0.0.7\"");
  EXPECT_EQ(d.Get(AttributeKey("shop", "server", "zone")), "\"eu-1\"");
  // A reference is not a value to publish; the state attribute is the state key.
  EXPECT_FALSE(d.Get(AttributeKey("shop", "server", "url")));
  EXPECT_FALSE(d.Get(AttributeKey("shop", "server", "state")));
  // No step has anything to run: nothing ran, nothing was recorded.
  EXPECT_TRUE(d.Journal().empty());
  EXPECT_EQ(machines.log().Count("(nothing to run)"), 3);
  EXPECT_FALSE(d.Get(d.Key("server", "done/create")));
}

TEST(NodeMachineTest, PassingCheckSkipsTheStep) {
  TestDeployment d;
  for (const char* step : {"create", "configure", "start"}) {
    std::ofstream(d.Mark("web", step)) << "";
  }
  Machines machines(d, {d.Node("web", /*checks=*/true).Parse()});
  ASSERT_TRUE(machines.RunUntilState("web", "started"));
  EXPECT_TRUE(d.Journal().empty());
  EXPECT_EQ(machines.log().Count("(check passed)"), 3);
  // Nothing ran: no success to record.
  EXPECT_FALSE(d.Get(d.Key("web", "done/create")));
}

TEST(NodeMachineTest, CheckStillFailingAfterDoFailsTheStep) {
  TestDeployment d;
  // The step runs but leaves its mark elsewhere: the check after it still fails.
  std::filesystem::create_directories(d.File("elsewhere"));
  ManifestBuilder web = d.Node("web", /*checks=*/true);
  web.Step("create", d.Do({{"MARKS", d.File("elsewhere")}}), d.Check());
  Machines machines(d, {web.Parse()});
  ASSERT_TRUE(machines.RunUntilState("web", "failed"));
  EXPECT_EQ(d.Journal(), std::vector<std::string>{"web create"});
  Json error = StoredJson(d, d.Key("web", "error"));
  EXPECT_EQ(error["step"], "create");
  EXPECT_EQ(error["message"], "create ran, but its check still fails (exit status 1)");
  EXPECT_EQ(error["attempt"], 1);
  EXPECT_TRUE(machines.log().Contains(" web node failed "));
}

TEST(NodeMachineTest, FailedStepIsRetriedUntilItSucceeds) {
  TestDeployment d;
  ManifestBuilder web = d.Node("web", /*checks=*/false);
  web.Step("create", FlakyAction(d, /*succeed_at=*/3, /*retries=*/2));
  Machines machines(d, {web.Parse()});
  ASSERT_TRUE(machines.RunUntilState("web", "started"));
  EXPECT_EQ(d.Journal(),
            (std::vector<std::string>{"web create attempt 1", "web create attempt 2",
                                      "web create attempt 3", "web configure", "web start"}));
  EXPECT_TRUE(machines.log().Contains("retry 1/2 of create in "));
  EXPECT_TRUE(machines.log().Contains("retry 2/2 of create in "));
}

TEST(NodeMachineTest, StepFailingEveryAttemptFailsTheNode) {
  TestDeployment d;
  ManifestBuilder web = d.Node("web", /*checks=*/false);
  web.Step("create", FlakyAction(d, /*succeed_at=*/100, /*retries=*/2));
  Machines machines(d, {web.Parse()});
  ASSERT_TRUE(machines.RunUntilState("web", "failed"));
  EXPECT_EQ(d.Journal(), (std::vector<std::string>{"web create attempt 1", "web create attempt 2",
                                                   "web create attempt 3"}));
  Json error = StoredJson(d, d.Key("web", "error"));
  EXPECT_EQ(error["step"], "create");
  EXPECT_EQ(error["message"], "create exit status 1");
  EXPECT_EQ(error["attempt"], 3);
  std::string output = error["output"].get<std::string>();
  EXPECT_NE(output.find("not yet: attempt 3"), std::string::npos) << output;
  EXPECT_EQ(d.StateHistory("web"), (std::vector<std::string>{"initial", "creating", "failed"}));
  // A failed node stays failed: no further attempts, however long it is left alone.
  machines.RunFor(milliseconds(300));
  EXPECT_EQ(d.Journal().size(), 3u);
  EXPECT_EQ(d.State("web"), "failed");
}

TEST(NodeMachineTest, ScriptThatCannotStartFailsTheStep) {
  TestDeployment d;
  ManifestBuilder web("shop", "web");
  web.Step("create", ScriptAction("artifacts/no-such-script.sh"));
  Machines machines(d, {web.Parse()});
  ASSERT_TRUE(machines.RunUntilState("web", "failed"));
  Json error = StoredJson(d, d.Key("web", "error"));
  EXPECT_EQ(error["step"], "create");
  EXPECT_NE(error["message"].get<std::string>().find("no-such-script.sh"), std::string::npos)
      << error.dump();
}

TEST(NodeMachineTest, StepEnvironmentFollowsTheManifest) {
  TestDeployment d;
  std::string run = d.Script("env.sh", R"(env | grep -E '^(TOSCA_|V_)' | sort > "$OUT"
)");
  ManifestBuilder web("shop", "web");
  web.Step("create", ScriptAction(run, {{"OUT", d.File("env.txt")},
                                        {"V_TEXT", "a b"},
                                        {"V_NUMBER", 8080},
                                        {"V_BOOL", true},
                                        {"V_NULL", nullptr},
                                        {"V_LIST", {1, "x"}},
                                        {"V_MAP", {{"k", "v"}}}}));
  Machines machines(d, {web.Parse()});
  ASSERT_TRUE(machines.RunUntilState("web", "started"));
  std::string env = test::ReadFile(d.File("env.txt"));
  for (const char* line :
       {"TOSCA_DEPLOYMENT=shop\n", "TOSCA_NODE=web\n", "TOSCA_OPERATION=Standard.create\n",
        "V_TEXT=a b\n", "V_NUMBER=8080\n", "V_BOOL=true\n", "V_NULL=\n", "V_LIST=[1,\"x\"]\n",
        "V_MAP={\"k\":\"v\"}\n"}) {
    EXPECT_NE(env.find(line), std::string::npos) << line << "in:\n" << env;
  }
  EXPECT_NE(env.find("TOSCA_OUTPUTS="), std::string::npos) << env;
}

TEST(NodeMachineTest, OutputsArePublishedAndMappedOntoAttributes) {
  TestDeployment d;
  std::string run =
      d.Script("outputs.sh", R"(echo "url=http://10.0.0.5:8080/?a=b" >> "$TOSCA_OUTPUTS"
echo "other=1" >> "$TOSCA_OUTPUTS"
)");
  ManifestBuilder web("shop", "web");
  web.Step("create", ScriptAction(run), nullptr, {{"url", {"SELF", "endpoint"}}});
  Machines machines(d, {web.Parse()});
  ASSERT_TRUE(machines.RunUntilState("web", "started"));
  EXPECT_EQ(d.Get(AttributeKey("shop", "web", "endpoint")), "\"http://10.0.0.5:8080/?a=b\"");
  EXPECT_EQ(d.Get(OutputKey("shop", "web", "Standard", "create", "url")),
            "\"http://10.0.0.5:8080/?a=b\"");
  EXPECT_EQ(d.Get(OutputKey("shop", "web", "Standard", "create", "other")), "\"1\"");
  EXPECT_FALSE(d.Get(AttributeKey("shop", "web", "other")));
}

// get_attribute and get_operation_output in a step's env: the step waits, without running and
// without failing, until the value is published; then it gets the value.
TEST(NodeMachineTest, ReferencesWaitUntilPublished) {
  TestDeployment d;
  ManifestBuilder web = d.Node("web", /*checks=*/false);
  web.Step(
      "create",
      d.Do({{"VALUE", {{"concat", {"db at ", {{"get_attribute", {"db", "endpoint", "host"}}}}}}}}));
  web.Step("configure",
           d.Do({{"VALUE", {{"get_operation_output", {"db", "Standard", "create", "url"}}}}}));
  Machines machines(d, {web.Parse()});

  ASSERT_TRUE(machines.RunUntil([&] {
    return machines.log().Contains("waiting for attribute 'endpoint' of 'db' (for create)");
  }));
  EXPECT_EQ(d.State("web"), "initial");
  // Published, but without the nested key yet: still waiting.
  d.store().Put(AttributeKey("shop", "db", "endpoint"), R"({"port": 5432})");
  ASSERT_TRUE(machines.RunUntil(
      [&] { return machines.log().Contains("waiting for '\"host\"' in attribute 'endpoint'"); }));
  d.store().Put(AttributeKey("shop", "db", "endpoint"), R"({"host": "10.0.0.5", "port": 5432})");

  ASSERT_TRUE(machines.RunUntil([&] {
    return machines.log().Contains(
        "waiting for output 'url' of Standard.create on 'db' (for configure)");
  }));
  EXPECT_EQ(d.Journal(), std::vector<std::string>{"web create db at 10.0.0.5"});
  EXPECT_EQ(d.State("web"), "created");
  d.store().Put(OutputKey("shop", "db", "Standard", "create", "url"), "\"postgres://db\"");
  ASSERT_TRUE(machines.RunUntilState("web", "started"));
  EXPECT_EQ(d.Journal(), (std::vector<std::string>{"web create db at 10.0.0.5",
                                                   "web configure postgres://db", "web start"}));
}

TEST(NodeMachineTest, ReferenceThatCannotBeComputedFailsTheStep) {
  TestDeployment d;
  ManifestBuilder web = d.Node("web", /*checks=*/false);
  web.Step("create", d.Do({{"VALUE", {{"token", {"a,b", ",", 5}}}}}));
  Machines machines(d, {web.Parse()});
  ASSERT_TRUE(machines.RunUntilState("web", "failed"));
  Json error = StoredJson(d, d.Key("web", "error"));
  EXPECT_EQ(error["message"], "create: token index 5 is out of range");
  EXPECT_TRUE(d.Journal().empty());
}

}  // namespace
}  // namespace toscac::agent
