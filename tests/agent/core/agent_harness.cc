#include "agent_harness.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/keys.h"

namespace toscac::agent::testing {

namespace {
using std::chrono::milliseconds;

constexpr const char* kDoScript = R"(# The standard step: journal it, leave its mark.
if [ -n "$SLEEP" ]; then sleep "$SLEEP"; fi
op=${TOSCA_OPERATION#*.}
echo "$TOSCA_NODE $op${VALUE:+ $VALUE}" >> "$JOURNAL"
touch "$MARKS/$TOSCA_NODE.$op"
)";

constexpr const char* kCheckScript = R"(# Done when the step left its mark.
test -e "$MARKS/$TOSCA_NODE.${TOSCA_OPERATION#*.}"
)";

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}
}  // namespace

bool Eventually(const std::function<bool()>& holds, milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (holds()) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(5));
  }
}

void Lines::Add(const std::string& line) {
  std::lock_guard lock(mu_);
  lines_.push_back(line);
}

std::vector<std::string> Lines::Get() const {
  std::lock_guard lock(mu_);
  return lines_;
}

bool Lines::Contains(const std::string& fragment) const { return Count(fragment) > 0; }

int Lines::Count(const std::string& fragment) const {
  std::lock_guard lock(mu_);
  return static_cast<int>(std::count_if(lines_.begin(), lines_.end(), [&](const std::string& l) {
    return l.find(fragment) != std::string::npos;
  }));
}

TestDeployment::TestDeployment(const std::string& name, store::MemoryStoreOptions store_options)
    : name_(name), store_(std::move(store_options)) {
  std::string pattern = ::testing::TempDir() + "toscac_core_XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp " << pattern << " failed";
  root_ = pattern;
  dir_ = root_ + "/deployment";
  std::filesystem::create_directories(dir_ + "/artifacts");
  std::filesystem::create_directories(root_ + "/marks");
  Script("do.sh", kDoScript);
  Script("check.sh", kCheckScript);
}

TestDeployment::~TestDeployment() {
  if (::testing::Test::HasFailure()) {
    std::cerr << "--- agent log\n";
    for (const std::string& line : log_.Get()) std::cerr << line << "\n";
    std::cerr << "--- journal\n";
    for (const std::string& line : Journal()) std::cerr << line << "\n";
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root_ + "/logs", ec)) {
      if (!entry.is_regular_file()) continue;
      std::cerr << "--- " << entry.path().string().substr(root_.size() + 1) << "\n"
                << std::ifstream(entry.path()).rdbuf();
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(root_, ec);
}

AgentOptions TestDeployment::Options() const {
  AgentOptions options;
  options.deployment_dir = dir_;
  options.log_dir = root_ + "/logs";
  options.heal_interval = milliseconds(200);
  options.retry_base = milliseconds(20);
  options.lease_ttl = std::chrono::seconds(2);
  options.address = "10.0.0.7";
  options.host = "test-host";
  options.secrets = secrets_;
  return options;
}

std::string TestDeployment::Script(const std::string& file, const std::string& body) const {
  std::string path = dir_ + "/artifacts/" + file;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << "#!/bin/sh\n" << body;
  chmod(path.c_str(), 0755);
  return "artifacts/" + file;
}

Json TestDeployment::Do(Json env, int retries) const {
  Json all = {{"JOURNAL", JournalPath()}, {"MARKS", root_ + "/marks"}};
  for (const auto& [name, value] : env.items()) all[name] = value;
  return ScriptAction("artifacts/do.sh", std::move(all), retries);
}

Json TestDeployment::Check() const {
  return ScriptAction("artifacts/check.sh", {{"MARKS", root_ + "/marks"}});
}

ManifestBuilder TestDeployment::Node(const std::string& node, bool checks) const {
  ManifestBuilder b(name_, node);
  for (const char* step : {"create", "configure", "start", "stop", "delete"}) {
    b.Step(step, Do(), checks ? Check() : Json(nullptr));
  }
  return b;
}

