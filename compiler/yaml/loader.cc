#include "yaml/loader.h"

#include <yaml.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "yaml/fast_scanner.h"

namespace toscac::yaml {
namespace {

using diag::Code;
using diag::Location;

// Thrown by the builder to abandon a document; never leaves this file.
struct Abandon {};

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";  // UTF-8, allowed at the start

// What the encoding check learned about the text, for turning libyaml's marks into offsets.
struct TextShape {
  // Every byte is ASCII and every '\r' is followed by '\n': libyaml's character index is the
  // byte offset, and its lines are the lines of diagnostics.
  bool simple = true;
  // Only printable ASCII and "\n" (a byte order mark aside): the fast scanner need not check.
  bool ascii = true;
};

// Scans for bytes YAML cannot hold before libyaml sees them: invalid UTF-8 (Y005) and control
// characters (Y006). Reports the first one and returns false.
// The offset of the first byte from `i` on that is neither printable ASCII nor "\n", or the
// text's size: eight bytes at a time, since most files hold nothing else.
std::size_t PlainAsciiEnd(std::string_view text, std::size_t i) {
  constexpr std::uint64_t kOnes = 0x0101010101010101, kHighs = 0x8080808080808080;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t v;
    std::memcpy(&v, text.data() + i, 8);
    std::uint64_t below_space = (v - kOnes * 0x20) & ~v & kHighs;
    std::uint64_t above_tilde = ((v + kOnes * (127 - 0x7E)) | v) & kHighs;
    if ((below_space | above_tilde) == 0) continue;
    for (std::size_t k = i; k < i + 8; ++k) {
      auto c = static_cast<unsigned char>(text[k]);
      if ((c < 0x20 || c >= 0x7F) && c != '\n') return k;
    }
  }
  for (; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 || c >= 0x7F) && c != '\n') return i;
  }
  return i;
}

bool CheckEncoding(std::string_view text, diag::FileId file, diag::Diagnostics& diags,
                   TextShape& shape) {
  std::size_t i = 0;
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) i = kByteOrderMark.size();
  std::size_t first = PlainAsciiEnd(text, i);
  if (first == text.size()) return true;
  // Something else: checked byte by byte from the line it is on, counting lines and columns
  // for the diagnostic.
  std::size_t line_start = text.rfind('\n', first);
  line_start = line_start == std::string_view::npos ? i : line_start + 1;
  auto line = static_cast<std::uint32_t>(
      1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(line_start), '\n'));
  std::uint32_t column = 1;
  i = line_start;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line, column = 1, ++i;
      continue;
    }
    if (c >= 0x20 && c < 0x7F) {
      ++column, ++i;
      continue;
    }
    shape.ascii = false;
    Location loc{file, line, column, column + 1};
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", c);
        diags.Error(Code::Y006, loc,
                    std::string("control character ") + hex + " is not allowed in YAML");
        return false;
      }
      if (c == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) shape.simple = false;
      ++column, ++i;
      continue;
    }
    shape.simple = false;
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

// libyaml counts in characters, and breaks lines at "\r", "\n", "\r\n" and U+0085, U+2028,
// U+2029; diagnostics count in bytes and break lines at "\n" only. For the usual text (ASCII,
// "\n" or "\r\n" line ends) the two agree and nothing is computed.
class Marks {
 public:
  Marks(std::string_view text, bool simple) : text_(text), simple_(simple) {
    if (simple_) return;
    yaml_lines_.push_back(0);
    lines_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
      auto c = static_cast<unsigned char>(text[i]);
      if (c == '\n') {
        yaml_lines_.push_back(i + 1);
        lines_.push_back(i + 1);
      } else if (c == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) {
        yaml_lines_.push_back(i + 1);
      } else if (c == 0xC2 && i + 1 < text.size() &&
                 static_cast<unsigned char>(text[i + 1]) == 0x85) {
        yaml_lines_.push_back(i + 2);
      } else if (c == 0xE2 && i + 2 < text.size() &&
                 static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                 (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                  static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
        yaml_lines_.push_back(i + 3);
      }
    }
  }

