#include "exec/tail.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include "exec_test_support.h"

namespace toscac::agent::exec {
namespace {

using testing::TempDir;

std::string Lines(int first, int last) {
  std::string text;
  for (int i = first; i <= last; ++i) text += "line " + std::to_string(i) + "\n";
  return text;
}

TEST(TailTest, MissingFileIsEmpty) {
  TempDir dir;
  EXPECT_EQ(Tail(dir.File("missing")), "");
  ASSERT_EQ(mkfifo(dir.File("fifo").c_str(), 0600), 0);
  EXPECT_EQ(Tail(dir.File("fifo")), "");
}

TEST(TailTest, ShortFileIsWhole) {
  TempDir dir;
  EXPECT_EQ(Tail(dir.Write("log", "one\ntwo\n")), "one\ntwo");
  EXPECT_EQ(Tail(dir.Write("log", "no newline")), "no newline");
  EXPECT_EQ(Tail(dir.Write("log", "")), "");
  EXPECT_EQ(Tail(dir.Write("log", "\n\nlast\n")), "\n\nlast");
}

TEST(TailTest, KeepsTheLastLines) {
  TempDir dir;
  std::string log = dir.Write("log", Lines(1, 30));
  EXPECT_EQ(Tail(log) + "\n", Lines(11, 30));
  EXPECT_EQ(Tail(log, 1), "line 30");
  EXPECT_EQ(Tail(log, 0), "");
}

TEST(TailTest, KeepsOnlyWholeLinesWithinTheByteLimit) {
  TempDir dir;
  std::string log = dir.Write("log", Lines(1, 30));
  // "line 28\n" + "line 29\n" + "line 30" is 23 bytes: 25 bytes cut into "line 27".
  EXPECT_EQ(Tail(log, 20, 25), "line 28\nline 29\nline 30");
}

TEST(TailTest, KeepsTheEndOfOneLongLine) {
  TempDir dir;
  std::string log = dir.Write("log", "start " + std::string(5000, 'x') + " end\n");
  std::string tail = Tail(log, 20, 100);
  EXPECT_EQ(tail.size(), 99u);  // the final newline was one of the 100 bytes
  EXPECT_EQ(tail.substr(tail.size() - 4), " end");
}

TEST(TailTest, ReplacesInvalidUtf8) {
  TempDir dir;
  // An invalid byte, an overlong '/', a surrogate, then valid two- and four-byte characters.
  std::string log = dir.Write("log",
                              "a\xFF"
                              "b\xC0\xAF"
                              "c\xED\xA0\x80"
                              "d\xC3\xA9\xF0\x9F\x98\x80\n");
  EXPECT_EQ(Tail(log), "a\uFFFDb\uFFFD\uFFFDc\uFFFD\uFFFD\uFFFDd\u00E9\U0001F600");
}

TEST(TailTest, DropsACharacterCutAtTheStart) {
  TempDir dir;
  // Three-byte characters: a limit of 7 bytes starts inside one.
  std::string log = dir.Write("log", "\xE2\x9C\x93\xE2\x9C\x93\xE2\x9C\x93");
  EXPECT_EQ(Tail(log, 20, 7), "\xE2\x9C\x93\xE2\x9C\x93");
}

TEST(TailTest, StaysWithinTheByteLimitAfterReplacing) {
  TempDir dir;
  std::string log = dir.Write("log", std::string(10, '\xFF'));
  std::string tail = Tail(log, 20, 10);
  EXPECT_LE(tail.size(), 10u);
  EXPECT_EQ(tail, "\uFFFD\uFFFD\uFFFD");
}

}  // namespace
}  // namespace toscac::agent::exec
