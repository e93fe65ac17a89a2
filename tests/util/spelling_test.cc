#include "util/spelling.h"

#include <gtest/gtest.h>

namespace toscac::util {
namespace {

TEST(EditDistanceTest, CountsEdits) {
  EXPECT_EQ(EditDistance("", "", 3), 0u);
  EXPECT_EQ(EditDistance("abc", "abc", 3), 0u);
  EXPECT_EQ(EditDistance("Compte", "Compute", 3), 1u);
  EXPECT_EQ(EditDistance("kitten", "sitting", 5), 3u);
}

TEST(EditDistanceTest, CountsATranspositionAsOneEdit) {
  EXPECT_EQ(EditDistance("hots", "host", 3), 1u);
  EXPECT_EQ(EditDistance("ab", "ba", 3), 1u);
  EXPECT_EQ(EditDistance("requriements", "requirements", 3), 1u);
  EXPECT_EQ(EditDistance("abcd", "badc", 3), 2u);
  // Optimal string alignment: a transposed pair is not edited again.
  EXPECT_EQ(EditDistance("ca", "abc", 3), 3u);
}

TEST(EditDistanceTest, StopsPastTheLimit) {
  EXPECT_EQ(EditDistance("abcdefgh", "zzzzzzzz", 2), 3u);
  EXPECT_EQ(EditDistance("a", "abcdefgh", 2), 3u);
  EXPECT_EQ(EditDistance("abcdef", "badcfe", 2), 3u);
}

TEST(SuggestTest, FindsTheNearestName) {
  std::vector<std::string_view> names{"properties", "attributes", "requirements"};
  EXPECT_EQ(Suggest("propertes", names), "properties");
  EXPECT_EQ(Suggest("requirments", names), "requirements");
  EXPECT_EQ(Suggest("zzz", names), "");
  EXPECT_EQ(Suggest("hots", {"host", "network"}), "host");
}

TEST(SuggestTest, IgnoresCaseAndShortWords) {
  EXPECT_EQ(Suggest("COMPUTE", {"Compute"}), "Compute");
  EXPECT_EQ(Suggest("q", {"p"}), "");
  EXPECT_EQ(Suggest("ab", {"ac"}), "");
}

TEST(SuggestTest, BreaksTiesByName) {
  EXPECT_EQ(Suggest("cat", {"cot", "bat"}), "bat");
  EXPECT_EQ(Suggest("cat", {"bat", "cot"}), "bat");
}

TEST(SuggestTest, NeverSuggestsTheWordItself) { EXPECT_EQ(Suggest("same", {"same"}), ""); }

}  // namespace
}  // namespace toscac::util
