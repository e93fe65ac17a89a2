#include "yaml/loader.h"

#include <gtest/gtest.h>

namespace toscac::yaml {
namespace {

struct Loaded {
  diag::SourceManager sm;
  diag::Diagnostics diags;
  Document doc;
  bool ok = false;
};

std::unique_ptr<Loaded> LoadText(std::string text, Limits limits = {}) {
  auto l = std::make_unique<Loaded>();
  diag::FileId id = l->sm.Add("t.yaml", std::move(text));
  l->ok = Load(l->sm, id, limits, l->doc, l->diags);
  return l;
}

std::string FirstCode(const Loaded& l) {
  auto sorted = l.diags.Sorted();
  return sorted.empty() ? "" : std::string(diag::CodeName(sorted[0].code));
}

TEST(LoaderTest, KeepsLocationsOneBased) {
  auto l = LoadText("a: 1\nbb:\n  c: \"x\"\n");
  ASSERT_TRUE(l->ok);
  const Node* root = l->doc.root();
  ASSERT_TRUE(root->IsMap());
  const Node* bb = root->Find("bb");
  ASSERT_NE(bb, nullptr);
  const Node* c = bb->Find("c");
  EXPECT_EQ(c->location.line, 3u);
  EXPECT_EQ(c->location.column, 6u);
  EXPECT_EQ(c->location.end_column, 9u);  // the quotes are part of the token
  EXPECT_FALSE(c->plain);
  EXPECT_TRUE(root->Find("a")->plain);
}

TEST(LoaderTest, ReportsDuplicateKeysWithTheFirst) {
  auto l = LoadText("a: 1\na: 2\n");
  EXPECT_FALSE(l->ok);
  auto sorted = l->diags.Sorted();
  ASSERT_EQ(sorted.size(), 1u);
  EXPECT_EQ(CodeName(sorted[0].code), "Y002");
  EXPECT_EQ(sorted[0].location.line, 2u);
  ASSERT_EQ(sorted[0].notes.size(), 1u);
  EXPECT_EQ(sorted[0].notes[0].location.line, 1u);
}

TEST(LoaderTest, SharesAliasesAndBoundsTheirExpansion) {
  auto ok = LoadText("a: &x [1, 2]\nb: *x\n");
  ASSERT_TRUE(ok->ok);
  EXPECT_EQ(ok->doc.root()->Find("a"), ok->doc.root()->Find("b"));
  Limits tight;
  tight.max_alias_nodes = 5;
  auto bomb = LoadText("a: &x [1, 2, 3]\nb: [*x, *x]\n", tight);
  EXPECT_FALSE(bomb->ok);
  EXPECT_EQ(FirstCode(*bomb), "Y003");
}

TEST(LoaderTest, LimitsDepth) {
  Limits tight;
  tight.max_depth = 3;
  EXPECT_EQ(FirstCode(*LoadText("a: [[[[1]]]]\n", tight)), "Y004");
  EXPECT_TRUE(LoadText("a: [[1]]\n", tight)->ok);
}

TEST(LoaderTest, RejectsBadBytesWithTheirPlace) {
  auto utf8 = LoadText("a: b\nc: \xff\n");
  EXPECT_EQ(FirstCode(*utf8), "Y005");
  EXPECT_EQ(utf8->diags.Sorted()[0].location.line, 2u);
  EXPECT_EQ(utf8->diags.Sorted()[0].location.column, 4u);
  EXPECT_EQ(FirstCode(*LoadText(std::string("a: \0\n", 5))), "Y006");
  EXPECT_TRUE(LoadText("a: h\xc3\xa9llo\n")->ok);
}

TEST(LoaderTest, ReportsEmptyAndMultipleDocuments) {
  EXPECT_EQ(FirstCode(*LoadText("")), "Y007");
  EXPECT_EQ(FirstCode(*LoadText("# only a comment\n")), "Y007");
  EXPECT_EQ(FirstCode(*LoadText("a: 1\n---\nb: 2\n")), "Y008");
}

TEST(LoaderTest, ReportsSyntaxErrorsAtTheirPlace) {
  auto l = LoadText("a: [1, 2\n");
  EXPECT_FALSE(l->ok);
  EXPECT_EQ(FirstCode(*l), "Y001");
}

TEST(LoaderTest, AcceptsNonScalarKeys) {
  auto l = LoadText("m:\n  { concat: [a, b] }: c\n");
  ASSERT_TRUE(l->ok);
  const Node* m = l->doc.root()->Find("m");
  ASSERT_EQ(m->entries.size(), 1u);
  EXPECT_TRUE(m->entries[0].key->IsMap());
}

}  // namespace
}  // namespace toscac::yaml
