// Manifests of the samples: valid against the schemas, byte-stable, and ordered by the rules of
// docs/manifest-format.md; artifacts copied and hashed, unsafe ones refused.
#include <algorithm>
#include <deque>

#include "emit/sha256.h"
#include "emit_test_util.h"

namespace toscac::testing {
namespace {

using nlohmann::json;

std::vector<fs::path> Samples() {
  std::vector<fs::path> out;
  for (const auto& dir : fs::directory_iterator(kSourceDir / "samples")) {
    for (const auto& f : fs::directory_iterator(dir.path())) {
      if (f.path().extension() == ".yaml") out.push_back(f.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

json Plain(const emit::Json& doc) { return json::parse(emit::JsonText(doc)); }

// The manifest of `node`, parsed from its text. Each one parsed is kept until the test program
// ends, so that references into it stay valid (`Manifest(d, "app")["steps"][0]`).
const emit::Json& Manifest(const emit::Deployment& d, const std::string& node) {
  static std::deque<emit::Json> parsed;
  for (const auto& [name, text] : d.manifests) {
    if (name == node) return parsed.emplace_back(emit::Json::parse(text));
  }
  static const emit::Json kNone;
  ADD_FAILURE() << "no manifest for '" << node << "'";
  return kNone;
}

bool Has(const emit::Json& list, const emit::Json& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

emit::Json Wait(const std::string& node, const std::string& state, const std::string& before) {
  return emit::Json{{"node", node}, {"state", state}, {"before", before}};
}

// Every file of a directory tree, by relative path.
std::map<std::string, std::string> Tree(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& f : fs::recursive_directory_iterator(root)) {
    if (f.is_regular_file()) out[fs::relative(f.path(), root).string()] = ReadFile(f.path());
  }
  return out;
}

TEST(Manifests, EverySampleCompilesAndValidates) {
  ManifestSchemas schemas;
  ASSERT_FALSE(Samples().empty());
  for (const fs::path& sample : Samples()) {
    SCOPED_TRACE(sample.string());
    Compiled c = Compile(sample);
    ASSERT_FALSE(c.errors) << c.diagnostics;
    EXPECT_EQ(c.diagnostics, "");
    TempDir out;
    std::string error;
    ASSERT_TRUE(emit::WriteDeployment(c.deployment, out.path(), &error)) << error;
    EXPECT_EQ(ValidateTree(schemas, out.path()), "");
    EXPECT_EQ(schemas.Ir(Plain(emit::IrDocument(c.deployment))), "");
    for (const emit::ArtifactFile& f : c.deployment.artifacts) {
      ASSERT_TRUE(f.sha256) << f.file;
      EXPECT_EQ(emit::Sha256File(out.path() / f.path), f.sha256) << f.path;
    }
  }
}

TEST(Manifests, SameInputSameBytes) {
  for (const fs::path& sample : Samples()) {
    SCOPED_TRACE(sample.string());
    TempDir a, b;
    std::string error;
    ASSERT_TRUE(emit::WriteDeployment(Compile(sample).deployment, a.path(), &error)) << error;
    ASSERT_TRUE(emit::WriteDeployment(Compile(sample).deployment, b.path(), &error)) << error;
    EXPECT_EQ(Tree(a.path()), Tree(b.path()));
  }
}

TEST(Manifests, SchemaRejectsWhatIsNotAManifest) {
  ManifestSchemas schemas;
  Compiled c = Compile(kSourceDir / "samples/maintenance/maintenance.yaml");
  ASSERT_FALSE(c.errors) << c.diagnostics;
  json web = Plain(Manifest(c.deployment, "web"));
  ASSERT_EQ(schemas.Manifest(web), "");
  json bad = web;
  bad["manifest_version"] = 2;
  EXPECT_NE(schemas.Manifest(bad), "");
  bad = web;
  bad.erase("steps");
  EXPECT_NE(schemas.Manifest(bad), "");
  bad = web;
  bad["extra"] = true;
  EXPECT_NE(schemas.Manifest(bad), "");
  bad = web;
  std::swap(bad["steps"][0], bad["steps"][1]);
  EXPECT_NE(schemas.Manifest(bad), "");
  bad = Plain(c.deployment.index);
  bad["content_hash"] = "abc";
  EXPECT_NE(schemas.Index(bad), "");
}

// HostedOn and DependsOn: created after the target started. ConnectsTo: configured after.
TEST(Manifests, WebshopOrdering) {
  Compiled c = Compile(kSourceDir / "samples/webshop/webshop.yaml");
  ASSERT_FALSE(c.errors) << c.diagnostics;
  const emit::Json& shop = Manifest(c.deployment, "shop");
  EXPECT_TRUE(Has(shop["wait_for"], Wait("app_server", "started", "create"))) << shop["wait_for"];
  EXPECT_TRUE(Has(shop["wait_for"], Wait("shop_db", "started", "configure"))) << shop["wait_for"];
  const emit::Json& lb = Manifest(c.deployment, "lb");
  EXPECT_TRUE(Has(lb["wait_for"], Wait("web1", "started", "configure")));
  EXPECT_TRUE(Has(lb["wait_for"], Wait("web2", "started", "configure")));
  EXPECT_EQ(shop["host"], "app_server");
  EXPECT_EQ(shop["compute"], "app_host");
  // Teardown is the reverse: a host stops once what it hosts is deleted.
  const emit::Json& app_server = Manifest(c.deployment, "app_server");
  EXPECT_TRUE(Has(app_server["teardown_wait_for"], Wait("shop", "deleted", "stop")));
  EXPECT_TRUE(
      Has(Manifest(c.deployment, "shop_db")["teardown_wait_for"], Wait("shop", "stopped", "stop")));
}

TEST(Manifests, MaintenanceTargetChanged) {
  Compiled c = Compile(kSourceDir / "samples/maintenance/maintenance.yaml");
  ASSERT_FALSE(c.errors) << c.diagnostics;
  const emit::Json& web = Manifest(c.deployment, "web");
  EXPECT_TRUE(Has(web["wait_for"], Wait("db", "started", "configure"))) << web["wait_for"];
  EXPECT_TRUE(Has(web["wait_for"], Wait("server", "started", "create")));
  ASSERT_EQ(web["relationship_operations"].size(), 1u);
  const emit::Json& op = web["relationship_operations"][0];
  EXPECT_EQ(op["operation"], "target_changed");
  EXPECT_EQ(op["when"], "on:target_changed");
  EXPECT_EQ(op["peer"], "db");
  EXPECT_EQ(op["do"]["run"], "artifacts/scripts/target_changed.sh");
  EXPECT_EQ(op["check"]["run"], "artifacts/scripts/check_target_changed.sh");
  // The target's state reaches the script as a run-time reference, never as a value.
  EXPECT_EQ(op["do"]["env"]["TARGET_MAINTENANCE"],
            (emit::Json{{"get_attribute", {"db", "maintenance"}}}));
  const emit::Json& db = Manifest(c.deployment, "db");
  EXPECT_TRUE(Has(db["teardown_wait_for"], Wait("web", "stopped", "stop")));
  ASSERT_EQ(db["operations"].size(), 2u);
  EXPECT_EQ(db["operations"][0]["operation"], "enter");
  EXPECT_EQ(db["operations"][0]["outputs"]["maintenance"], (emit::Json{"SELF", "maintenance"}));
}

TEST(Manifests, StepsAndChecks) {
  Compiled c = Compile(kSourceDir / "samples/maintenance/maintenance.yaml");
  ASSERT_FALSE(c.errors) << c.diagnostics;
  const emit::Json& dbms = Manifest(c.deployment, "dbms");
  const emit::Json& create = dbms["steps"][0];
  EXPECT_EQ(create["name"], "create");
  EXPECT_EQ(create["interface"], "Standard");
  EXPECT_EQ(create["do"]["run"], "artifacts/scripts/create.sh");
  EXPECT_EQ(create["do"]["env"]["WORK_DIR"], "/tmp/toscac-samples/maintenance");
  EXPECT_EQ(create["do"]["timeout_s"], 300);
  EXPECT_EQ(create["do"]["retries"], 3);
  EXPECT_EQ(create["check"]["run"], "artifacts/scripts/check_create.sh");
  EXPECT_TRUE(dbms["steps"][1]["do"].is_null());  // no configure
  EXPECT_EQ(dbms["teardown"][0]["name"], "stop");
  EXPECT_EQ(dbms["teardown"][1]["name"], "delete");
  EXPECT_TRUE(Manifest(c.deployment, "server")["steps"][0]["check"].is_null());
}

}  // namespace
}  // namespace toscac::testing
