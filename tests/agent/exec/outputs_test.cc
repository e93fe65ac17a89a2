#include "exec/outputs.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>
#include <utility>
#include <vector>

#include "exec_test_support.h"

namespace toscac::agent::exec {
namespace {

using testing::TempDir;
using Values = std::vector<std::pair<std::string, std::string>>;
using Errors = std::vector<std::string>;

Outputs Read(const std::string& text) {
  TempDir dir;
  return ReadOutputs(dir.Write("outputs", text, 0644));
}

TEST(OutputsTest, MissingFileGivesNothing) {
  TempDir dir;
  Outputs outputs = ReadOutputs(dir.File("missing"));
  EXPECT_TRUE(outputs.values.empty());
  EXPECT_TRUE(outputs.errors.empty());
}

TEST(OutputsTest, ReadsNameValueLines) {
  Outputs outputs = Read("url=http://10.0.0.5:8080/?a=b&c=d\nempty=\nlast=no newline");
  EXPECT_EQ(
      outputs.values,
      (Values{{"url", "http://10.0.0.5:8080/?a=b&c=d"}, {"empty", ""}, {"last", "no newline"}}));
  EXPECT_TRUE(outputs.errors.empty());
}

TEST(OutputsTest, KeepsValuesVerbatim) {
  Outputs outputs = Read("padded=  two spaces  \ntab=\tx\t\nquote='\"$(x)\"'\nutf8=h\xC3\xA9\n");
  EXPECT_EQ(outputs.values, (Values{{"padded", "  two spaces  "},
                                    {"tab", "\tx\t"},
                                    {"quote", "'\"$(x)\"'"},
                                    {"utf8", "h\xC3\xA9"}}));
}

TEST(OutputsTest, StripsOneCarriageReturn) {
  Outputs outputs = Read("a=1\r\nb=2\r\r\n");
  EXPECT_EQ(outputs.values, (Values{{"a", "1"}, {"b", "2\r"}}));
}

TEST(OutputsTest, SkipsBlankLinesAndComments) {
  Outputs outputs = Read("\n# a comment\n\r\n#x=1\nname.with-dots_2=v\n\n");
  EXPECT_EQ(outputs.values, (Values{{"name.with-dots_2", "v"}}));
  EXPECT_TRUE(outputs.errors.empty());
}

TEST(OutputsTest, LaterDuplicatesWin) {
  Outputs outputs = Read("a=1\nb=2\na=3\n");
  EXPECT_EQ(outputs.values, (Values{{"a", "3"}, {"b", "2"}}));
}

TEST(OutputsTest, ReportsMalformedLines) {
  Outputs outputs = Read("good=1\noops\n=no name\n 1x=2\n2x=3\nbad name=4\nalso\tbad=5\nok=6\n");
  EXPECT_EQ(outputs.values, (Values{{"good", "1"}, {"ok", "6"}}));
  const std::string expected = " (expected [A-Za-z_][A-Za-z0-9_.-]*)";
  EXPECT_EQ(outputs.errors, (Errors{
                                "line 2: expected 'name=value', found 'oops'",
                                "line 3: invalid output name ''" + expected,
                                "line 4: invalid output name ' 1x'" + expected,
                                "line 5: invalid output name '2x'" + expected,
                                "line 6: invalid output name 'bad name'" + expected,
                                "line 7: invalid output name 'also\\x09bad'" + expected,
                            }));
}

TEST(OutputsTest, RejectsTooLargeFile) {
  std::string line = "a=" + std::string(1000, 'x') + "\n";
  std::string text;
  while (text.size() <= kMaxOutputsBytes) text += line;
  TempDir dir;
  std::string path = dir.Write("outputs", text, 0644);
  Outputs outputs = ReadOutputs(path);
  EXPECT_TRUE(outputs.values.empty());
  EXPECT_EQ(outputs.errors, (Errors{"'" + path + "' is larger than 1048576 bytes"}));
  text.resize(kMaxOutputsBytes);
  EXPECT_TRUE(ReadOutputs(dir.Write("outputs", text, 0644)).errors.empty());
}

// A step could leave a FIFO where its outputs should be: reading it must not hang the agent.
TEST(OutputsTest, RejectsWhatIsNotAFile) {
  TempDir dir;
  ASSERT_EQ(mkfifo(dir.File("fifo").c_str(), 0600), 0);
  EXPECT_EQ(ReadOutputs(dir.File("fifo")).errors,
            (Errors{"cannot read '" + dir.File("fifo") + "': not a regular file"}));
  EXPECT_EQ(ReadOutputs(dir.path()).errors,
            (Errors{"cannot read '" + dir.path() + "': not a regular file"}));
}

}  // namespace
}  // namespace toscac::agent::exec
