// Agents that stop and start again on the same store: what was done is not done again; one
// agent per node at a time.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "agent_harness.h"
#include "core/keys.h"

namespace toscac::agent {
namespace {

using std::chrono::milliseconds;
using testing::AgentThread;
using testing::Eventually;
using testing::ManifestBuilder;
using testing::ScriptAction;
using testing::TestDeployment;
using Strings = std::vector<std::string>;

const Strings kUp = {"web create", "web configure", "web start"};

TEST(AgentRestartTest, ChecksKeepDoneStepsFromRunningAgain) {
  TestDeployment d;
  ManifestBuilder web = d.Node("web", /*checks=*/true);
  {
    AgentThread first(d, {web.Parse()});
    ASSERT_TRUE(d.WaitForState("web", "started"));
  }
  // Stopped: its claim is released, its state kept.
  EXPECT_FALSE(d.Get(d.Key("web", "agent")));
  EXPECT_EQ(d.State("web"), "started");
  int64_t before = d.Revision();

  AgentThread second(d, {web.Parse()});
  ASSERT_TRUE(second.WaitForLog(" web start started "));
  EXPECT_EQ(second.log().Count("(check passed)"), 3);
  EXPECT_EQ(d.Journal(), kUp);
  // A started node stays started while its agent verifies it.
  EXPECT_EQ(d.StateHistory("web", before), Strings{});
}

// Without checks, a success is recorded as done/<step> = a hash of the step's inputs.
TEST(AgentRestartTest, DoneRecordsKeepCheckLessStepsFromRunningAgain) {
  TestDeployment d;
  ManifestBuilder web = d.Node("web", /*checks=*/false);
  {
    AgentThread first(d, {web.Parse()});
    ASSERT_TRUE(d.WaitForState("web", "started"));
  }
  auto done = d.Get(d.Key("web", "done/configure"));
  ASSERT_TRUE(done);
  EXPECT_EQ(done->size(), 16u) << *done;
  int64_t before = d.Revision();

  AgentThread second(d, {web.Parse()});
  ASSERT_TRUE(second.WaitForLog(" web start started "));
  EXPECT_EQ(second.log().Count("(done earlier)"), 3);
  EXPECT_EQ(d.Journal(), kUp);
  EXPECT_EQ(d.StateHistory("web", before), Strings{});
  EXPECT_EQ(d.Get(d.Key("web", "done/configure")), done);
}

TEST(AgentRestartTest, ChangedInputRunsTheStepAgain) {
  TestDeployment d;
  ManifestBuilder web = d.Node("web", /*checks=*/false);
  {
    AgentThread first(d, {web.Parse()});
    ASSERT_TRUE(d.WaitForState("web", "started"));
  }
  int64_t before = d.Revision();
  web.Step("configure", d.Do({{"VALUE", "v2"}}));

  AgentThread second(d, {web.Parse()});
  ASSERT_TRUE(second.WaitForLog(" web start started "));
  EXPECT_EQ(d.Journal(), (Strings{"web create", "web configure", "web start", "web configure v2"}));
  // The log line comes first; the states reach the store at the end of the agent's pass.
  ASSERT_TRUE(Eventually([&] {
    Strings states = d.StateHistory("web", before);
    return !states.empty() && states.back() == "started";
  }));
  // `start` was done earlier with the same inputs: nothing ran under `starting`, which passed
  // on to `started` before the store saw it (docs/agent.md, "The state machine").
  EXPECT_EQ(d.StateHistory("web", before), (Strings{"configuring", "configured", "started"}));
}

// An agent stopped in the middle of a step kills it; the next one runs the step again.
TEST(AgentRestartTest, StepCutShortRunsAgain) {
  TestDeployment d;
  ManifestBuilder slow = d.Node("web", /*checks=*/true);
  slow.Step("create", d.Do({{"SLEEP", "30"}}), d.Check());
  {
    AgentThread first(d, {slow.Parse()});
    ASSERT_TRUE(testing::Eventually([&] {
      auto activity = d.Get(d.Key("web", "activity"));
      return activity && Json::parse(*activity)["phase"] == "do";
    }));
    auto stopping = Clock::now();
    first.Stop();
    // At most the kill grace (2 s) of the step it kills.
    EXPECT_LT(Clock::now() - stopping, milliseconds(4000));
  }
  EXPECT_EQ(d.State("web"), "creating");
  EXPECT_TRUE(d.Journal().empty());

  AgentThread second(d, {d.Node("web", /*checks=*/true).Parse()});
  ASSERT_TRUE(d.WaitForState("web", "started"));
  EXPECT_EQ(d.Journal(), kUp);
}

// A failed node stays failed; a new agent (`toscac up` again) tries again from its first step.
TEST(AgentRestartTest, NewAgentTriesAFailedNodeAgain) {
  TestDeployment d;
  ManifestBuilder web = d.Node("web", /*checks=*/true);
  std::string configure = d.Script("configure.sh", R"(echo "web configure" >> "$JOURNAL"
test ! -e "$BROKEN"
)");
  web.Step("configure",
           ScriptAction(configure, {{"JOURNAL", d.JournalPath()}, {"BROKEN", d.File("broken")}}));
  std::ofstream(d.File("broken")) << "";
  {
    AgentThread first(d, {web.Parse()});
    ASSERT_TRUE(d.WaitForState("web", "failed"));
  }
  std::filesystem::remove(d.File("broken"));
  AgentThread second(d, {web.Parse()});
  // (Not WaitForState: that gives up at once on a node that is still failed.)
  ASSERT_TRUE(Eventually([&] { return d.State("web") == "started"; }));
  EXPECT_EQ(d.Journal(), (Strings{"web create", "web configure", "web configure", "web start"}));
}

TEST(AgentClaimTest, SecondAgentForANodeWaitsForTheFirst) {
  TestDeployment d;
  ManifestBuilder web = d.Node("web", /*checks=*/true);
  AgentThread first(d, {web.Parse()});
  ASSERT_TRUE(d.WaitForState("web", "started"));
  Json claim = Json::parse(d.Get(d.Key("web", "agent")).value_or("null"));
  EXPECT_EQ(claim, (Json{{"pid", static_cast<int64_t>(getpid())}, {"host", "test-host"}}));

  AgentThread second(d, {web.Parse()});
  ASSERT_TRUE(second.WaitForLog(" web waiting for the agent holding it "));
  first.Stop();
  ASSERT_TRUE(second.WaitForLog(" web start started "));
  EXPECT_EQ(d.Journal(), kUp);
}

// The waiting agent read the store before it waited; once it holds the node it must go on from
// the node's state as it is then, not as it was.
// The claim of an agent of this host whose process is gone (SIGKILLed, say) is taken over at
// once, without waiting for its lease to expire.
TEST(AgentClaimTest, ClaimOfAGoneAgentIsTakenOverAtOnce) {
  TestDeployment d;
  pid_t gone = fork();
  if (gone == 0) _exit(0);
  ASSERT_GT(gone, 0);
  ASSERT_EQ(waitpid(gone, nullptr, 0), gone);
  std::string key = d.Key("web", "agent");
  int64_t lease = d.store().GrantLease(std::chrono::seconds(3600));
  d.store().Put(key, Json{{"pid", gone}, {"host", "test-host"}}.dump(), lease);

  AgentThread agent(d, {d.Node("web", /*checks=*/true).Parse()});
  ASSERT_TRUE(d.WaitForState("web", "started"));
  EXPECT_FALSE(agent.log().Contains("waiting for the agent holding it"));
  EXPECT_EQ(Json::parse(d.Get(key).value_or("null"))["pid"], getpid());
}

// An agent of another host is never taken for gone: its claim holds until its lease ends.
TEST(AgentClaimTest, ClaimOfAnotherHostIsWaitedFor) {
  TestDeployment d;
  std::string key = d.Key("web", "agent");
  int64_t lease = d.store().GrantLease(std::chrono::seconds(3600));
  d.store().Put(key, Json{{"pid", 999999}, {"host", "elsewhere"}}.dump(), lease);

  AgentThread agent(d, {d.Node("web", /*checks=*/true).Parse()});
  ASSERT_TRUE(agent.WaitForLog(" web waiting for the agent holding it "));
  EXPECT_EQ(d.State("web"), "absent");
  d.store().RevokeLease(lease);
  ASSERT_TRUE(d.WaitForState("web", "started"));
  EXPECT_EQ(d.Journal(), kUp);
}

TEST(AgentClaimTest, AgentThatWaitedReadsTheStateOnceItHoldsTheNode) {
  TestDeployment d;
  ManifestBuilder web = d.Node("web", /*checks=*/true);
  web.Step("create", d.Do({{"SLEEP", "1"}}), d.Check());
  AgentThread first(d, {web.Parse()});
  ASSERT_TRUE(d.WaitForState("web", "creating"));
  AgentThread second(d, {web.Parse()});
  ASSERT_TRUE(second.WaitForLog(" web waiting for the agent holding it "));
  ASSERT_TRUE(d.WaitForState("web", "started"));
  int64_t before = d.Revision();

  first.Stop();
  ASSERT_TRUE(second.WaitForLog(" web start started "));
  EXPECT_EQ(d.Journal(), kUp);
  // Dependants and reactions would see the node go down and up again for nothing.
  EXPECT_EQ(d.StateHistory("web", before), Strings{});
}

// Lease time that passes only when the test says so.
store::MemoryStoreOptions ManualLeaseClock(std::shared_ptr<std::atomic<int64_t>> now_ms) {
  store::MemoryStoreOptions options;
  options.now_ms = [now_ms] { return now_ms->load(); };
  return options;
}

TEST(AgentLeaseTest, ExpiredLeaseIsClaimedAgain) {
  auto now_ms = std::make_shared<std::atomic<int64_t>>(1'000'000);
  TestDeployment d("shop", ManualLeaseClock(now_ms));
  AgentThread agent(d, {d.Node("web", /*checks=*/true).Parse()});
  ASSERT_TRUE(d.WaitForState("web", "started"));
  std::string key = d.Key("web", "agent");
  auto claim = d.Get(key);
  ASSERT_TRUE(claim);

  *now_ms += 10'000;  // the machine slept, say
  EXPECT_FALSE(d.Get(key));
  ASSERT_TRUE(agent.WaitForLog("lease expired: claiming the nodes again"));
  ASSERT_TRUE(Eventually([&] { return d.Get(key).has_value(); }));
  EXPECT_EQ(d.Get(key), claim);
  EXPECT_EQ(d.State("web"), "started");
  agent.Stop();
  EXPECT_EQ(agent.exit_code(), 0);
  EXPECT_FALSE(d.Get(key));
  EXPECT_EQ(d.Journal(), kUp);
}

TEST(AgentLeaseTest, StopIsHonouredWhileClaimingAgainAfterTheLeaseExpired) {
  auto now_ms = std::make_shared<std::atomic<int64_t>>(1'000'000);
  TestDeployment d("shop", ManualLeaseClock(now_ms));
  AgentThread agent(d, {d.Node("web", /*checks=*/true).Parse()});
  ASSERT_TRUE(d.WaitForState("web", "started"));

  // The agent's lease expires (its machine slept, say) and another live agent of this host
  // holds the node by then: the test plays that agent, with a lease of its own.
  std::string key = d.Key("web", "agent");
  auto held = d.store().Get(key);
  ASSERT_TRUE(held);
  int64_t other = d.store().GrantLease(std::chrono::seconds(3600));
  ASSERT_TRUE(d.store().CompareAndSwap(key, held->mod_revision, held->value, other));
  *now_ms += 10'000;
  ASSERT_TRUE(agent.WaitForLog("lease expired: claiming the nodes again"));
  ASSERT_TRUE(agent.WaitForLog(" web waiting for the agent holding it "));

  agent.RequestStop();
  bool returned = agent.WaitReturned(milliseconds(3000));
  // Let the node go, so that the test ends even while the bug is there.
  d.store().RevokeLease(other);
  EXPECT_TRUE(returned) << "Run ignored its stop flag while claiming the node again";
  ASSERT_TRUE(agent.WaitReturned());
  EXPECT_EQ(agent.exit_code(), 0);
}

}  // namespace
}  // namespace toscac::agent
