// Implementation files (copied, hashed, refused when they leave the template's directory),
// operation details, relationship operations on both sides, and manifest file names.
#include <deque>

#include "emit/sha256.h"
#include "emit_test_util.h"

namespace toscac::testing {
namespace {

void Put(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

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

constexpr const char* kHeader = "tosca_definitions_version: tosca_simple_yaml_1_3\n";

// One node whose create operation is `create` (YAML, indented for its place).
std::string OneNode(const std::string& create, const std::string& extra = "") {
  return std::string(kHeader) +
         "topology_template:\n"
         "  node_templates:\n"
         "    app:\n"
         "      type: tosca.nodes.Root\n" +
         extra +
         "      interfaces:\n"
         "        Standard:\n"
         "          operations:\n"
         "            create: " +
         create + "\n";
}

TEST(Artifacts, CopiedWithTheirHash) {
  TempDir dir;
  Put(dir.path() / "t/scripts/a.sh", "echo a\n");
  Put(dir.path() / "t/scripts/lib.sh", "lib\n");
  Put(dir.path() / "t/app.yaml",
      OneNode("{ implementation: { primary: scripts/a.sh, dependencies: [ ./scripts/lib.sh ], "
              "timeout: 60 } }"));
  Compiled c = Compile(dir.path() / "t/app.yaml");
  ASSERT_FALSE(c.errors) << c.diagnostics;
  const emit::Json& create = Manifest(c.deployment, "app")["steps"][0]["do"];
  EXPECT_EQ(create["run"], "artifacts/scripts/a.sh");
  EXPECT_EQ(create["dependencies"], (emit::Json{"artifacts/scripts/lib.sh"}));
  EXPECT_EQ(create["timeout_s"], 60);
  EXPECT_FALSE(create.contains("missing"));
  ASSERT_EQ(c.deployment.artifacts.size(), 2u);
  EXPECT_EQ(c.deployment.artifacts[0].sha256, emit::Sha256Hex("echo a\n"));
  std::string error;
  ASSERT_TRUE(emit::WriteDeployment(c.deployment, dir.path() / "out", &error)) << error;
  EXPECT_EQ(ReadFile(dir.path() / "out/artifacts/scripts/a.sh"), "echo a\n");
  EXPECT_EQ(ReadFile(dir.path() / "out/artifacts/scripts/lib.sh"), "lib\n");
  ManifestSchemas schemas;
  EXPECT_EQ(ValidateTree(schemas, dir.path() / "out"), "");
}

TEST(Artifacts, ContentHashFollowsTheFiles) {
  TempDir dir;
  Put(dir.path() / "scripts/a.sh", "one\n");
  Put(dir.path() / "app.yaml", OneNode("scripts/a.sh"));
  std::string before = Compile(dir.path() / "app.yaml").deployment.index["content_hash"];
  EXPECT_EQ(before, Compile(dir.path() / "app.yaml").deployment.index["content_hash"]);
  Put(dir.path() / "scripts/a.sh", "two\n");
  EXPECT_NE(before, Compile(dir.path() / "app.yaml").deployment.index["content_hash"]);
}

TEST(Artifacts, MissingFileKeepsItsStep) {
  TempDir dir;
  Put(dir.path() / "app.yaml", OneNode("scripts/missing.sh"));
  Compiled c = Compile(dir.path() / "app.yaml");
  ASSERT_FALSE(c.errors) << c.diagnostics;
  EXPECT_NE(c.diagnostics.find("warning[N511]"), std::string::npos) << c.diagnostics;
  const emit::Json& create = Manifest(c.deployment, "app")["steps"][0]["do"];
  EXPECT_EQ(create["run"], "artifacts/scripts/missing.sh");
  EXPECT_EQ(create["missing"], true);
  EXPECT_TRUE(c.deployment.index["artifacts"][0]["sha256"].is_null());
  std::string error;
  ASSERT_TRUE(emit::WriteDeployment(c.deployment, dir.path() / "out", &error)) << error;
  EXPECT_FALSE(fs::exists(dir.path() / "out/artifacts/scripts/missing.sh"));
  ManifestSchemas schemas;
  EXPECT_EQ(ValidateTree(schemas, dir.path() / "out"), "");
}

TEST(Artifacts, FilesOutsideTheTemplateAreRefused) {
  TempDir dir;
  Put(dir.path() / "secret.sh", "secret\n");
  fs::create_directories(dir.path() / "t");
  fs::create_symlink(dir.path() / "secret.sh", dir.path() / "t/link.sh");
  for (std::string file : {"../secret.sh", "/etc/passwd", "link.sh", "a/../../secret.sh"}) {
    SCOPED_TRACE(file);
    Put(dir.path() / "t/app.yaml", OneNode("'" + file + "'"));
    Compiled c = Compile(dir.path() / "t/app.yaml");
    EXPECT_TRUE(c.errors);
    EXPECT_NE(c.diagnostics.find("error[M901]: implementation file '" + file +
                                 "' leaves the template's root directory"),
              std::string::npos)
        << c.diagnostics;
  }
}

TEST(Artifacts, DirectoryIsNotAFile) {
  TempDir dir;
  Put(dir.path() / "scripts/a.sh", "a\n");
  Put(dir.path() / "app.yaml", OneNode("scripts"));
  Compiled c = Compile(dir.path() / "app.yaml");
  EXPECT_TRUE(c.errors);
  EXPECT_NE(c.diagnostics.find("error[M902]"), std::string::npos) << c.diagnostics;
}

TEST(Artifacts, ImplementationNamesAnArtifact) {
  TempDir dir;
  Put(dir.path() / "scripts/install.sh", "install\n");
  Put(dir.path() / "app.yaml",
      OneNode("installer", "      artifacts:\n        installer: scripts/install.sh\n"));
  Compiled c = Compile(dir.path() / "app.yaml");
  ASSERT_FALSE(c.errors) << c.diagnostics;
  const emit::Json& m = Manifest(c.deployment, "app");
  EXPECT_EQ(m["steps"][0]["do"]["run"], "artifacts/scripts/install.sh");
  ASSERT_EQ(m["artifacts"].size(), 1u);
  EXPECT_EQ(m["artifacts"][0]["file"], "scripts/install.sh");
}

TEST(Operations, InputsBecomeEnvironment) {
  TempDir dir;
  Put(dir.path() / "a.sh", "a\n");
  Put(dir.path() / "app.yaml", std::string(kHeader) +
                                   "topology_template:\n"
                                   "  inputs:\n"
                                   "    port: { type: integer, default: 80 }\n"
                                   "  node_templates:\n"
                                   "    app:\n"
                                   "      type: tosca.nodes.Root\n"
                                   "      interfaces:\n"
                                   "        Standard:\n"
                                   "          inputs: { PORT: { get_input: port }, NAME: app }\n"
                                   "          operations:\n"
                                   "            create:\n"
                                   "              implementation: a.sh\n"
                                   "              inputs: { NAME: overridden, ME: { get_attribute: "
                                   "[ SELF, tosca_id ] } }\n");
  Compiled c = Compile(dir.path() / "app.yaml", {"port=8080"});
  ASSERT_FALSE(c.errors) << c.diagnostics;
  const emit::Json& env = Manifest(c.deployment, "app")["steps"][0]["do"]["env"];
  EXPECT_EQ(env["PORT"], 8080);
  EXPECT_EQ(env["NAME"], "overridden");
  EXPECT_EQ(env["ME"], (emit::Json{{"get_attribute", {"app", "tosca_id"}}}));
}

// A relationship's operations run on their own side, at their place in the lifecycle.
TEST(Operations, RelationshipOperationsOnBothSides) {
  TempDir dir;
  for (const char* f : {"pre.sh", "add_source.sh", "add_target.sh"}) Put(dir.path() / f, "x\n");
  Put(dir.path() / "app.yaml",
      std::string(kHeader) +
          "relationship_types:\n"
          "  Link:\n"
          "    derived_from: tosca.relationships.ConnectsTo\n"
          "    properties:\n"
          "      label: { type: string, default: { get_property: [ SOURCE, name ] } }\n"
          "    interfaces:\n"
          "      Configure:\n"
          "        operations:\n"
          "          pre_configure_target: pre.sh\n"
          "          add_source: add_source.sh\n"
          "          add_target: add_target.sh\n"
          "node_types:\n"
          "  Named:\n"
          "    derived_from: tosca.nodes.Root\n"
          "    properties: { name: { type: string } }\n"
          "    capabilities: { end: tosca.capabilities.Endpoint }\n"
          "    requirements:\n"
          "      - link: { capability: tosca.capabilities.Endpoint, relationship: Link,\n"
          "                occurrences: [ 0, 1 ] }\n"
          "topology_template:\n"
          "  node_templates:\n"
          "    client:\n"
          "      type: Named\n"
          "      properties: { name: the-client }\n"
          "      requirements:\n"
          "        - link: { node: server, capability: end, relationship: Link }\n"
          "    server: { type: Named, properties: { name: the-server } }\n");
  Compiled c = Compile(dir.path() / "app.yaml");
  ASSERT_FALSE(c.errors) << c.diagnostics;
  const emit::Json& client = Manifest(c.deployment, "client");
  ASSERT_EQ(client["relationship_operations"].size(), 1u);
  EXPECT_EQ(client["relationship_operations"][0]["operation"], "add_target");
  EXPECT_EQ(client["relationship_operations"][0]["when"], "after:start");
  EXPECT_EQ(client["requirements"][0]["properties"]["label"], "the-client");
  EXPECT_EQ(client["requirements"][0]["family"], "ConnectsTo");
  const emit::Json& server = Manifest(c.deployment, "server");
  ASSERT_EQ(server["relationship_operations"].size(), 2u);
  EXPECT_EQ(server["relationship_operations"][0]["operation"], "pre_configure_target");
  EXPECT_EQ(server["relationship_operations"][0]["when"], "before:configure");
  EXPECT_EQ(server["relationship_operations"][1]["operation"], "add_source");
  EXPECT_EQ(server["relationship_operations"][1]["when"], "on:source_started");
  EXPECT_EQ(server["relationship_operations"][1]["peer"], "client");
}

TEST(FileNames, UnsafeCharactersAreEncoded) {
  EXPECT_EQ(emit::SafeFileName("web_1"), "web_1");
  EXPECT_EQ(emit::SafeFileName("my app/v2"), "my%20app%2Fv2");
  EXPECT_EQ(emit::SafeFileName(".."), "%2E.");
  EXPECT_EQ(emit::SafeFileName("a%b"), "a%25b");
  EXPECT_EQ(emit::SafeFileName("caf\xc3\xa9"), "caf%C3%A9");
  std::string longer(300, 'x');
  std::string name = emit::SafeFileName(longer);
  EXPECT_EQ(name.size(), 180u + 1 + 16);
  EXPECT_EQ(name.substr(180, 1), "~");
  EXPECT_NE(emit::SafeFileName(longer + "y"), name);
  EXPECT_EQ(emit::ManifestPath("a b"), "manifests/a%20b.json");
}

TEST(FileNames, NodeNamesWithSlashesStayInTheirDirectory) {
  TempDir dir;
  Put(dir.path() / "app.yaml", std::string(kHeader) +
                                   "topology_template:\n"
                                   "  node_templates:\n"
                                   "    '../evil/x': { type: tosca.nodes.Root }\n");
  Compiled c = Compile(dir.path() / "app.yaml");
  ASSERT_FALSE(c.errors) << c.diagnostics;
  std::string error;
  ASSERT_TRUE(emit::WriteDeployment(c.deployment, dir.path() / "out", &error)) << error;
  EXPECT_TRUE(fs::exists(dir.path() / "out/manifests/%2E.%2Fevil%2Fx.json"));
  EXPECT_EQ(c.deployment.index["manifests"]["../evil/x"], "manifests/%2E.%2Fevil%2Fx.json");
}

TEST(FileNames, StaleManifestsAreRemoved) {
  TempDir dir;
  Put(dir.path() / "out/manifests/gone.json", "{}\n");
  Put(dir.path() / "out/manifests/notes.txt", "kept\n");
  Put(dir.path() / "app.yaml", std::string(kHeader) +
                                   "topology_template:\n"
                                   "  node_templates:\n"
                                   "    here: { type: tosca.nodes.Root }\n");
  std::string error;
  ASSERT_TRUE(emit::WriteDeployment(Compile(dir.path() / "app.yaml").deployment, dir.path() / "out",
                                    &error))
      << error;
  EXPECT_FALSE(fs::exists(dir.path() / "out/manifests/gone.json"));
  EXPECT_TRUE(fs::exists(dir.path() / "out/manifests/notes.txt"));
  EXPECT_TRUE(fs::exists(dir.path() / "out/manifests/here.json"));
}

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(emit::Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(emit::Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace toscac::testing
