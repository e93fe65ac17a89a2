// Several instances of a node template: the leader they elect, and rolling updates of the
// properties `toscac set` changes (settings/<template> in the store).
#include <gtest/gtest.h>

#include <memory>

#include "agent_harness.h"
#include "core/keys.h"

namespace toscac::agent {
namespace {

using testing::AgentThread;
using testing::Eventually;
using testing::ManifestBuilder;
using testing::ScriptAction;
using testing::TestDeployment;

std::string Instance(int i) { return "web[" + std::to_string(i) + "]"; }

// Three instances of web, each on an agent of its own. configure writes $TITLE (the property
// `title`) into the journal and a file; its check passes when the file holds $TITLE.
struct Web {
  explicit Web(TestDeployment& d) {
    std::string configure = d.Script("configure.sh", R"(sleep 0.1
echo "$TOSCA_NODE configure $TITLE leader=$TOSCA_LEADER $TOSCA_LEADER_NODE" >> "$JOURNAL"
printf '%s' "$TITLE" > "$MARKS/$TOSCA_NODE.title"
)");
    std::string check =
        d.Script("check_configure.sh", R"sh([ "$(cat "$MARKS/$TOSCA_NODE.title")" = "$TITLE" ]
)sh");
    Json env = {{"JOURNAL", d.JournalPath()}, {"MARKS", d.dir()}, {"TITLE", "old"}};
    Json act = ScriptAction(configure, env), verify = ScriptAction(check, env);
    act["env_properties"] = verify["env_properties"] = {{"TITLE", "title"}};
    for (int i = 0; i < 3; ++i) {
      ManifestBuilder b(d.name(), Instance(i));
      b.Instance("web", i, 3).Property("title", "old").Step("configure", act, verify);
      agents.push_back(std::make_unique<AgentThread>(d, std::vector<Manifest>{b.Parse()}));
    }
  }
  std::vector<std::unique_ptr<AgentThread>> agents;
};

// Journal lines starting with `prefix`.
int Runs(const TestDeployment& d, const std::string& prefix) {
  int n = 0;
  for (const std::string& line : d.Journal()) n += line.rfind(prefix, 0) == 0;
  return n;
}

std::string Leader(TestDeployment& d) { return d.Get(LeaderKey(d.name(), "web")).value_or(""); }

TEST(AgentInstanceTest, InstancesElectOneLeaderAndStepsSeeIt) {
  TestDeployment d;
  Web web(d);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(d.WaitForState(Instance(i), "started"));
  std::string leader = Leader(d);
  ASSERT_FALSE(leader.empty());
  // Every instance ran configure knowing the same leader; only the leader was told it leads.
  for (int i = 0; i < 3; ++i) {
    bool leads = Instance(i) == leader;
    EXPECT_EQ(
        d.Count(Instance(i) + " configure old leader=" + (leads ? "true " : "false ") + leader), 1)
        << Instance(i);
  }
  // The leader's agent stops: its lease goes, and one of the others takes over.
  int index = leader[4] - '0';
  web.agents[index]->Stop();
  ASSERT_TRUE(Eventually([&] {
    std::string now = Leader(d);
    return !now.empty() && now != leader;
  }));
  std::string next = Leader(d);
  for (int i = 0; i < 3; ++i) {
    if (i == index) continue;
    EXPECT_TRUE(web.agents[i]->WaitForLog(Instance(i) + " leader: " + next));
  }
}

TEST(AgentRollingUpdateTest, InstancesApplyASettingOneAtATimeInIndexOrder) {
  TestDeployment d;
  Web web(d);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(d.WaitForState(Instance(i), "started"));
  d.store().Put(SettingsKey(d.name(), "web"),
                Json({{"generation", 1}, {"properties", {{"title", "new"}}}}).dump());
  ASSERT_TRUE(Eventually([&] { return Runs(d, "web[2] configure new") == 1; }));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(d.WaitForState(Instance(i), "started"));
  // Each instance is started again with the new title before the next one begins.
  std::vector<std::string> lines = d.log().Get();
  auto position = [&](const std::string& fragment, int occurrence) {
    int seen = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].find(fragment) != std::string::npos && ++seen == occurrence) return int(i);
    }
    return -1;
  };
  for (int i = 0; i < 2; ++i) {
    int restarted = position(" " + Instance(i) + " node started", 2);
    int next = position(" " + Instance(i + 1) + " applying settings 1", 1);
    ASSERT_GE(restarted, 0) << Instance(i);
    ASSERT_GE(next, 0) << Instance(i + 1);
    EXPECT_LT(restarted, next) << Instance(i) << " must be started again before " << Instance(i + 1)
                               << " begins";
  }
  for (int i = 0; i < 3; ++i) {
    std::string node = Instance(i);
    auto applied = Json::parse(d.Get(d.Key(node, "generation")).value_or("{}"));
    EXPECT_EQ(applied.value("generation", 0), 1) << node;
    EXPECT_EQ(d.Count(node + " configure old leader=" +
                      std::string(Leader(d) == node ? "true " : "false ") + Leader(d)),
              1);
  }
  // The same settings again change nothing: no step runs.
  d.store().Put(SettingsKey(d.name(), "web"),
                Json({{"generation", 2}, {"properties", {{"title", "new"}}}}).dump());
  ASSERT_TRUE(Eventually([&] {
    auto applied = Json::parse(d.Get(d.Key(Instance(2), "generation")).value_or("{}"));
    return applied.value("generation", 0) == 2;
  }));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Runs(d, Instance(i) + " configure new"), 1);
}

}  // namespace
}  // namespace toscac::agent
