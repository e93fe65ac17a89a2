// Every template of the shared puccini-1.3 corpus compiles, and its manifests, index and IR
// validate against the schemas. Skipped when the corpus is not next to the project.
#include <algorithm>
#include <map>

#include "emit_test_util.h"

namespace toscac::testing {
namespace {

const fs::path kCorpus = kSourceDir / "../shared/corpus/puccini-1.3";

// Required inputs without a default, given as `toscac compile -i` would.
const std::map<std::string, std::vector<std::string>> kInputs = {
    {"inputs-and-outputs.yaml", {"ram=1 GiB"}},
    {"substitution-mapping.yaml", {"scale=2"}},
};

TEST(Corpus, Puccini13CompilesToValidManifests) {
  if (!fs::exists(kCorpus)) GTEST_SKIP() << "no corpus at " << kCorpus;
  std::vector<fs::path> files;
  for (const auto& f : fs::directory_iterator(kCorpus)) {
    if (f.path().extension() == ".yaml" && f.path().filename() != "simple-for-nfv.yaml") {
      files.push_back(f.path());
    }
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  ManifestSchemas schemas;
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.filename().string());
    auto inputs = kInputs.find(file.filename().string());
    Compiled c =
        Compile(file, inputs == kInputs.end() ? std::vector<std::string>{} : inputs->second);
    ASSERT_FALSE(c.errors) << c.diagnostics;
    TempDir out;
    std::string error;
    ASSERT_TRUE(emit::WriteDeployment(c.deployment, out.path(), &error)) << error;
    EXPECT_EQ(ValidateTree(schemas, out.path()), "");
    EXPECT_EQ(schemas.Ir(nlohmann::json::parse(emit::JsonText(emit::IrDocument(c.deployment)))),
              "");
  }
}

}  // namespace
}  // namespace toscac::testing
