// URL imports: relative imports of a fetched file resolve against its URL, never above its host.
#include "load/fetch.h"

#include <gtest/gtest.h>

namespace toscac::load {
namespace {

TEST(JoinUrl, RelativeToTheImporter) {
  EXPECT_EQ(JoinUrl("https://h/a/b.yaml", "c.yaml"), "https://h/a/c.yaml");
  EXPECT_EQ(JoinUrl("https://h/a/b.yaml", "../c.yaml"), "https://h/c.yaml");
  EXPECT_EQ(JoinUrl("https://h/a/b.yaml", "../../../etc/passwd"), "https://h/etc/passwd");
  EXPECT_EQ(JoinUrl("https://h/a/b.yaml", "/x/y.yaml"), "https://h/x/y.yaml");
  EXPECT_EQ(JoinUrl("https://h:8080", "c.yaml"), "https://h:8080/c.yaml");
  EXPECT_EQ(JoinUrl("https://h/repo/", "types.yaml"), "https://h/repo/types.yaml");
  EXPECT_EQ(JoinUrl("https://h/a.yaml", "http://other/b.yaml"), "http://other/b.yaml");
}

TEST(IsHttpUrl, OnlyHttpAndHttps) {
  EXPECT_TRUE(IsHttpUrl("http://h/a.yaml"));
  EXPECT_TRUE(IsHttpUrl("HTTPS://h/a.yaml"));
  EXPECT_FALSE(IsHttpUrl("file:///etc/passwd"));
  EXPECT_FALSE(IsHttpUrl("ftp://h/a.yaml"));
  EXPECT_FALSE(IsHttpUrl("a.yaml"));
}

TEST(Fetch, RefusesOtherSchemesAndReportsFailures) {
  std::string text, why;
  EXPECT_EQ(Fetch("http://127.0.0.1:1/a.yaml", {1, 100}, text, why), FetchStatus::kFailed);
  EXPECT_FALSE(why.empty());
}

}  // namespace
}  // namespace toscac::load