  Mark At(const yaml_mark_t& m) const {
    if (simple_) {
      return Mark{std::min(m.index, text_.size()), static_cast<std::uint32_t>(m.line + 1),
                  static_cast<std::uint32_t>(m.column + 1)};
    }
    std::size_t offset = text_.size();
    if (m.line < yaml_lines_.size()) {
      // Marks come in order: walk on from the last one when it is on the same line, so that a
      // long line (a whole file of flow style) is walked once, not once per mark.
      std::size_t chars = 0;
      offset = yaml_lines_[m.line];
      if (m.line == last_line_ && m.column >= last_column_) {
        chars = last_column_;
        offset = last_offset_;
      }
      for (; chars < m.column && offset < text_.size(); ++chars) {
        auto c = static_cast<unsigned char>(text_[offset]);
        offset += c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      }
      offset = std::min(offset, text_.size());
      last_line_ = m.line, last_column_ = m.column, last_offset_ = offset;
    }
    return AtOffset(offset);
  }

  Mark AtOffset(std::size_t offset) const {
    if (simple_ && lines_.empty()) {
      lines_.push_back(0);
      for (std::size_t i = 0; i < text_.size(); ++i) {
        if (text_[i] == '\n') lines_.push_back(i + 1);
      }
    }
    auto it = std::upper_bound(lines_.begin(), lines_.end(), offset);
    std::size_t line = static_cast<std::size_t>(it - lines_.begin());  // 1-based
    return Mark{offset, static_cast<std::uint32_t>(line),
                static_cast<std::uint32_t>(offset - lines_[line - 1] + 1)};
  }

 private:
  std::string_view text_;
  bool simple_;
  std::vector<std::size_t> yaml_lines_;  // libyaml's line starts, as byte offsets
  // The last mark turned into an offset: libyaml's line and column, and the offset.
  mutable std::size_t last_line_ = static_cast<std::size_t>(-1), last_column_ = 0, last_offset_ = 0;
  mutable std::vector<std::size_t> lines_;  // the starts of "\n" lines
};

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

std::string UnterminatedMessage(char quote) {
  return std::string("unterminated ") + (quote == '"' ? "double" : "single") + "-quoted string";
}

// One past the last column of a scalar token that goes on to the next lines: a quoted scalar
// is underlined to the end of its first line, anything else by its first character.
std::uint32_t MultiLineScalarEnd(std::string_view text, const Mark& start) {
  std::uint32_t col = start.column;
  if (start.offset >= text.size()) return col + 1;
  std::string_view line = text.substr(start.offset, text.find('\n', start.offset) - start.offset);
  if (line.empty() || (line[0] != '"' && line[0] != '\'')) return col + 1;
  std::size_t end = std::min(QuotedEnd(text, start.offset) - start.offset, line.size());
  return col + static_cast<std::uint32_t>(end);
}

bool IsNullScalar(std::string_view value) {
  return value.empty() || value == "~" || value == "null" || value == "Null" || value == "NULL";
}

// Builds the tree from either reader's events, and checks what YAML leaves to it: duplicate
// keys, aliases, and the limits.
class TreeBuilder final : public EventSink {
 public:
  TreeBuilder(std::string_view text, diag::FileId file, const Limits& limits, Document& doc,
              diag::Diagnostics& diags)
      : text_(text), file_(file), limits_(limits), doc_(doc), diags_(diags) {}

  Location At(const Mark& m, std::uint32_t width) const {
    return Location{file_, m.line, m.column, m.column + width};
  }

  void OnDocumentStart(const Mark& at) override {
    if (++documents_ == 2) {
      diags_.Error(Code::Y008, At(at, 1), "only one YAML document per file is allowed");
      throw Abandon{};
    }
  }

