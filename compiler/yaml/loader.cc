#include "yaml/loader.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace toscac::yaml {
namespace {

using diag::Code;
using diag::Location;

// Thrown by the handler to abandon a document; never leaves this file.
struct Abandon {};

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";  // UTF-8, allowed at the start

// Scans for bytes YAML cannot hold before yaml-cpp sees them: invalid UTF-8 (Y005) and
// control characters (Y006). Reports the first one and returns false.
bool CheckEncoding(std::string_view text, diag::FileId file, diag::Diagnostics& diags) {
  std::uint32_t line = 1, column = 1;
  std::size_t i = 0;
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) i = kByteOrderMark.size();
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    Location loc{file, line, column, column + 1};
    if (c == '\n') {
      ++line, column = 1, ++i;
      continue;
    }
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", c);
        diags.Error(Code::Y006, loc,
                    std::string("control character ") + hex + " is not allowed in YAML");
        return false;
      }
      ++column, ++i;
      continue;
    }
    std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    bool ok = len != 0 && c < 0xF5 && c != 0xC0 && c != 0xC1 && i + len <= text.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (ok && len == 3) {  // overlong forms and UTF-16 surrogates
      auto c1 = static_cast<unsigned char>(text[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
    }
    if (ok && len == 4) {
      auto c1 = static_cast<unsigned char>(text[i + 1]);
      ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (!ok) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", c);
      diags.Error(Code::Y005, loc, std::string("invalid UTF-8 byte ") + hex);
      return false;
    }
    column += static_cast<std::uint32_t>(len), i += len;
  }
  return true;
}

// The offset just past the quote that closes the quoted scalar opened at text[open], or npos
// when the file ends first.
std::size_t QuotedEnd(std::string_view text, std::size_t open) {
  char quote = text[open];
  for (std::size_t i = open + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;
      continue;
    }
    if (text[i] != quote) continue;
    if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
      ++i;
      continue;
    }
    return i + 1;
  }
  return std::string_view::npos;
}

// yaml-cpp 0.7 accepts a quoted scalar that runs to the end of the file (when the file ends
// in a newline): the rest of the file silently becomes its text.
bool IsUnterminatedQuote(std::string_view text, std::size_t pos) {
  return pos < text.size() && (text[pos] == '"' || text[pos] == '\'') &&
         QuotedEnd(text, pos) == std::string_view::npos;
}

std::string UnterminatedMessage(char quote) {
  return std::string("unterminated ") + (quote == '"' ? "double" : "single") + "-quoted string";
}

// One past the last column of the scalar token that starts at `mark`, found in the source so
// that a caret underlines the whole token, quotes included; a quoted scalar that goes on to
// the next lines is underlined to the end of its first line.
std::uint32_t ScalarEnd(std::string_view text, const YAML::Mark& mark, const std::string& value,
                        bool plain) {
  auto col = static_cast<std::uint32_t>(mark.column + 1);
  if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text.size()) return col + 1;
  auto pos = static_cast<std::size_t>(mark.pos);
  std::string_view line = text.substr(pos, text.find('\n', pos) - pos);
  if (plain) {
    if (line.substr(0, value.size()) == value && !value.empty()) {
      return col + static_cast<std::uint32_t>(value.size());
    }
    return col + 1;
  }
  if (line.empty() || (line[0] != '"' && line[0] != '\'')) return col + 1;
  std::size_t end = std::min(QuotedEnd(text, pos) - pos, line.size());
  return col + static_cast<std::uint32_t>(end);
}

