#include "core/keys.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace toscac::agent {
namespace {

TEST(KeysTest, EncodeKeepsPlainNamesAndEscapesTheRest) {
  EXPECT_EQ(EncodeKeyPart("web_1-a"), "web_1-a");
  EXPECT_EQ(EncodeKeyPart("a/b"), "a%2Fb");
  EXPECT_EQ(EncodeKeyPart("../x"), "%2E%2E%2Fx");
  EXPECT_EQ(EncodeKeyPart("my app"), "my%20app");
  EXPECT_EQ(EncodeKeyPart("100%"), "100%25");
  EXPECT_EQ(EncodeKeyPart("\xC3\xA9"), "%C3%A9");
  EXPECT_EQ(EncodeKeyPart(""), "");
}

TEST(KeysTest, DecodeInvertsEncode) {
  for (std::string name : {"web", "a/b", "../x", "..", ".", "%", "%2F", "my app/v2",
                           "\xC3\xA9t\xC3\xA9", "tab\there", "/", ""}) {
    EXPECT_EQ(DecodeKeyPart(EncodeKeyPart(name)), name) << name;
  }
  std::string nul("a\0b", 3);
  EXPECT_EQ(EncodeKeyPart(nul), "a%00b");
  EXPECT_EQ(DecodeKeyPart(EncodeKeyPart(nul)), nul);
}

TEST(KeysTest, DecodeLeavesMalformedEscapesAlone) {
  EXPECT_EQ(DecodeKeyPart("%2f"), "/");
  EXPECT_EQ(DecodeKeyPart("%"), "%");
  EXPECT_EQ(DecodeKeyPart("%4"), "%4");
  EXPECT_EQ(DecodeKeyPart("%zz"), "%zz");
  EXPECT_EQ(DecodeKeyPart("a%41"), "aA");
}

TEST(KeysTest, LayoutMatchesTheHeader) {
  EXPECT_EQ(DeploymentPrefix("shop"), "/toscac/shop/");
  EXPECT_EQ(NodePrefix("shop", "db"), "/toscac/shop/nodes/db/");
  EXPECT_EQ(NodeKey("shop", "db", "state"), "/toscac/shop/nodes/db/state");
  EXPECT_EQ(AttributeKey("shop", "db", "port"), "/toscac/shop/nodes/db/attributes/port");
  EXPECT_EQ(OutputKey("shop", "db", "Standard", "create", "url"),
            "/toscac/shop/nodes/db/outputs/Standard/create/url");
}

// No name, however hostile, reaches outside its deployment's prefix or into another node's.
TEST(KeysTest, NamesStayInsideTheirPrefix) {
  const std::string prefix = DeploymentPrefix("shop");
  for (std::string node : {"../x", "a/b", "..", "../../other/nodes/db", "db/state", "."}) {
    std::string key = NodeKey("shop", node, "state");
    EXPECT_EQ(key.compare(0, prefix.size(), prefix), 0) << key;
    // Exactly one more '/' than a plain node's key: the name added none.
    EXPECT_EQ(std::count(key.begin(), key.end(), '/'), 5) << key;
    EXPECT_EQ(key.find("/../"), std::string::npos) << key;
    EXPECT_NE(key, NodeKey("shop", "db", "state"));
    std::string attr = AttributeKey("shop", "web", node);
    EXPECT_EQ(std::count(attr.begin(), attr.end(), '/'), 6) << attr;
  }
  // Deployments cannot reach each other either.
  std::string other = DeploymentPrefix("shop/nodes");
  EXPECT_NE(other.compare(0, prefix.size(), prefix), 0) << other;
  EXPECT_EQ(DeploymentPrefix("../shop"), "/toscac/%2E%2E%2Fshop/");
}

TEST(KeysTest, SplitKeyReturnsTheDecodedParts) {
  KeyParts parts;
  ASSERT_TRUE(SplitKey(NodeKey("my shop", "a/b", "state"), parts));
  EXPECT_EQ(parts.deployment, "my shop");
  EXPECT_EQ(parts.node, "a/b");
  EXPECT_EQ(parts.leaf, "state");

  ASSERT_TRUE(SplitKey(AttributeKey("shop", "../x", "end point"), parts));
  EXPECT_EQ(parts.deployment, "shop");
  EXPECT_EQ(parts.node, "../x");
  EXPECT_EQ(parts.leaf, "attributes/end point");

  ASSERT_TRUE(SplitKey(OutputKey("shop", "db", "My If", "cre/ate", "url"), parts));
  EXPECT_EQ(parts.node, "db");
  EXPECT_EQ(parts.leaf, "outputs/My If/cre/ate/url");

  ASSERT_TRUE(SplitKey(NodeKey("shop", "db", "done/rel-0-add_target"), parts));
  EXPECT_EQ(parts.leaf, "done/rel-0-add_target");
}

TEST(KeysTest, SplitKeyOfDeploymentLevelKeys) {
  KeyParts parts;
  parts.node = "stale";
  ASSERT_TRUE(SplitKey(DeploymentPrefix("shop") + "desired", parts));
  EXPECT_EQ(parts.deployment, "shop");
  EXPECT_EQ(parts.node, "");
  EXPECT_EQ(parts.leaf, "desired");
}

TEST(KeysTest, SplitKeyRefusesForeignKeys) {
  KeyParts parts;
  EXPECT_FALSE(SplitKey("/other/shop/desired", parts));
  EXPECT_FALSE(SplitKey("/toscac/shop", parts));
  EXPECT_FALSE(SplitKey("/toscac/shop/nodes/db", parts));
  EXPECT_FALSE(SplitKey("", parts));
}

}  // namespace
}  // namespace toscac::agent