  void OnScalar(const ScalarEvent& e) override {
    std::string_view value = e.value;
    const char* tag = e.tag;
    const Mark& start = e.start;
    bool plain = tag == nullptr && e.plain;
    Node& n = NewNode(start);
    if (plain && IsNullScalar(value)) {
      n.kind = Kind::kNull;
      n.location = At(start, 1);
    } else {
      n.kind = Kind::kScalar;
      n.plain = plain;
      if (tag != nullptr && std::strcmp(tag, "!") != 0) doc_.SetTag(n, tag);
      n.SetValue(Stored(value, start, e.quoted));
      n.location = At(start, 0);
      if (e.one_line) {
        n.location.end_column = start.column + static_cast<std::uint32_t>(std::max<std::size_t>(
                                                   e.end.offset - start.offset, 1));
      } else {
        n.location.end_column = MultiLineScalarEnd(text_, start);
      }
    }
    Finish(n, e.anchor, 1);
  }

  void OnAlias(std::string_view name, const Mark& at) override {
    auto it = anchors_.find(std::string(name));
    if (it == anchors_.end() || it->second.node == nullptr) {
      diags_.Error(Code::Y001, At(at, 1),
                   it == anchors_.end()
                       ? "alias '*" + std::string(name) + "' names no anchor defined before it"
                       : "alias '*" + std::string(name) + "' is used inside its own anchor");
      throw Abandon{};
    }
    const Anchored& a = it->second;
    alias_nodes_ += a.weight;
    if (alias_nodes_ > limits_.max_alias_nodes) {
      diags_
          .Error(Code::Y003, At(at, 1),
                 "expanding aliases would create more than " +
                     std::to_string(limits_.max_alias_nodes) + " nodes")
          .AddNote("this looks like an alias bomb; raise --max-alias-nodes if it is not");
      throw Abandon{};
    }
    Attach(a.node, a.weight);
  }

  void OnOpen(Kind kind, const Mark& at, const char* tag, std::string_view anchor) override {
    if (stack_.size() >= limits_.max_depth) {
      diags_.Error(Code::Y004, At(at, 1),
                   "nesting is deeper than " + std::to_string(limits_.max_depth) + " levels");
      throw Abandon{};
    }
    Node& n = NewNode(at);
    n.kind = kind;
    if (tag != nullptr && std::strcmp(tag, "!") != 0) doc_.SetTag(n, tag);
    n.location = At(at, 1);
    if (!anchor.empty()) Begin(anchor);
    std::size_t start = kind == Kind::kSequence ? items_.size() : entries_.size();
    stack_.push_back(Frame{&n, std::string(anchor), 1, nullptr, false, nullptr, start});
  }