std::string TestDeployment::Mark(const std::string& node, const std::string& operation) const {
  return root_ + "/marks/" + node + "." + operation;
}

std::vector<std::string> TestDeployment::Journal() const { return ReadLines(JournalPath()); }

int TestDeployment::Count(const std::string& line) const {
  std::vector<std::string> lines = Journal();
  return static_cast<int>(std::count(lines.begin(), lines.end(), line));
}

::testing::AssertionResult TestDeployment::InOrder(const std::vector<std::string>& lines) const {
  std::vector<std::string> journal = Journal();
  auto last = journal.begin();
  for (size_t i = 0; i < lines.size(); ++i) {
    auto it = std::find(journal.begin(), journal.end(), lines[i]);
    if (it == journal.end()) return ::testing::AssertionFailure() << "no '" << lines[i] << "'";
    if (i > 0 && it <= last) {
      return ::testing::AssertionFailure()
             << "'" << lines[i] << "' before '" << lines[i - 1] << "'";
    }
    last = it;
  }
  return ::testing::AssertionSuccess();
}

bool TestDeployment::WaitForJournal(const std::string& line, int count,
                                    milliseconds timeout) const {
  return Eventually([&] { return Count(line) >= count; }, timeout);
}

std::string TestDeployment::Key(const std::string& node, const std::string& leaf) const {
  return NodeKey(name_, node, leaf);
}

std::optional<std::string> TestDeployment::Get(const std::string& key) {
  std::optional<store::KeyValue> kv = store_.Get(key);
  if (!kv) return std::nullopt;
  return kv->value;
}

std::string TestDeployment::State(const std::string& node) {
  return Get(Key(node, "state")).value_or("absent");
}

bool TestDeployment::WaitForState(const std::string& node, const std::string& state,
                                  milliseconds timeout) {
  // A failed node will not get anywhere else: no need to wait for the deadline.
  std::string now;
  Eventually([&] { return (now = State(node)) == state || now == "failed"; }, timeout);
  return now == state;
}

std::vector<std::string> TestDeployment::StateHistory(const std::string& node,
                                                      int64_t after_revision) {
  store::WatchResult events = store_.Watch(Key(node, "state"), after_revision + 1, milliseconds(0));
  EXPECT_FALSE(events.compacted) << "the store dropped the events of '" << node << "'";
  std::vector<std::string> states;
  for (const store::Event& e : events.events) {
    if (e.kv.key != Key(node, "state")) continue;
    states.push_back(e.type == store::Event::Type::kPut ? e.kv.value : "<deleted>");
  }
  return states;
}

int64_t TestDeployment::Revision() { return store_.Range(DeploymentPrefix(name_)).revision; }

void TestDeployment::SetDesired(const std::string& desired) {
  store_.Put(DeploymentPrefix(name_) + "desired", desired);
}

AgentThread::AgentThread(TestDeployment& deployment, std::vector<Manifest> manifests)
    : log_([this, &deployment](const std::string& line) {
        lines_.Add(line);
        deployment.log().Add(line);
      }),
      context_(deployment.store(), deployment.name(), deployment.Options(), log_),
      agent_(context_, std::move(manifests)),
      thread_([this] {
        exit_code_ = agent_.Run(stop_);
        returned_ = true;
      }) {}

AgentThread::~AgentThread() { Stop(); }

void AgentThread::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

bool AgentThread::WaitReturned(milliseconds timeout) {
  if (!Eventually([&] { return returned_.load(); }, timeout)) return false;
  if (thread_.joinable()) thread_.join();
  return true;
}

bool AgentThread::WaitForLog(const std::string& fragment, milliseconds timeout) {
  return Eventually([&] { return lines_.Contains(fragment); }, timeout);
}

}  // namespace toscac::agent::testing
