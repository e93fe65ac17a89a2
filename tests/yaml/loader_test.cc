#include "yaml/loader.h"

#include <gtest/gtest.h>

#include "yaml/digest.h"

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

// The one diagnostic of a failed load, as "line:column: message".
std::string OnlyError(const Loaded& l) {
  auto sorted = l.diags.Sorted();
  if (l.ok || sorted.size() != 1) return "expected exactly one error";
  const diag::Diagnostic& d = sorted[0];
  return std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + ": " +
         d.message;
}

TEST(LoaderTest, ReportsTheTabInAnIndentation) {
  constexpr const char* kTab = "tabs are not allowed for indentation in YAML";
  EXPECT_EQ(OnlyError(*LoadText("a:\n\tb: {}\n")), std::string("2:1: ") + kTab);
  EXPECT_EQ(OnlyError(*LoadText("a:\n  b: 1\n  \tc: 2\n")), std::string("3:3: ") + kTab);
  EXPECT_EQ(OnlyError(*LoadText("a:\n  - 1\n\t- 2\n")), std::string("3:1: ") + kTab);
  // The first line of a run of tab-indented lines, though libyaml gives up on the second.
  EXPECT_EQ(OnlyError(*LoadText("a:\n  b:\n\tc:\n\n  # x\n\t  d: 1\n")),
            std::string("3:1: ") + kTab);
}

TEST(LoaderTest, AcceptsTabsOutsideIndentation) {
  EXPECT_TRUE(LoadText("a:\tb\n")->ok);
  EXPECT_TRUE(LoadText("a: |\n  x\n  \ty\n")->ok);
  EXPECT_TRUE(LoadText("a: \"x\n\ty\"\n")->ok);
  EXPECT_TRUE(LoadText("a: {\n\tb: c}\n")->ok);
  // A tab that is not what libyaml choked on keeps libyaml's message.
  EXPECT_EQ(OnlyError(*LoadText("a: {\n\tb: [}\n")), "2:6: did not find expected node content");
}

// YAML 1.2 allows a tab before a comment in the margin; libyaml does not, and says so plainly.
TEST(LoaderTest, RefusesATabBeforeAMarginComment) {
  EXPECT_EQ(OnlyError(*LoadText("a:\n\t# comment\n  b: c\n")),
            "2:1: tabs are not allowed for indentation in YAML");
}

TEST(LoaderTest, ReportsUnterminatedQuotesAtTheOpeningQuote) {
  EXPECT_EQ(OnlyError(*LoadText("a: 1\nb: \"never ends\nc: 2\n")),
            "2:4: unterminated double-quoted string");
  EXPECT_EQ(OnlyError(*LoadText("a: 1\nb: \"never ends")),  // no final newline
            "2:4: unterminated double-quoted string");
  EXPECT_EQ(OnlyError(*LoadText("a: [x, # 'no\n 'never]\n")),
            "2:2: unterminated single-quoted string");
  EXPECT_EQ(OnlyError(*LoadText("a: \"escaped \\\"\n")), "1:4: unterminated double-quoted string");
  EXPECT_TRUE(LoadText("a: \"x\\\\\"\nb: 'it''s'\nc: \"two\n  lines\"\n")->ok);
}

TEST(LoaderTest, CountsColumnsAfterAByteOrderMark) {
  auto l = LoadText(
      "\xEF\xBB\xBF"
      "a: 'x'\nb: yes\n");
  ASSERT_TRUE(l->ok);
  const Node* a = l->doc.root()->Find("a");
  EXPECT_EQ(a->location.column, 4u);
  EXPECT_EQ(a->location.end_column, 7u);
  const Node* b = l->doc.root()->Find("b");
  EXPECT_EQ(b->location.column, 4u);
  EXPECT_EQ(b->location.end_column, 7u);
}

TEST(LoaderTest, AcceptsNonScalarKeys) {
  auto l = LoadText("m:\n  { concat: [a, b] }: c\n");
  ASSERT_TRUE(l->ok);
  const Node* m = l->doc.root()->Find("m");
  ASSERT_EQ(m->entries().size(), 1u);
  EXPECT_TRUE(m->entries()[0].key->IsMap());
}