  void OnClose() override {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.node->kind == Kind::kMap) {
      // Cannot happen with libyaml's events, but a key without value must not be lost.
      if (f.pending_key != nullptr) entries_.push_back(Entry{f.pending_key, nullptr});
      doc_.SetEntries(*f.node, entries_.data() + f.start, entries_.size() - f.start);
      entries_.resize(f.start);
    } else {
      doc_.SetItems(*f.node, items_.data() + f.start, items_.size() - f.start);
      items_.resize(f.start);
    }
    if (!f.anchor.empty()) anchors_[f.anchor] = Anchored{f.node, f.weight};
    Attach(f.node, f.weight);
  }

 private:
  struct Frame {
    Node* node;
    std::string anchor;       // empty when none
    std::uint64_t weight;     // nodes in this subtree, aliases expanded
    const Node* pending_key;  // maps: the key waiting for its value
    bool pending_duplicate;
    // Maps: the scalar keys so far, for duplicate detection, once the map is too large for a
    // scan of its entries.
    std::unique_ptr<std::unordered_set<std::string_view>> keys;
    std::size_t start;  // where its items or entries begin in items_ or entries_
  };
  struct Anchored {
    const Node* node = nullptr;  // nullptr while the anchored node is still open
    std::uint64_t weight = 0;
  };
  static constexpr std::size_t kScanKeys = 16;

  // The value itself where the text holds it byte for byte (a plain or quoted scalar on one
  // line, with no escapes: most of them), else a copy kept by the document.
  std::string_view Stored(std::string_view value, const Mark& start, bool quoted) {
    std::size_t at = start.offset + (quoted ? 1 : 0);
    if (at <= text_.size() && value.size() <= text_.size() - at &&
        text_.compare(at, value.size(), value) == 0) {
      return text_.substr(at, value.size());
    }
    return doc_.Text(value);
  }

  // Every node of the tree: the text alone may describe more than memory holds.
  Node& NewNode(const Mark& at) {
    if (++nodes_ > limits_.max_nodes) {
      diags_
          .Error(Code::Y010, At(at, 1),
                 "the file has more than " + std::to_string(limits_.max_nodes) + " YAML nodes")
          .AddNote("raise --max-nodes if it is meant to be this large");
      throw Abandon{};
    }
    return doc_.NewNode();
  }

  // An anchor on a map or sequence names it only once it is complete: an alias inside it is
  // an error, not a cycle.
  void Begin(std::string_view anchor) { anchors_[std::string(anchor)] = Anchored{}; }

  void Finish(const Node& n, std::string_view anchor, std::uint64_t weight) {
    if (!anchor.empty()) anchors_[std::string(anchor)] = Anchored{&n, weight};
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
      items_.push_back(n);
      return;
    }
    if (parent.pending_key == nullptr) {
      AcceptKey(parent, n);
      return;
    }
    // A duplicate key was reported (Y002); its entry is dropped so no later phase reports it
    // again.
    if (!parent.pending_duplicate) entries_.push_back(Entry{parent.pending_key, n});
    parent.pending_key = nullptr;
    parent.pending_duplicate = false;
  }

  // Keys may be any node (TOSCA allows function calls as map keys); only scalar keys take part
  // in duplicate detection and keyname lookup.
  void AcceptKey(Frame& map, const Node* key) {
    map.pending_key = key;
    if (key->kind != Kind::kScalar) return;
    Span<Entry> entries(entries_.data() + map.start, entries_.size() - map.start);
    const Entry* first = nullptr;
    if (map.keys == nullptr && entries.size() < kScanKeys) {
      for (const Entry& e : entries) {
        if (e.key->IsScalar() && e.key->value() == key->value()) {
          first = &e;
          break;
        }
      }
    } else {
      if (map.keys == nullptr) {
        map.keys = std::make_unique<std::unordered_set<std::string_view>>();
        for (const Entry& e : entries) {
          if (e.key->IsScalar()) map.keys->insert(e.key->value());
        }
      }
      if (!map.keys->insert(key->value()).second) {
        for (const Entry& e : entries) {
          if (e.key->IsScalar() && e.key->value() == key->value()) {
            first = &e;
            break;
          }
        }
      }
    }
    if (first == nullptr) return;
    map.pending_duplicate = true;
    diags_.Error(Code::Y002, key->location, "duplicate key '" + std::string(key->value()) + "'")
        .AddNote(first->key->location, "first defined here");
  }

  std::string_view text_;
  diag::FileId file_;
  const Limits& limits_;
  Document& doc_;
  diag::Diagnostics& diags_;
  std::vector<Frame> stack_;
  // The items and entries of the open sequences and maps, innermost last: each is copied into
  // the document in one piece when it closes.
  std::vector<const Node*> items_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, Anchored> anchors_;
  std::uint64_t alias_nodes_ = 0;
  std::uint64_t nodes_ = 0;
  int documents_ = 0;
};

// The offset of the first tab in the indentation of the line at text[start], or npos. Lines
// holding only a comment count too: libyaml refuses a tab before a comment in the margin.
std::size_t IndentationTab(std::string_view text, std::size_t start) {
  std::size_t i = start;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  std::size_t tab = text.substr(start, i - start).find('\t');
  return tab == std::string_view::npos ? tab : start + tab;
}