// The 1-based line and column of text[pos].
Location LocationAt(std::string_view text, std::size_t pos, diag::FileId file) {
  std::string_view before = text.substr(0, pos);
  auto line = static_cast<std::uint32_t>(1 + std::count(before.begin(), before.end(), '\n'));
  std::size_t newline = before.rfind('\n');
  std::size_t line_start = newline == std::string_view::npos ? 0 : newline + 1;
  auto col = static_cast<std::uint32_t>(pos - line_start + 1);
  return Location{file, line, col, col + 1};
}

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(std::string_view text, diag::FileId file, const Limits& limits, Document& doc,
              diag::Diagnostics& diags)
      : text_(text), file_(file), limits_(limits), doc_(doc), diags_(diags) {}

  bool has_document() const { return has_document_; }
  // The offset just past the last token an event was seen for: yaml-cpp has read the text up
  // to here without complaint.
  std::size_t read_up_to() const { return read_up_to_; }

  Location document_start() const { return document_start_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    has_document_ = true;
    document_start_ = At(mark, 1);
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node& n = NewNode(mark);
    n.kind = Kind::kNull;
    n.location = At(mark, 1);
    Finish(n, anchor, 1);
  }

  // Every node of the tree: the text alone may describe more than memory holds.
  Node& NewNode(const YAML::Mark& mark) {
    if (++nodes_ > limits_.max_nodes) {
      diags_
          .Error(Code::Y010, At(mark, 1),
                 "the file has more than " + std::to_string(limits_.max_nodes) + " YAML nodes")
          .AddNote("raise --max-nodes if it is meant to be this large");
      throw Abandon{};
    }
    return doc_.NewNode();
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Advance(mark, 1);
    if (anchor >= anchors_.size() || anchors_[anchor].node == nullptr) {
      diags_.Error(Code::Y001, At(mark, 1), "alias names an anchor that is not complete here");
      throw Abandon{};
    }
    const Anchored& a = anchors_[anchor];
    alias_nodes_ += a.weight;
    if (alias_nodes_ > limits_.max_alias_nodes) {
      diags_
          .Error(Code::Y003, At(mark, 1),
                 "expanding aliases would create more than " +
                     std::to_string(limits_.max_alias_nodes) + " nodes")
          .AddNote("this looks like an alias bomb; raise --max-alias-nodes if it is not");
      throw Abandon{};
    }
    Attach(a.node, a.weight);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (tag != "?" && mark.pos >= 0 && IsUnterminatedQuote(text_, mark.pos)) {
      diags_.Error(Code::Y001, At(mark, 1), UnterminatedMessage(text_[mark.pos]));
      throw Abandon{};
    }
    Node& n = NewNode(mark);
    n.kind = Kind::kScalar;
    n.plain = tag == "?";
    if (tag != "?" && tag != "!") n.tag = tag;
    n.value = value;
    n.location = At(mark, 0);
    n.location.end_column = ScalarEnd(text_, mark, value, n.plain);
    Advance(mark, n.location.end_column - n.location.column);
    Finish(n, anchor, 1);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(Kind::kSequence, mark, tag, anchor);
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(Kind::kMap, mark, tag, anchor);
  }
  void OnMapEnd() override { Close(); }

 private:
  struct Frame {
    Node* node;
    YAML::anchor_t anchor;
    std::uint64_t weight;     // nodes in this subtree, aliases expanded
    const Node* pending_key;  // maps: the key waiting for its value
    bool pending_duplicate;
    std::unordered_set<std::string_view> keys;  // maps: for duplicate detection
  };
  struct Anchored {
    const Node* node = nullptr;
    std::uint64_t weight = 0;
  };

  Location At(const YAML::Mark& mark, std::uint32_t width) const {
    auto line = static_cast<std::uint32_t>(mark.line + 1);
    auto col = static_cast<std::uint32_t>(mark.column + 1);
    return Location{file_, line, col, col + width};
  }

  void Open(Kind kind, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor) {
    if (stack_.size() >= limits_.max_depth) {
      diags_.Error(Code::Y004, At(mark, 1),
                   "nesting is deeper than " + std::to_string(limits_.max_depth) + " levels");
      throw Abandon{};
    }
    Advance(mark, 1);
    Node& n = NewNode(mark);
    n.kind = kind;
    if (tag != "?" && tag != "!") n.tag = tag;
    n.location = At(mark, 1);
    stack_.push_back(Frame{&n, anchor, 1, nullptr, false, {}});
  }

  void Advance(const YAML::Mark& mark, std::uint32_t width) {
    if (mark.pos < 0) return;
    read_up_to_ = std::max(read_up_to_, static_cast<std::size_t>(mark.pos) + width);
  }

  void Close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.node->kind == Kind::kMap && f.pending_key != nullptr) {
      // Cannot happen with yaml-cpp's events, but a key without value must not be lost.
      f.node->entries.push_back(Entry{f.pending_key, nullptr});
    }
    Finish(*f.node, f.anchor, f.weight);
  }

  void Finish(const Node& n, YAML::anchor_t anchor, std::uint64_t weight) {
    if (anchor != YAML::NullAnchor) {
      if (anchors_.size() <= anchor) anchors_.resize(anchor + 1);
      anchors_[anchor] = Anchored{&n, weight};
    }
    Attach(&n, weight);
  }

  void Attach(const Node* n, std::uint64_t weight) {
    if (stack_.empty()) {
      if (doc_.root() == nullptr) doc_.set_root(n);
      return;
    }
    Frame& parent = stack_.back();
    parent.weight += weight;
    if (parent.node->kind == Kind::kSequence) {
      parent.node->items.push_back(n);
      return;
    }
    if (parent.pending_key == nullptr) {
      AcceptKey(parent, n);
      return;
    }
    // A duplicate key was reported (Y002); its entry is dropped so no later phase reports it
    // again.
    if (!parent.pending_duplicate) parent.node->entries.push_back(Entry{parent.pending_key, n});
    parent.pending_key = nullptr;
    parent.pending_duplicate = false;
  }

  // Keys may be any node (TOSCA allows function calls as map keys); only scalar keys take part
  // in duplicate detection and keyname lookup.
  void AcceptKey(Frame& map, const Node* key) {
    map.pending_key = key;
    if (key->kind != Kind::kScalar) return;
    if (map.keys.insert(key->value).second) return;
    map.pending_duplicate = true;
    auto& d = diags_.Error(Code::Y002, key->location, "duplicate key '" + key->value + "'");
    for (const Entry& e : map.node->entries) {
      if (e.key->IsScalar() && e.key->value == key->value) {
        d.AddNote(e.key->location, "first defined here");
        break;
      }
    }
  }

  std::string_view text_;
  diag::FileId file_;
  const Limits& limits_;
  Document& doc_;
  diag::Diagnostics& diags_;
  std::vector<Frame> stack_;
  std::vector<Anchored> anchors_;
  std::uint64_t alias_nodes_ = 0;
  std::uint64_t nodes_ = 0;
  bool has_document_ = false;
  Location document_start_;
  std::size_t read_up_to_ = 0;
};

