#include "exec/redact.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

namespace toscac::agent::exec {
namespace {

// Feeds `text` cut at every position into a fresh Redactor: the result never depends on how
// the output was split into reads.
std::string FedInTwo(const std::vector<std::string>& secrets, const std::string& text,
                     std::size_t cut) {
  Redactor r(secrets);
  std::string out = r.Feed(text.substr(0, cut));
  out += r.Feed(text.substr(cut));
  return out + r.Flush();
}

TEST(RedactorTest, ReplacesEverySecretWhereverTheOutputIsCut) {
  std::vector<std::string> secrets = {"hunter2", "abc"};
  std::string text = "user hunter2 and abc, hunter2abc hunte";
  std::string want = "user ******** and ********, **************** hunte";
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    EXPECT_EQ(FedInTwo(secrets, text, cut), want) << "cut at " << cut;
  }
}

TEST(RedactorTest, TheLongestSecretWinsWhenOneContainsAnother) {
  Redactor r({"pass", "password1"});
  EXPECT_EQ(r.Apply("password1 pass"), "******** ********");
}

TEST(RedactorTest, HoldsBackOnlyWhatCouldStartASecret) {
  Redactor r({"secret"});
  EXPECT_EQ(r.Feed("line one\nsec"), "line one\n");
  EXPECT_EQ(r.Feed("ond line\n"), "second line\n");
  EXPECT_EQ(r.Feed("the secre"), "the ");
  EXPECT_EQ(r.Flush(), "secre");
}

TEST(RedactorTest, NoSecretsPassEverythingThrough) {
  Redactor r({});
  EXPECT_EQ(r.Feed("anything"), "anything");
  EXPECT_EQ(r.Flush(), "");
  Redactor empty({""});
  EXPECT_EQ(empty.Apply("text"), "text");
}

TEST(RedactingCopyTest, CopiesAPipeToAFileRedactedUntilEndOfFile) {
  char path[] = "/tmp/toscac-redact-XXXXXX";
  int file = mkstemp(path);
  ASSERT_GE(file, 0);
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  auto copy = RedactingCopy::Start(fds[0], dup(file), {"s3cret"});
  std::string text = "a s3";
  ASSERT_EQ(write(fds[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
  text = "cret b\n";
  ASSERT_EQ(write(fds[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
  EXPECT_FALSE(copy->WaitDone(20));  // the pipe is still open
  close(fds[1]);
  ASSERT_TRUE(copy->WaitDone(5000));
  char buf[64] = {0};
  ssize_t n = pread(file, buf, sizeof buf - 1, 0);
  close(file);
  unlink(path);
  EXPECT_EQ(std::string(buf, static_cast<std::size_t>(std::max<ssize_t>(n, 0))), "a ******** b\n");
}

}  // namespace
}  // namespace toscac::agent::exec