// libyaml reports a tab in the indentation as "found a tab character that violates
// indentation" or "found character that cannot start any token", at the tab or at the end of
// the scalar before it. When the line it gave up on is indented with a tab, the tab is the
// mistake: the first tab of the run of tab-indented lines that ends there (blank lines aside).
std::optional<std::size_t> TabBehindError(std::string_view text, std::string_view problem,
                                          const Mark& at) {
  if (problem.find("tab") == std::string_view::npos &&
      problem != "found character that cannot start any token") {
    return std::nullopt;
  }
  std::size_t pos = std::min(at.offset, text.size());
  std::size_t start = pos == 0 ? 0 : text.rfind('\n', pos - 1) + 1;  // npos + 1 == 0
  std::optional<std::size_t> found;
  if (std::size_t tab = IndentationTab(text, start); tab != std::string_view::npos) found = tab;
  if (!found && pos < text.size() && text[pos] == '\t') found = pos;
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

// Reports libyaml's error: its problem where it found it, and what it was parsing as a note.
void ReportSyntaxError(const yaml_parser_t& parser, std::string_view text, const Marks& marks,
                       diag::FileId file, diag::Diagnostics& diags) {
  auto loc = [&](const Mark& m) { return Location{file, m.line, m.column, m.column + 1}; };
  if (parser.error == YAML_MEMORY_ERROR) {
    diags.Error(Code::Y001, Location{file, 1, 1, 2}, "out of memory while parsing YAML");
    return;
  }
  std::string problem = parser.problem != nullptr ? parser.problem : "cannot parse YAML";
  if (parser.error == YAML_READER_ERROR) {
    // A character libyaml does not accept (non-printable ones beyond ASCII's controls).
    Mark at = marks.AtOffset(std::min(parser.problem_offset, text.size()));
    diags.Error(Code::Y006, loc(at), problem);
    return;
  }
  Mark at = marks.At(parser.problem_mark);
  std::string_view context = parser.context != nullptr ? parser.context : "";
  if (context == "while scanning a quoted scalar" && problem == "found unexpected end of stream") {
    Mark open = marks.At(parser.context_mark);
    char quote = open.offset < text.size() ? text[open.offset] : '"';
    diags.Error(Code::Y001, loc(open), UnterminatedMessage(quote));
    return;
  }
  if (auto tab = TabBehindError(text, problem, at)) {
    diags.Error(Code::Y001, loc(marks.AtOffset(*tab)),
                "tabs are not allowed for indentation in YAML");
    return;
  }
  auto& d = diags.Error(Code::Y001, loc(at), problem);
  if (!context.empty()) {
    Mark where = marks.At(parser.context_mark);
    // "while parsing a block mapping": the note points at where that mapping starts.
    d.AddNote(loc(where), std::string(context) + " that starts here");
  }
}

// The parser and its current event, freed on every way out.
struct Parser {
  yaml_parser_t parser;
  yaml_event_t event;
  bool has_event = false;
  Parser() { yaml_parser_initialize(&parser); }
  ~Parser() {
    Drop();
    yaml_parser_delete(&parser);
  }
  void Drop() {
    if (has_event) yaml_event_delete(&event);
    has_event = false;
  }
  bool Next() {
    Drop();
    has_event = yaml_parser_parse(&parser, &event) != 0;
    return has_event;
  }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
};

// Hands libyaml's event to `sink`, its marks turned into offsets, lines and columns.
void Dispatch(const yaml_event_t& e, const Marks& marks, EventSink& sink) {
  auto chars = [](const yaml_char_t* s) { return reinterpret_cast<const char*>(s); };
  auto anchor = [&](const yaml_char_t* s) {
    return s == nullptr ? std::string_view() : std::string_view(chars(s));
  };
  switch (e.type) {
    case YAML_DOCUMENT_START_EVENT:
      sink.OnDocumentStart(marks.At(e.start_mark));
      break;
    case YAML_SCALAR_EVENT: {
      const auto& s = e.data.scalar;
      ScalarEvent out;
      out.value = std::string_view(chars(s.value), s.length);
      out.anchor = anchor(s.anchor);
      out.tag = chars(s.tag);
      out.plain = s.style == YAML_PLAIN_SCALAR_STYLE;
      out.quoted =
          s.style == YAML_SINGLE_QUOTED_SCALAR_STYLE || s.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
      out.start = marks.At(e.start_mark);
      out.one_line = e.end_mark.line == e.start_mark.line;
      if (out.one_line) out.end = marks.At(e.end_mark);
      sink.OnScalar(out);
      break;
    }
    case YAML_ALIAS_EVENT:
      sink.OnAlias(chars(e.data.alias.anchor), marks.At(e.start_mark));
      break;
    case YAML_SEQUENCE_START_EVENT:
      sink.OnOpen(Kind::kSequence, marks.At(e.start_mark), chars(e.data.sequence_start.tag),
                  anchor(e.data.sequence_start.anchor));
      break;
    case YAML_MAPPING_START_EVENT:
      sink.OnOpen(Kind::kMap, marks.At(e.start_mark), chars(e.data.mapping_start.tag),
                  anchor(e.data.mapping_start.anchor));
      break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      sink.OnClose();
      break;
    default:
      break;
  }
}

// Reads `text` with libyaml into `sink`; false on a syntax error, left in p.parser.
bool ReadWithLibyaml(std::string_view text, const Marks& marks, Parser& p, EventSink& sink) {
  yaml_parser_set_input_string(&p.parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  yaml_parser_set_encoding(&p.parser, YAML_UTF8_ENCODING);
  for (;;) {
    if (!p.Next()) return false;
    Dispatch(p.event, marks, sink);
    if (p.event.type == YAML_STREAM_END_EVENT) return true;
  }
}

// The fast scanner's reading, when it knows all of the text: its diagnostics (duplicate keys)
// are kept apart until then. Anything else leaves `doc` without a root, for libyaml to read.
bool TryFastScan(std::string_view text, bool ascii, diag::FileId file, const Limits& limits,
                 Document& doc, diag::Diagnostics& diags) {
  diag::Diagnostics found;
  TreeBuilder builder(text, file, limits, doc, found);
  bool done = false;
  try {
    done = ascii ? FastScanAscii(text, builder) : FastScan(text, builder);
  } catch (const Abandon&) {  // over a limit: libyaml's reading reports it
  }
  if (!done || doc.root() == nullptr) {
    doc.set_root(nullptr);
    return false;
  }
  diags.Append(found);
  return true;
}

}  // namespace

bool LibyamlScan(std::string_view text, EventSink& sink) {
  bool simple = std::all_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x80 && c != '\r';
  });
  Marks marks(text, simple);
  Parser p;
  return ReadWithLibyaml(text, marks, p, sink);
}

