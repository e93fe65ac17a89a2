// Secrets: a step gets the value of {"get_secret": [...]} in its environment, verbatim, and the
// value reaches nothing else: not the store (state, outputs, attributes, failure records,
// success hashes), not the step logs, not the agent's log. Also the secrets file's checks.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "agent_harness.h"
#include "core/secrets.h"
#include "read_file.h"

namespace toscac::agent {
namespace {

using testing::AgentThread;
using testing::ManifestBuilder;
using testing::ScriptAction;
using testing::TestDeployment;

// Shell syntax too, to see that it arrives verbatim and is never run.
const char kSecret[] = "pa55-w0rd $(touch pwned) 'q\"";

Secrets WithPassword() {
  Secrets s;
  s.values["db_password"] = kSecret;
  s.values["keys"] = {{"payment", "pk-live-123456"}};
  s.texts = {kSecret, "pk-live-123456"};
  return s;
}

// Every file under `dir`, concatenated.
std::string AllFiles(const std::string& dir) {
  std::string out;
  std::error_code ec;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file()) out += test::ReadFile(e.path().string());
  }
  return out;
}

// Every key and value the store holds.
std::string AllOfStore(TestDeployment& d) {
  std::string out;
  for (const auto& kv : d.store().Range("").kvs) out += kv.key + "=" + kv.value + "\n";
  return out;
}

Json SecretEnv(const TestDeployment& d) {
  return {{"MARKS", d.dir()},
          {"DB_PASSWORD", {{"get_secret", {"db_password"}}}},
          {"DSN", {{"concat", {"shop:", {{"get_secret", {"db_password"}}}, "@db"}}}},
          {"PAYMENT", {{"get_secret", {"keys", "payment"}}}}};
}

TEST(AgentSecretsTest, AStepGetsTheSecretVerbatimAndNothingElseHoldsIt) {
  TestDeployment d;
  d.SetSecrets(WithPassword());
  // The step proves it got the values, then prints them, split across two writes, and
  // publishes one as an output and an attribute.
  std::string create = d.Script("create.sh", R"(printf '%s' "$DB_PASSWORD" > "$MARKS/got"
printf '%s' "$DSN" > "$MARKS/dsn"
printf '%s' "$PAYMENT" > "$MARKS/payment"
echo "password is $DB_PASSWORD"
printf 'pa55-w0'; sleep 0.05; printf 'rd $(touch pwned) '"'"'q"\n'
echo "key $PAYMENT" >&2
echo "token=$DB_PASSWORD" >> "$TOSCA_OUTPUTS"
)");
  ManifestBuilder db(d.name(), "db");
  db.Step("create", ScriptAction(create, SecretEnv(d)), nullptr, {{"token", {"SELF", "db_token"}}});
  AgentThread agent(d, {db.Parse()});
  ASSERT_TRUE(d.WaitForState("db", "started"));

  EXPECT_EQ(test::ReadFile(d.File("got")), kSecret);
  EXPECT_EQ(test::ReadFile(d.File("dsn")), std::string("shop:") + kSecret + "@db");
  EXPECT_EQ(test::ReadFile(d.File("payment")), "pk-live-123456");
  EXPECT_FALSE(std::filesystem::exists(d.File("pwned")));
  EXPECT_FALSE(std::filesystem::exists(d.dir() + "/../pwned"));

  std::string logs = AllFiles(d.LogDir());
  EXPECT_EQ(logs.find("pa55"), std::string::npos) << logs;
  EXPECT_EQ(logs.find("pk-live"), std::string::npos) << logs;
  EXPECT_NE(logs.find("password is ********"), std::string::npos) << logs;
  EXPECT_NE(logs.find("\n********\n"), std::string::npos) << logs;  // the split one
  EXPECT_NE(logs.find("key ********"), std::string::npos) << logs;

  std::string store = AllOfStore(d);
  EXPECT_EQ(store.find("pa55"), std::string::npos) << store;
  EXPECT_NE(store.find("db_token=\"********\""), std::string::npos) << store;
  EXPECT_NE(store.find("/done/"), std::string::npos) << store;  // the success record is there
  for (const std::string& line : d.log().Get()) {
    EXPECT_EQ(line.find("pa55"), std::string::npos) << line;
  }
}

