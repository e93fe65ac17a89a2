#include "store/key_prefix.h"

#include <gtest/gtest.h>

namespace toscac::agent::store {
namespace {

TEST(StoreKeyPrefixTest, PrefixEndIsTheFirstKeyPastThePrefix) {
  EXPECT_EQ(PrefixEnd("/a/b/"), "/a/b0");
  EXPECT_EQ(PrefixEnd("a"), "b");
  EXPECT_EQ(PrefixEnd("a\xff\xff"), "b");
  EXPECT_EQ(PrefixEnd(std::string("a\x7f", 2)), "a\x80");
  EXPECT_EQ(PrefixEnd(""), std::nullopt);
  EXPECT_EQ(PrefixEnd("\xff\xff"), std::nullopt);
}

}  // namespace
}  // namespace toscac::agent::store
