// The fast scanner against libyaml: whatever the fast scanner accepts, libyaml must read into
// the same events (values, styles, anchors, marks). Tried on every YAML file of the repository
// and of the shared corpus, on thousands of variants of them (a line dropped, a line indented
// or outdented by one, a line cut short, characters swapped), and on a table of snippets.
#include "yaml/fast_scanner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "read_file.h"
#include "yaml/event_dump.h"
#include "yaml/loader.h"

namespace toscac::yaml {
namespace {

namespace fs = std::filesystem;

// Whether the fast scanner took `text`; fails the test when libyaml reads it otherwise.
bool Agrees(const std::string& text, const std::string& what) {
  EventDump fast;
  if (!FastScan(text, fast)) return false;
  EventDump slow;
  bool read = LibyamlScan(text, slow);
  EXPECT_TRUE(read) << what << ": the fast scanner accepted what libyaml refuses:\n" << text;
  EXPECT_EQ(fast.text(), slow.text()) << what << ":\n" << text;
  return true;
}

std::vector<fs::path> YamlFiles() {
  std::vector<fs::path> files;
  fs::path root = TOSCAC_SOURCE_DIR;
  for (const char* dir : {"samples", "tests/golden", "tosca-profiles", "../shared/corpus"}) {
    fs::path d = root / dir;
    if (!fs::exists(d)) continue;
    for (const auto& e : fs::recursive_directory_iterator(d)) {
      auto ext = e.path().extension();
      if (e.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) lines.push_back(line);
  return lines;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

TEST(FastScannerTest, ReadsTheRepositoryAndCorpusAsLibyamlDoes) {
  auto files = YamlFiles();
  ASSERT_GT(files.size(), 100u);
  std::size_t taken = 0;
  for (const auto& f : files) taken += Agrees(test::ReadFile(f), f.string());
  // Most real TOSCA keeps to the subset: the point of the scanner.
  EXPECT_GT(taken * 10, files.size() * 7) << taken << " of " << files.size();
  std::cout << "fast scanner took " << taken << " of " << files.size() << " files\n";
}

TEST(FastScannerTest, ReadsVariantsAsLibyamlDoes) {
  std::size_t tried = 0, taken = 0;
  for (const auto& f : YamlFiles()) {
    auto lines = Lines(test::ReadFile(f));
    std::size_t n = std::min<std::size_t>(lines.size(), 40);
    for (std::size_t i = 0; i < n; ++i) {
      std::vector<std::vector<std::string>> variants;
      auto v = lines;
      v.erase(v.begin() + static_cast<long>(i));
      variants.push_back(v);
      v = lines;
      v[i] = " " + v[i];
      variants.push_back(v);
      v = lines;
      if (!v[i].empty() && v[i][0] == ' ') v[i].erase(0, 1);
      variants.push_back(v);
      v = lines;
      v[i] = v[i].substr(0, v[i].size() / 2);
      variants.push_back(v);
      v = lines;
      if (v[i].size() > 3) std::swap(v[i][v[i].size() / 3], v[i][v[i].size() / 3 + 1]);
      variants.push_back(v);
      for (auto& variant : variants) {
        std::string text = Join(variant);
        ++tried;
        taken += Agrees(text, f.string() + " variant at line " + std::to_string(i + 1));
        taken += Agrees(text.substr(0, text.size() - 1), f.string() + " without the last break");
      }
    }
  }
  std::cout << "fast scanner took " << taken << " of " << 2 * tried << " variants\n";
  EXPECT_GT(taken, tried / 2);
}

struct Snippet {
  const char* text;
  bool taken;  // whether the fast scanner reads it (else it leaves it to libyaml)
};

TEST(FastScannerTest, ReadsItsSubsetAndLeavesTheRest) {
  const Snippet snippets[] = {
      {"a: 1\n", true},
      {"a: 1", true},
      {"a:\n  b: c\n  d: [1, 'x', \"y\", {e: f}]\n", true},
      {"a:\n- 1\n- 2\nb: 3\n", true},
      {"a:\n  - x: 1\n    y: 2\n  -\n  - - z\n", true},
      {"a: &x {b: c}\nd: *x\n", true},
      {"a: &x\n  b: c\nd: *x\n", true},
      {"a: |\n  one\n   two\n\n  three\nb: >-\n  four\n  five\n\n  six\n", true},
      {"a: |+\n  x\n\n\nb: >\n  y\n   z\n  w\n", true},
      {"a: 'it''s'\nb: \"t\\tab\\x41\\\\\"\n", true},
      {"a: b # comment\n# c\n  # d\nc: d#e\n", true},
      {"'a b': 1\n\"c\" : 2\nd   : 3\n", true},
      {"a: http://x:80/y\nb: -1\nc: x [y] {z}\n", true},
      {"a: ~\nb:\nc: null\n", true},
      {"a: 1\na: 2\n", true},   // a duplicate: the tree builder's business (Y002)
      {"a: *nowhere\n", true},  // likewise (Y001)
      // Left to libyaml:
      {"", false},
      {"# only a comment\n", false},
      {"- a\n", false},
      {"  a: 1\n", false},
      {"---\na: 1\n", false},
      {"%YAML 1.2\n---\na: 1\n", false},
      {"a: 1\n---\nb: 2\n", false},
      {"a:\tb\n", false},
      {"a: b\r\n", false},
      {"caf\xC3\xA9: \xC3\xA9t\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x99\x82\nb: '\xC2\xA0'\n", true},
      {"a: b\xC2\x85"
       "c\n",
       false},  // U+0085, a line break to libyaml
      {"a: b\xE2\x80\xA8"
       "c\n",
       false},  // U+2028, likewise
      {"a: b\xC2\x9F"
       "c\n",
       false},  // a C1 control
      {"a: b\xEF\xBB\xBF"
       "c\n",
       false},                // a byte order mark past the start
      {"a: b\xC3\n", false},  // not UTF-8
      {"a: !!str b\n", false},
      {"? a\n: b\n", false},
      {"a: b\n  c\n\n   d  \n\n\n  e # f\ng: h\n", true},  // plain scalars over several lines
      {"x:\n- a\n  b\n- c\n", true},
      {"a:\n- b\n  c\nd:\n  e\n  f\ng:\n  'h'\ni: &j\n  k\nl: &m\n  'n'\n", true},
      {"a: b\n  c: d\n", false},
      {"a: b\n  - c\n", false},
      {"a: b\n  # c\n  d\n", false},
      {"x:\n- a: b\n    c\n  d: e\n", true},
      {"a: 'b\n  c'\n", false},
      {"a: [b,\n  c]\n", false},
      {"a: [b, ]\n", false},
      {"a: {b}\n", false},
      {"a: [b: c]\n", false},
      {"a: [x:y]\n", false},
      {"a: b: c\n", false},
      {"a: - b\n", false},
      {"a: |2\n   x\n", false},
      {"a: |\n\n   \n  x\n", false},
      {"a: |\nb: 1\n", false},
      {"a: \"\\u00e9\"\n", false},
      {"a: \"\\'\"\n", false},  // not an escape to libyaml (found by fuzzing)
      {"a: &x\nb: 1\n", false},
      {"&x a: 1\n", false},
      {"a: 1\n b: 2\n", false},
      {"a:\n    b: 1\n  c: 2\n", false},
  };
  for (const auto& s : snippets) {
    EXPECT_EQ(Agrees(s.text, s.text), s.taken) << s.text;
  }
}

TEST(FastScannerTest, FoldsAndChompsAsLibyamlDoes) {
  const char* bodies[] = {"x\n",     "x\ny\n",   "x\n\ny\n",   "x\n  y\nz\n",
                          "x\n\n\n", "  x\ny\n", "x\n  \ny\n", "x\n      \ny\n"};
  for (const char* indicator : {"|", "|-", "|+", ">", ">-", ">+"}) {
    for (const char* body : bodies) {
      std::string text = std::string("k: ") + indicator + "\n";
      for (const auto& line : Lines(body)) text += line.empty() ? "\n" : "  " + line + "\n";
      text += "z: 1\n";
      Agrees(text, text);
      Agrees(text.substr(0, text.size() - 5), text);
    }
  }
}

TEST(FastScannerTest, LoadGivesTheSameTreeEitherWay) {
  // "a\tb" keeps the same document from the fast scanner (it would take it with a space).
  diag::SourceManager sm;
  Document fast, slow;
  diag::Diagnostics d1, d2;
  EXPECT_TRUE(Load(sm, sm.Add("a.yaml", "k: [1, {v: w}]\nm: x y\n"), Limits{}, fast, d1));
  EXPECT_TRUE(Load(sm, sm.Add("b.yaml", "k: [1, {v: w}]\nm: x\ty\n"), Limits{}, slow, d2));
  const Node* k = fast.root()->Find("k");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->items().size(), 2u);
  EXPECT_EQ(k->location.column, 4u);
  EXPECT_EQ(slow.root()->Find("m")->value(), "x\ty");
}

}  // namespace
}  // namespace toscac::yaml