TEST(AgentSecretsTest, AFailureRecordHoldsTheOutputRedacted) {
  TestDeployment d;
  d.SetSecrets(WithPassword());
  std::string create = d.Script("create.sh", R"(echo "cannot log in with $DB_PASSWORD"
exit 3
)");
  ManifestBuilder db(d.name(), "db");
  db.Step("create", ScriptAction(create, SecretEnv(d)));
  AgentThread agent(d, {db.Parse()});
  ASSERT_TRUE(d.WaitForState("db", "failed"));
  auto error = d.Get(d.Key("db", "error"));
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("cannot log in with ********"), std::string::npos) << *error;
  EXPECT_EQ(AllOfStore(d).find("pa55"), std::string::npos);
}

TEST(AgentSecretsTest, AMissingSecretFailsTheStepWithoutRunningIt) {
  TestDeployment d;  // no secrets given
  std::string create = d.Script("create.sh", "touch \"$MARKS/ran\"\n");
  ManifestBuilder db(d.name(), "db");
  db.Step("create", ScriptAction(create, SecretEnv(d)));
  Manifest m = db.Parse();
  EXPECT_EQ(MissingSecrets(m, Secrets{}),
            "  node 'db' needs secret 'db_password'\n  node 'db' needs secret 'keys'\n");
  AgentThread agent(d, {m});
  ASSERT_TRUE(d.WaitForState("db", "failed"));
  EXPECT_FALSE(std::filesystem::exists(d.File("ran")));
  auto error = d.Get(d.Key("db", "error"));
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("secret 'db_password' is not in the agent's secrets file"),
            std::string::npos)
      << *error;
}

// The secrets file is refused unless only its owner can read it, like an ssh key.
class SecretsFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/toscac-secrets-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text, mode_t mode) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    chmod(path.c_str(), mode);
    return path;
  }
  std::string dir_;
};

TEST_F(SecretsFileTest, AcceptsAnObjectOnlyItsOwnerCanRead) {
  std::string error;
  auto s = LoadSecrets(Write("s.json", R"({"b": "x", "a": "longer", "n": 42})", 0600), error);
  ASSERT_TRUE(s) << error;
  EXPECT_EQ(s->values.size(), 3u);
  EXPECT_EQ(s->texts, (std::vector<std::string>{"longer", "42", "x"}));  // longest first
}

TEST_F(SecretsFileTest, RefusesAFileOthersCanRead) {
  std::string error;
  EXPECT_FALSE(LoadSecrets(Write("s.json", R"({"a": "b"})", 0644), error));
  EXPECT_NE(error.find("others can read or change it (mode 0644): chmod 600 it"), std::string::npos)
      << error;
}

TEST_F(SecretsFileTest, RefusesASymlinkADirectoryAndAMissingFile) {
  std::string error;
  std::string target = Write("s.json", R"({"a": "b"})", 0600);
  std::string link = dir_ + "/link.json";
  ASSERT_EQ(symlink(target.c_str(), link.c_str()), 0);
  EXPECT_FALSE(LoadSecrets(link, error));
  EXPECT_NE(error.find("symbolic link"), std::string::npos) << error;
  EXPECT_FALSE(LoadSecrets(dir_, error));
  EXPECT_FALSE(LoadSecrets(dir_ + "/missing.json", error));
}

TEST_F(SecretsFileTest, RefusesWhatIsNotAJsonObjectWithoutQuotingIt) {
  std::string error;
  EXPECT_FALSE(LoadSecrets(Write("s.json", "password: hunter2\n", 0600), error));
  EXPECT_NE(error.find("is not a JSON object"), std::string::npos) << error;
  EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;
  EXPECT_FALSE(LoadSecrets(Write("t.json", R"(["hunter2"])", 0600), error));
  EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;
}

}  // namespace
}  // namespace toscac::agent