// The offset of the first tab in the indentation of the line at text[start], or npos. Lines
// holding only a comment do not count: tabs may separate a comment from the margin.
std::size_t IndentationTab(std::string_view text, std::size_t start) {
  std::size_t i = start;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  if (i < text.size() && text[i] == '#') return std::string_view::npos;
  std::size_t tab = text.substr(start, i - start).find('\t');
  return tab == std::string_view::npos ? tab : start + tab;
}

// yaml-cpp reports a tab in the indentation as whatever it could not make sense of next
// ("illegal map value", "end of map not found"), often at the end of the line. When it gave
// up on a line of the block structure that is indented with a tab, the tab is the mistake: the
// first tab of the run of tab-indented lines that ends there (blank lines and comments aside).
std::optional<std::size_t> TabBehindError(std::string_view text, const YAML::Exception& e) {
  namespace msg = YAML::ErrorMsg;
  bool block_error = e.msg == msg::TAB_IN_INDENTATION || e.msg == msg::MAP_VALUE ||
                     e.msg == msg::MAP_KEY || e.msg == msg::BLOCK_ENTRY ||
                     e.msg == msg::END_OF_MAP || e.msg == msg::END_OF_SEQ;
  if (!block_error || e.mark.is_null() || e.mark.pos < 0) return std::nullopt;
  auto pos = std::min(static_cast<std::size_t>(e.mark.pos), text.size());
  std::size_t start = pos == 0 ? 0 : text.rfind('\n', pos - 1) + 1;  // npos + 1 == 0
  std::optional<std::size_t> found;
  if (std::size_t tab = IndentationTab(text, start); tab != std::string_view::npos) found = tab;
  while (found && start > 0) {
    start = start == 1 ? 0 : text.rfind('\n', start - 2) + 1;
    std::string_view line = text.substr(start, text.find('\n', start) - start);
    if (line.find_first_not_of(" \r") == std::string_view::npos) continue;  // blank
    if (std::size_t tab = IndentationTab(text, start); tab != std::string_view::npos) {
      found = tab;
      continue;
    }
    std::size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && line[first] == '#') continue;  // a comment
    break;
  }
  return found;
}

