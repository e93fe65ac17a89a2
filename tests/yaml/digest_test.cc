#include "yaml/digest.h"

#include <gtest/gtest.h>

#include "yaml/loader.h"

namespace toscac::yaml {
namespace {

// A profile's shape: sections of type definitions, and another section.
constexpr const char* kProfile = R"(tosca_definitions_version: tosca_simple_yaml_1_3
node_types:
  tosca.nodes.Root:
    description: The root
    properties:
      name: {type: string, required: false}
      tags: [a, b, !!str 3]
    interfaces:
      Standard: {type: tosca.interfaces.node.lifecycle.Standard}
  tosca.nodes.Compute:
    derived_from: tosca.nodes.Root
    attributes: {}
data_types:
  shared.Base:
    properties: {x: &x {type: integer}}
  shared.Uses:
    properties:
      copy: *x
metadata:
  keys: {y: 1}
)";

struct Loaded {
  diag::SourceManager sm;
  diag::Diagnostics diags;
  Document doc;
  diag::FileId id = diag::kNoFile;
};

std::unique_ptr<Loaded> LoadText(const std::string& text) {
  auto l = std::make_unique<Loaded>();
  l->id = l->sm.Add("p.yaml", text);
  EXPECT_TRUE(Load(l->sm, l->id, {}, l->doc, l->diags));
  return l;
}

const Node* Path(const Node* n, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    if (n == nullptr) return nullptr;
    n = n->Find(k);
  }
  return n;
}

TEST(DigestTest, RoundTripsNodeForNode) {
  auto l = LoadText(kProfile);
  std::string bytes = Digest(l->doc);
  Document copy;
  ASSERT_TRUE(Undigest(bytes, l->id, copy));
  EXPECT_EQ(Digest(copy), bytes);
  const Node* tags = Path(copy.root(), {"node_types", "tosca.nodes.Root", "properties", "tags"});
  ASSERT_NE(tags, nullptr);
  ASSERT_EQ(tags->items().size(), 3u);
  EXPECT_EQ(tags->items()[2]->value(), "3");
  EXPECT_EQ(tags->items()[2]->tag(), "tag:yaml.org,2002:str");
  EXPECT_EQ(tags->location.line, 7u);
  EXPECT_EQ(tags->location.column, 13u);
}

TEST(DigestTest, ReadsTypeDefinitionsWhenExpanded) {
  auto l = LoadText(kProfile);
  std::string bytes = Digest(l->doc);
  Document lazy;
  ASSERT_TRUE(Undigest(bytes, l->id, lazy, Undigesting::kLazily));
  const Node* root_type = Path(lazy.root(), {"node_types", "tosca.nodes.Root"});
  ASSERT_NE(root_type, nullptr);
  // The types' names are there at once; their maps wait for Expand.
  EXPECT_TRUE(root_type->IsMap());
  EXPECT_TRUE(root_type->entries().empty());
  EXPECT_EQ(root_type->location.line, 4u);  // where its first key is
  // Other sections are read in full.
  EXPECT_EQ(Path(lazy.root(), {"metadata", "keys", "y"})->value(), "1");
  lazy.Expand(*root_type);
  EXPECT_EQ(root_type->Find("description")->value(), "The root");
  const Node* properties = root_type->Find("properties");
  ASSERT_NE(properties, nullptr);
  ASSERT_EQ(properties->entries().size(), 2u);
  EXPECT_EQ(Path(properties, {"name", "type"})->value(), "string");
  EXPECT_EQ(Path(properties, {"name", "type"})->location.line, 6u);
  // Another type is still waiting; expanding everything gives the whole tree back.
  const Node* compute = Path(lazy.root(), {"node_types", "tosca.nodes.Compute"});
  ASSERT_NE(compute, nullptr);
  EXPECT_TRUE(compute->entries().empty());
  lazy.Expand(*lazy.root());
  EXPECT_EQ(Path(compute, {"derived_from"})->value(), "tosca.nodes.Root");
  EXPECT_EQ(Digest(lazy), bytes);
}

TEST(DigestTest, KeepsSharedNodesOutOfDeferredTypes) {
  auto l = LoadText(kProfile);
  std::string bytes = Digest(l->doc);
  Document lazy;
  ASSERT_TRUE(Undigest(bytes, l->id, lazy, Undigesting::kLazily));
  // shared.Base holds an anchored node that an alias in shared.Uses shares: both types are
  // read at once, and the alias is the same node.
  const Node* x = Path(lazy.root(), {"data_types", "shared.Base", "properties", "x"});
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(Path(x, {"type"})->value(), "integer");
  EXPECT_EQ(x, Path(lazy.root(), {"data_types", "shared.Uses", "properties", "copy"}));
}

TEST(DigestTest, RefusesMalformedBytes) {
  auto l = LoadText(kProfile);
  std::string bytes = Digest(l->doc);
  for (std::size_t cut = 0; cut < bytes.size(); cut += 7) {
    Document doc;
    EXPECT_FALSE(Undigest(bytes.substr(0, cut), l->id, doc)) << cut;
    Document lazy;
    if (Undigest(bytes.substr(0, cut), l->id, lazy, Undigesting::kLazily)) {
      lazy.Expand(*lazy.root());  // a deferred body cut short reads as empty, never past the end
    }
  }
  Document doc;
  EXPECT_FALSE(Undigest("TYD1\x01\x00\x01", l->id, doc));
  EXPECT_FALSE(Undigest("not a digest", l->id, doc));
}

}  // namespace
}  // namespace toscac::yaml
