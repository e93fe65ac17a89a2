// LoadManifests: many manifest files read in parallel, as one by one would read them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/manifest.h"
#include "manifest_builder.h"

namespace toscac::agent {
namespace {

using testing::ManifestBuilder;

class ManifestLoadTest : public ::testing::Test {
 protected:
  ManifestLoadTest()
      : dir_(std::filesystem::temp_directory_path() /
             ("toscac-manifest-load-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(dir_);
  }
  ~ManifestLoadTest() override { std::filesystem::remove_all(dir_); }

  // n files named m000.json ...; each manifest's node is "node<i>".
  std::vector<std::string> Write(int n) {
    std::vector<std::string> paths;
    for (int i = 0; i < n; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "m%03d.json", i);
      std::string path = (dir_ / name).string();
      std::ofstream(path) << ManifestBuilder("d", "node" + std::to_string(i)).Build().dump();
      paths.push_back(path);
    }
    return paths;
  }

  std::filesystem::path dir_;
};

TEST_F(ManifestLoadTest, ComeBackInTheOrderOfThePaths) {
  std::vector<std::string> paths = Write(100);
  std::reverse(paths.begin(), paths.end());
  std::string error;
  auto manifests = LoadManifests(paths, error);
  ASSERT_TRUE(manifests) << error;
  ASSERT_EQ(manifests->size(), 100u);
  for (size_t i = 0; i < manifests->size(); ++i) {
    EXPECT_EQ((*manifests)[i].node, "node" + std::to_string(99 - i));
  }
  EXPECT_TRUE(LoadManifests({}, error).value().empty());
}

TEST_F(ManifestLoadTest, TheErrorIsTheFirstInTheOrderOfThePaths) {
  std::vector<std::string> paths = Write(60);
  std::ofstream(paths[45]) << "{ not json";
  std::ofstream(paths[17]) << R"({"manifest_version": 1})";
  std::string one_by_one;
  for (const std::string& path : paths) {
    if (!LoadManifest(path, one_by_one)) break;
  }
  for (int round = 0; round < 5; ++round) {
    std::string error;
    EXPECT_FALSE(LoadManifests(paths, error));
    EXPECT_EQ(error, one_by_one);
    EXPECT_NE(error.find("m017.json"), std::string::npos) << error;
  }
}

}  // namespace
}  // namespace toscac::agent