// yaml-cpp throws "illegal EOF in scalar", at the end of the file, for a quoted scalar that
// reaches the end of a file without a final newline. Its opening quote is the first quote
// after the last token yaml-cpp reported an event for.
std::optional<std::size_t> QuoteBehindError(std::string_view text, const YAML::Exception& e,
                                            std::size_t read_up_to) {
  if (e.msg != YAML::ErrorMsg::EOF_IN_SCALAR) return std::nullopt;
  for (std::size_t i = read_up_to; i < text.size(); ++i) {
    bool comment = text[i] == '#' &&
                   (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n');
    if (comment) i = std::min(text.find('\n', i), text.size());
    if (i == text.size()) break;
    if (text[i] != '"' && text[i] != '\'') continue;
    if (IsUnterminatedQuote(text, i)) return i;
    return std::nullopt;
  }
  return std::nullopt;
}

// yaml-cpp messages start with a capital; ours do not.
std::string LowerFirst(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

}  // namespace

bool Load(const diag::SourceManager& sm, diag::FileId file, const Limits& limits, Document& doc,
          diag::Diagnostics& diags) {
  std::string_view text = sm.Text(file);
  if (!CheckEncoding(text, file, diags)) return false;
  // yaml-cpp skips a byte order mark without counting it in its marks, columns or offsets; so
  // does every location: the first line's columns start after the mark (diag/render.cc hides
  // it in the caret line to match).
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    text.remove_prefix(kByteOrderMark.size());
  }
  std::size_t errors_before = diags.ErrorCount();
  // yaml-cpp reads from a stream; an istringstream over a copy is the price of its API.
  std::istringstream in{std::string(text)};
  TreeBuilder builder(text, file, limits, doc, diags);
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);
    if (builder.has_document() && doc.root() != nullptr) {
      Document ignored;
      TreeBuilder second(text, file, limits, ignored, diags);
      if (parser.HandleNextDocument(second) && second.has_document()) {
        diags.Error(Code::Y008, second.document_start(),
                    "only one YAML document per file is allowed");
      }
    }
  } catch (const Abandon&) {
    return false;
  } catch (const YAML::DeepRecursion& e) {
    Location loc{file, static_cast<std::uint32_t>(e.mark.line + 1),
                 static_cast<std::uint32_t>(e.mark.column + 1),
                 static_cast<std::uint32_t>(e.mark.column + 2)};
    diags.Error(Code::Y004, loc, "nesting is too deep for the YAML parser");
    return false;
  } catch (const YAML::Exception& e) {
    if (auto tab = TabBehindError(text, e)) {
      diags.Error(Code::Y001, LocationAt(text, *tab, file),
                  "tabs are not allowed for indentation in YAML");
      return false;
    }
    if (auto quote = QuoteBehindError(text, e, builder.read_up_to())) {
      diags.Error(Code::Y001, LocationAt(text, *quote, file), UnterminatedMessage(text[*quote]));
      return false;
    }
    Location loc{file, static_cast<std::uint32_t>(e.mark.line + 1),
                 static_cast<std::uint32_t>(e.mark.column + 1),
                 static_cast<std::uint32_t>(e.mark.column + 2)};
    if (e.mark.is_null()) loc = Location{file, 1, 1, 2};
    diags.Error(Code::Y001, loc, LowerFirst(e.msg));
    return false;
  } catch (const std::exception& e) {
    diags.Error(Code::Y001, Location{file, 1, 1, 2}, std::string("cannot parse YAML: ") + e.what());
    return false;
  }
  if (doc.root() == nullptr || doc.root()->IsNull()) {
    diags.Error(Code::Y007, Location{file, 1, 1, 2}, "the document is empty");
    return false;
  }
  return diags.ErrorCount() == errors_before;
}

}  // namespace toscac::yaml
