#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/manifest.h"

namespace toscac::agent {
namespace {

// LoadIndex reads a file: each case is written to one in the test's temporary directory.
std::optional<Index> LoadText(const std::string& text, std::string& error) {
  auto path = std::filesystem::temp_directory_path() /
              ("toscac_index_test_" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << text;
  auto index = LoadIndex(path.string(), error);
  std::filesystem::remove(path);
  return index;
}

TEST(IndexTest, ReadsNodesManifestsAndWaves) {
  std::string error;
  auto index = LoadText(R"({"index_version": 1, "deployment": "d", "nodes": ["a", "b"],
      "manifests": {"a": "manifests/a.json"}, "waves": [["a"], ["b"]], "content_hash": "00"})",
                        error);
  ASSERT_TRUE(index) << error;
  EXPECT_EQ(index->deployment, "d");
  EXPECT_EQ(index->nodes, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(index->manifests.at("a"), "manifests/a.json");
  EXPECT_EQ(index->waves, (std::vector<std::vector<std::string>>{{"a"}, {"b"}}));
  EXPECT_EQ(index->content_hash, "00");
}

// Each of these crashed the agent (fuzz/regressions/index/): a missing key was read through
// nlohmann's const operator[], a value of another type through get<>(). Now they are refused.
TEST(IndexTest, RefusesWhatIsNotAnIndex) {
  const char* cases[] = {
      R"({"index_version": 1})",
      R"({"index_version": 1, "nodes": [], "manifests": {}})",
      R"({"index_version": 1, "deployment": "d", "manifests": {}})",
      R"({"index_version": "1", "deployment": "d", "nodes": [], "manifests": {}})",
      R"({"index_version": 1, "deployment": "d", "nodes": [], "manifests": {}, "content_hash": 5})",
      R"({"index_version": 1, "deployment": "d", "nodes": [], "manifests": {}, "waves": [3]})",
      R"({"index_version": 1, "deployment": "d", "nodes": [], "manifests": {}, "waves": [["a", 1]]})",
      R"({"index_version": 1, "deployment": "d", "nodes": [], "manifests": {}, "waves": {}})",
      R"([1])",
  };
  for (const char* text : cases) {
    std::string error;
    EXPECT_FALSE(LoadText(text, error)) << text;
    EXPECT_NE(error.find("is not a deployment index (index_version 1)"), std::string::npos)
        << text << ": " << error;
  }
}

}  // namespace
}  // namespace toscac::agent
