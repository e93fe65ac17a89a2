// CSARs: names inside an archive, TOSCA.meta, and an archive made by CreateArchive read back,
// with its limits.
#include "csar/archive.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "csar/create.h"
#include "csar/meta.h"
#include "diag/render.h"

namespace toscac::csar {
namespace {

namespace fs = std::filesystem;

TEST(JoinInside, StaysInsideTheArchive) {
  EXPECT_EQ(JoinInside("definitions", "types.yaml"), "definitions/types.yaml");
  EXPECT_EQ(JoinInside("definitions", "../types/a.yaml"), "types/a.yaml");
  EXPECT_EQ(JoinInside("", "./a//b/./c.yaml"), "a/b/c.yaml");
  EXPECT_EQ(JoinInside("definitions", "../../a.yaml"), "");
  EXPECT_EQ(JoinInside("", "../a.yaml"), "");
  EXPECT_EQ(JoinInside("definitions", "/etc/passwd"), "");
  EXPECT_EQ(DirOf("definitions/app.yaml"), "definitions");
  EXPECT_EQ(DirOf("app.yaml"), "");
}

TEST(IsArchivePath, ByExtension) {
  EXPECT_TRUE(IsArchivePath("app.csar"));
  EXPECT_TRUE(IsArchivePath("dir/APP.CSAR"));
  EXPECT_TRUE(IsArchivePath("app.zip"));
  EXPECT_FALSE(IsArchivePath("app.yaml"));
  EXPECT_FALSE(IsArchivePath("csar"));
}

std::string MetaDiagnostics(const std::string& text, Meta& meta) {
  diag::SourceManager sources;
  diag::Diagnostics diags;
  diag::FileId file = sources.Add("a.csar!/TOSCA-Metadata/TOSCA.meta", text);
  ReadMeta(sources.Text(file), file, diags, meta);
  return diag::RenderText(diags.Sorted(), sources, diag::TextOptions{false, false});
}

TEST(ReadMeta, EntryDefinitionsWithItsPlace) {
  Meta meta;
  EXPECT_EQ(MetaDiagnostics("TOSCA-Meta-File-Version: 1.1\r\nEntry-Definitions:  defs/a.yaml \n"
                            "\nName: ignored, another block\n",
                            meta),
            "");
  EXPECT_EQ(meta.entry_definitions, "defs/a.yaml");
  EXPECT_EQ(meta.entry_location.line, 2u);
  EXPECT_EQ(meta.entry_location.column, 21u);
  EXPECT_EQ(meta.entry_location.end_column, 32u);
}

TEST(ReadMeta, ContinuationLines) {
  Meta meta;
  EXPECT_EQ(MetaDiagnostics("Entry-Definitions: defs/a\n .yaml\n", meta), "");
  EXPECT_EQ(meta.entry_definitions, "defs/a.yaml");
}

TEST(ReadMeta, Malformed) {
  Meta meta;
  EXPECT_EQ(
      MetaDiagnostics("CSAR-Version 1.1\nEntry-Definitions: a.yaml\nEntry-Definitions: b\n", meta),
      "a.csar!/TOSCA-Metadata/TOSCA.meta:1:1: error[F014]: expected 'Name: value' in "
      "TOSCA.meta, found 'CSAR-Version 1.1'\n"
      "a.csar!/TOSCA-Metadata/TOSCA.meta:3:1: error[F014]: 'Entry-Definitions' is given "
      "twice\n"
      "a.csar!/TOSCA-Metadata/TOSCA.meta:2:20: note: first given here\n");
  EXPECT_EQ(MetaDiagnostics("CSAR-Version: 1.1\n", meta),
            "a.csar!/TOSCA-Metadata/TOSCA.meta: error[F014]: TOSCA.meta has no Entry-Definitions\n"
            "a.csar!/TOSCA-Metadata/TOSCA.meta: note: add a line 'Entry-Definitions: <the main "
            "YAML file>' to its first block\n");
}

class ArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("toscac-csar-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    Put("app/app.yaml", "tosca_definitions_version: tosca_simple_yaml_1_3\n");
    Put("app/scripts/a.sh", "echo a\n");
    std::string error;
    ASSERT_TRUE(CreateArchive({(dir_ / "app").string(), Path("app.csar"), ""}, &error)) << error;
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Put(const std::string& name, const std::string& text) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

TEST_F(ArchiveTest, ReadsWhatCreateWrote) {
  Problem problem;
  auto archive = Archive::Open(Path("app.csar"), "app.csar", {}, problem);
  ASSERT_NE(archive, nullptr) << problem.message;
  EXPECT_EQ(archive->Names(),
            (std::vector<std::string>{"TOSCA-Metadata/TOSCA.meta", "app.yaml", "scripts/a.sh"}));
  std::string text, why;
  ASSERT_TRUE(archive->Read("scripts/a.sh", text, why, nullptr)) << why;
  EXPECT_EQ(text, "echo a\n");
  ASSERT_TRUE(archive->Read("TOSCA-Metadata/TOSCA.meta", text, why, nullptr)) << why;
  EXPECT_EQ(text,
            "TOSCA-Meta-File-Version: 1.1\nCSAR-Version: 1.1\nCreated-By: toscac\n"
            "Entry-Definitions: app.yaml\n");
  EXPECT_FALSE(archive->Read("nothing", text, why, nullptr));
  EXPECT_EQ(why, "no such file in the archive");
}

TEST_F(ArchiveTest, Limits) {
  Problem problem;
  Limits limits;
  limits.max_entries = 2;
  EXPECT_EQ(Archive::Open(Path("app.csar"), "app.csar", limits, problem), nullptr);
  EXPECT_EQ(problem.code, diag::Code::F012);
  EXPECT_EQ(problem.message, "archive 'app.csar' has 3 entries, more than the limit of 2");
  limits = Limits{};
  limits.max_total_bytes = 100;
  EXPECT_EQ(Archive::Open(Path("app.csar"), "app.csar", limits, problem), nullptr);
  EXPECT_EQ(problem.message, "the entries of archive 'app.csar' expand to more than 100 bytes");
  limits = Limits{};
  limits.max_entry_bytes = 10;
  EXPECT_EQ(Archive::Open(Path("app.csar"), "app.csar", limits, problem), nullptr);
  EXPECT_EQ(problem.code, diag::Code::F012);
}

TEST_F(ArchiveTest, MissingOrNotAnArchive) {
  Problem problem;
  EXPECT_EQ(Archive::Open(Path("none.csar"), "none.csar", {}, problem), nullptr);
  EXPECT_EQ(problem.code, diag::Code::F001);
  EXPECT_TRUE(problem.io);
  Put("text.csar", "hello\n");
  EXPECT_EQ(Archive::Open(Path("text.csar"), "text.csar", {}, problem), nullptr);
  EXPECT_EQ(problem.code, diag::Code::F010);
  EXPECT_FALSE(problem.io);
}

TEST_F(ArchiveTest, CreateIsDeterministic) {
  std::string error;
  fs::last_write_time(dir_ / "app/app.yaml",
                      fs::file_time_type::clock::now() - std::chrono::hours(50));
  ASSERT_TRUE(CreateArchive({(dir_ / "app").string(), Path("again.csar"), ""}, &error)) << error;
  std::ifstream a(Path("app.csar"), std::ios::binary), b(Path("again.csar"), std::ios::binary);
  std::string bytes_a{std::istreambuf_iterator<char>(a), {}};
  std::string bytes_b{std::istreambuf_iterator<char>(b), {}};
  EXPECT_FALSE(bytes_a.empty());
  EXPECT_EQ(bytes_a, bytes_b);
}

}  // namespace
}  // namespace toscac::csar