// libyaml counts characters; locations count bytes, as the caret line does.
TEST(LoaderTest, CountsColumnsInBytesAfterMultiByteCharacters) {
  auto l = LoadText("\xC3\xA9: 'x'\nb: [\xC3\xA9, 'y']\n");
  ASSERT_TRUE(l->ok);
  const Node* x = l->doc.root()->Find("\xC3\xA9");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->location.line, 1u);
  EXPECT_EQ(x->location.column, 5u);
  EXPECT_EQ(x->location.end_column, 8u);
  const Node* y = l->doc.root()->Find("b")->items()[1];
  EXPECT_EQ(y->location.line, 2u);
  EXPECT_EQ(y->location.column, 9u);
  EXPECT_EQ(y->location.end_column, 12u);
  auto crlf = LoadText("a: 1\r\nb: 'x'\r\n");
  ASSERT_TRUE(crlf->ok);
  EXPECT_EQ(crlf->doc.root()->Find("b")->location.line, 2u);
  EXPECT_EQ(crlf->doc.root()->Find("b")->location.column, 4u);
}

// Marks on one long line are turned into offsets walking on from the previous one (once per
// line, not once per mark: a file of flow style is one line); a mark before the previous one
// (a note's) walks from the line's start again.
TEST(LoaderTest, CountsBytesAlongALongNonAsciiLine) {
  std::string line = "a: [";
  for (int i = 0; i < 2000; ++i) line += "\xC3\xA9" + std::to_string(i) + ", ";
  line += "'x', [1, 2}\n";
  auto l = LoadText(line);
  auto sorted = l->diags.Sorted();
  ASSERT_EQ(sorted.size(), 1u);
  std::size_t bracket = line.find("[1, 2}");
  EXPECT_EQ(sorted[0].location.column, bracket + 5 + 1);  // at the closing brace
  ASSERT_EQ(sorted[0].notes.size(), 1u);
  EXPECT_EQ(sorted[0].notes[0].location.column, bracket + 1);  // the inner sequence's '['
  auto ok = LoadText("a: [\xC3\xA9, 'x', \xC3\xA9\xC3\xA9, 'y']\n");
  ASSERT_TRUE(ok->ok);
  const Node* seq = ok->doc.root()->Find("a");
  EXPECT_EQ(seq->items()[1]->location.column, 9u);
  EXPECT_EQ(seq->items()[3]->location.column, 20u);
  EXPECT_EQ(seq->items()[3]->location.end_column, 23u);
}

TEST(LoaderTest, ReadsNullsAsYamlCoreDoes) {
  auto l = LoadText("a: ~\nb: null\nc:\nd: 'null'\ne: !!str\nf: NULL\n");
  ASSERT_TRUE(l->ok);
  const Node* root = l->doc.root();
  for (const char* key : {"a", "b", "c", "f"}) EXPECT_TRUE(root->Find(key)->IsNull()) << key;
  EXPECT_TRUE(root->Find("d")->IsScalar());
  EXPECT_EQ(root->Find("d")->value(), "null");
  EXPECT_TRUE(root->Find("e")->IsScalar());
  EXPECT_EQ(root->Find("e")->tag(), "tag:yaml.org,2002:str");
  EXPECT_FALSE(root->Find("e")->plain);
}

// Values written as is point into the text, the others are copies: both read the same.
TEST(LoaderTest, ReadsValuesOfEveryStyle) {
  auto l = LoadText(
      "a: plain words\nb: 'it''s'\nc: \"tab\\there\"\nd: \"as is\"\ne: 'as is'\n"
      "f: folded\n  over lines\ng: |\n  literal\n  block\nh: &x anchored\ni: !!str tagged\n");
  ASSERT_TRUE(l->ok);
  const Node* root = l->doc.root();
  EXPECT_EQ(root->Find("a")->value(), "plain words");
  EXPECT_EQ(root->Find("b")->value(), "it's");
  EXPECT_EQ(root->Find("c")->value(), "tab\there");
  EXPECT_EQ(root->Find("d")->value(), "as is");
  EXPECT_EQ(root->Find("e")->value(), "as is");
  EXPECT_EQ(root->Find("f")->value(), "folded over lines");
  EXPECT_EQ(root->Find("g")->value(), "literal\nblock\n");
  EXPECT_EQ(root->Find("h")->value(), "anchored");
  EXPECT_EQ(root->Find("i")->value(), "tagged");
}