bool Load(const diag::SourceManager& sm, diag::FileId file, const Limits& limits, Document& doc,
          diag::Diagnostics& diags) {
  std::string_view text = sm.Text(file);
  if (text.size() > kMaxCount) {  // a node counts its bytes, items or entries in 32 bits
    diags.Error(Code::Y001, Location{file, 1, 1, 2}, "a YAML file larger than 4 GiB");
    return false;
  }
  TextShape shape;
  if (!CheckEncoding(text, file, diags, shape)) return false;
  // A byte order mark is not counted in any location: the first line's columns start after it
  // (diag/render.cc hides it in the caret line to match).
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    text.remove_prefix(kByteOrderMark.size());
  }
  std::size_t errors_before = diags.ErrorCount();
  try {
    if (TryFastScan(text, shape.ascii, file, limits, doc, diags)) {
      return diags.ErrorCount() == errors_before;
    }
    Marks marks(text, shape.simple);
    TreeBuilder builder(text, file, limits, doc, diags);
    Parser p;
    if (!ReadWithLibyaml(text, marks, p, builder)) {
      ReportSyntaxError(p.parser, text, marks, file, diags);
      return false;
    }
  } catch (const Abandon&) {
    return false;
  } catch (const std::bad_alloc&) {
    diags.Error(Code::Y001, Location{file, 1, 1, 2}, "out of memory while parsing YAML");
    return false;
  }
  if (doc.root() == nullptr || doc.root()->IsNull()) {
    diags.Error(Code::Y007, Location{file, 1, 1, 2}, "the document is empty");
    return false;
  }
  return diags.ErrorCount() == errors_before;
}

}  // namespace toscac::yaml