// A tag is kept apart from the node (Node::Tagged): the node's data must read the same.
TEST(LoaderTest, KeepsTagsBesideTheData) {
  auto l = LoadText(
      "m: !!map {a: 1, b: 2}\ns: !!seq [x, y]\nv: !custom text\ne: !!str ''\nz: !!map {}\n"
      "p: plain\n");
  ASSERT_TRUE(l->ok);
  const Node* root = l->doc.root();
  const Node* m = root->Find("m");
  EXPECT_EQ(m->tag(), "tag:yaml.org,2002:map");
  ASSERT_EQ(m->entries().size(), 2u);
  EXPECT_EQ(m->Find("b")->value(), "2");
  const Node* s = root->Find("s");
  EXPECT_EQ(s->tag(), "tag:yaml.org,2002:seq");
  ASSERT_EQ(s->items().size(), 2u);
  EXPECT_EQ(s->items()[1]->value(), "y");
  EXPECT_EQ(root->Find("v")->tag(), "!custom");
  EXPECT_EQ(root->Find("v")->value(), "text");
  EXPECT_EQ(root->Find("e")->tag(), "tag:yaml.org,2002:str");
  EXPECT_EQ(root->Find("e")->value(), "");
  EXPECT_TRUE(root->Find("z")->IsMap());
  EXPECT_TRUE(root->Find("z")->entries().empty());
  EXPECT_EQ(root->Find("p")->tag(), "");
  // Each kind's accessor is empty for the other kinds.
  EXPECT_TRUE(m->items().empty());
  EXPECT_EQ(m->value(), "");
  EXPECT_TRUE(s->entries().empty());
  EXPECT_TRUE(root->Find("v")->entries().empty());
}

TEST(LoaderTest, TagsSurviveADigest) {
  auto l = LoadText("m: !!map {a: !x 1}\ns: !!seq [!y {}, z]\n");
  ASSERT_TRUE(l->ok);
  std::string bytes = Digest(l->doc);
  Document copy;
  ASSERT_TRUE(Undigest(bytes, 7, copy));
  const Node* m = copy.root()->Find("m");
  EXPECT_EQ(m->tag(), "tag:yaml.org,2002:map");
  EXPECT_EQ(m->Find("a")->tag(), "!x");
  EXPECT_EQ(m->Find("a")->value(), "1");
  const Node* s = copy.root()->Find("s");
  EXPECT_EQ(s->tag(), "tag:yaml.org,2002:seq");
  ASSERT_EQ(s->items().size(), 2u);
  EXPECT_EQ(s->items()[0]->tag(), "!y");
  EXPECT_TRUE(s->items()[0]->IsMap());
  EXPECT_EQ(s->items()[1]->value(), "z");
  EXPECT_EQ(Digest(copy), bytes);
}

TEST(LoaderTest, RefusesAliasesWithoutACompleteAnchor) {
  EXPECT_EQ(OnlyError(*LoadText("a: *x\n")), "1:4: alias '*x' names no anchor defined before it");
  EXPECT_EQ(OnlyError(*LoadText("a: &x [1, *x]\n")),
            "1:11: alias '*x' is used inside its own anchor");
  auto redefined = LoadText("a: &x 1\nb: &x 2\nc: *x\n");
  ASSERT_TRUE(redefined->ok);
  EXPECT_EQ(redefined->doc.root()->Find("c")->value(), "2");
}

TEST(LoaderTest, PointsASyntaxErrorAtWhatLibyamlWasParsing) {
  auto l = LoadText("a: [1, 2\n");
  auto sorted = l->diags.Sorted();
  ASSERT_EQ(sorted.size(), 1u);
  EXPECT_EQ(sorted[0].message, "did not find expected ',' or ']'");
  ASSERT_EQ(sorted[0].notes.size(), 1u);
  EXPECT_EQ(sorted[0].notes[0].location.column, 4u);
  EXPECT_EQ(sorted[0].notes[0].message, "while parsing a flow sequence that starts here");
}

// The document's first block of items, entries or copied text is as large as what it is made
// for: a long list or a long scalar first (found by fuzzing: a 2 KB block got 9 KB of text).
TEST(LoaderTest, StoresLargeArraysAndTextsMadeFirst) {
  std::string list = "[";
  for (int i = 0; i < 1000; ++i) list += (i ? ", " : "") + std::to_string(i);
  list += "]\n";
  auto l = LoadText(list);
  ASSERT_TRUE(l->ok);
  ASSERT_EQ(l->doc.root()->items().size(), 1000u);
  EXPECT_EQ(l->doc.root()->items()[999]->value(), "999");

  // Escapes make the loader keep a copy of the scalar rather than a view of the text.
  std::string text(9000, 'a');
  for (std::size_t i = 0; i < text.size(); i += 100) text[i] = 'b';
  auto s = LoadText("\"" + text + "\\t\"\n");
  ASSERT_TRUE(s->ok);
  EXPECT_EQ(s->doc.root()->value(), text + "\t");

  for (std::size_t size : {1000u, 2000u, 5000u, 16000u, 17000u, 70000u}) {
    Document doc;
    std::string big(size, 'x');
    std::string_view copy = doc.Text(big);
    EXPECT_EQ(copy, big);
    EXPECT_EQ(doc.Text("small"), "small");
  }
}

}  // namespace
}  // namespace toscac::yaml
