#include "yaml/fast_scanner.h"

#include <cstdint>
#include <string>

namespace toscac::yaml {
namespace {

// Thrown when the text leaves the subset; caught in FastScan.
struct Unsupported {};

constexpr int kMaxNesting = 200;     // block and flow levels together
constexpr int kMaxKeyLength = 1000;  // libyaml gives up on implicit keys past 1024 characters

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// Characters that may open a plain scalar whatever follows them. '-' ':' and '?' may too in
// YAML, depending on the next character; '-' is handled by the callers, the others give up.
bool OpensPlain(char c) {
  auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x80) return true;  // the first byte of a character beyond ASCII
  if (byte <= ' ' || byte == 0x7F) return false;
  switch (c) {
    case '-':
    case '?':
    case ':':
    case ',':
    case '[':
    case ']':
    case '{':
    case '}':
    case '#':
    case '&':
    case '*':
    case '!':
    case '|':
    case '>':
    case '\'':
    case '"':
    case '%':
    case '@':
    case '`':
      return false;
    default:
      return true;
  }
}

// Whether every character of `text` is one the scanner reads as libyaml does: printable ASCII,
// "\n", and well-formed UTF-8 for characters that libyaml reads as printable text, neither a
// line break (U+0085, U+2028, U+2029), nor a byte order mark, nor a C1 control.
bool Readable(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || (c >= 0x20 && c < 0x7F)) {
      ++i;
      continue;
    }
    if (c < 0xC2 || c > 0xF4) return false;  // controls, tabs, "\r", stray or overlong bytes
    std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (i + len > text.size()) return false;
    std::uint32_t code = c & (0xFF >> (len + 1));
    for (std::size_t k = 1; k < len; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = code << 6 | (next & 0x3F);
    }
    bool overlong = (len == 3 && code < 0x800) || (len == 4 && code < 0x10000);
    bool surrogate = code >= 0xD800 && code <= 0xDFFF;
    if (overlong || surrogate || code > 0x10FFFF || code < 0xA0 || code == 0x2028 ||
        code == 0x2029 || code == 0xFEFF || code == 0xFFFE || code == 0xFFFF) {
      return false;
    }
    i += len;
  }
  return true;
}

class Scanner {
 public:
  Scanner(std::string_view text, EventSink& sink) : text_(text), sink_(sink) {}

  void Run(bool checked) {
    if (!checked && !Readable(text_)) throw Unsupported{};
    if (NextContentLine() != 0) throw Unsupported{};  // empty, or the root is indented
    sink_.OnDocumentStart(Here());
    if (!KeyAhead(pos_)) throw Unsupported{};
    BlockMap(0, Anchor{});
    if (NextContentLine() != -1) throw Unsupported{};
  }

 private:
  struct Anchor {
    std::string_view name;  // empty when none
    Mark at;
  };

  char At(std::size_t i) const { return i < text_.size() ? text_[i] : '\0'; }
  char Cur() const { return At(pos_); }
  // After an indicator: a space, a line break or the end of the text.
  bool BlankOrEnd(std::size_t i) const {
    return i >= text_.size() || text_[i] == ' ' || text_[i] == '\n';
  }

  // A mark on the current line.
  Mark MarkAt(std::size_t offset) const {
    return Mark{offset, line_, static_cast<std::uint32_t>(offset - line_start_ + 1)};
  }
  Mark Here() const { return MarkAt(pos_); }

  void NewLine() {  // pos_ is at a '\n'
    ++pos_;
    ++line_;
    line_start_ = pos_;
  }

  // Moves to the first character of the next line holding something other than spaces and a
  // comment and returns its 0-based column, or -1 at the end of the text. pos_ is at the start
  // of a line, or already at the content found by the last call.
  int NextContentLine() {
    if (content_ready_ && pos_ == content_pos_) return content_col_;
    for (;;) {
      std::size_t start = pos_;
      while (Cur() == ' ') ++pos_;
      if (pos_ >= text_.size()) return -1;
      char c = text_[pos_];
      if (c == '#') {
        SkipToLineEnd();
        if (pos_ >= text_.size()) return -1;
        NewLine();
        continue;
      }
      if (c == '\n') {
        NewLine();
        continue;
      }
      int col = static_cast<int>(pos_ - start);
      if (col == 0 && (text_.compare(pos_, 3, "---") == 0 || text_.compare(pos_, 3, "...") == 0)) {
        throw Unsupported{};  // document markers
      }
      content_ready_ = true;
      content_pos_ = pos_;
      content_col_ = col;
      return col;
    }
  }

  void SkipToLineEnd() {
    while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
  }

  // After a complete value: spaces, an optional comment, then the line break (or the end).
  void EndOfLine() {
    while (Cur() == ' ') ++pos_;
    if (Cur() == '#') SkipToLineEnd();
    if (pos_ >= text_.size()) return;
    if (text_[pos_] != '\n') throw Unsupported{};
    NewLine();
  }

  bool SequenceEntryAt(std::size_t i) const { return At(i) == '-' && BlankOrEnd(i + 1); }

  // The end of the plain scalar (block context) that starts at i, on i's line: where ": ",
  // " #" or the line break stops it. `value_end` is set past its last non-space character.
  // A pure function of i, remembered for the last i: a key or a value is looked at by KeyAhead
  // first, then read from the same place.
  std::size_t PlainEnd(std::size_t i, std::size_t& value_end) const {
    if (i == plain_from_) {
      value_end = plain_value_end_;
      return plain_end_;
    }
    plain_from_ = i;
    value_end = i;
    while (i < text_.size()) {
      char c = text_[i];
      if (c == '\n') break;
      if (c == ' ') {
        ++i;
        continue;
      }
      if (c == '#' && text_[i - 1] == ' ') break;
      if (c == ':' && BlankOrEnd(i + 1)) break;
      value_end = ++i;
    }
    plain_value_end_ = value_end;
    plain_end_ = i;
    return i;
  }

  // The end of the quoted scalar opened at i (past its closing quote) when it closes on the
  // same line, else npos.
  std::size_t QuotedEnd(std::size_t i) const {
    char quote = text_[i];
    for (++i; i < text_.size(); ++i) {
      char c = text_[i];
      if (c == '\n') return std::string_view::npos;
      if (quote == '"' && c == '\\') {
        ++i;
        continue;
      }
      if (c != quote) continue;
      if (quote == '\'' && At(i + 1) == '\'') {
        ++i;
        continue;
      }
      return i + 1;
    }
    return std::string_view::npos;
  }

  bool PlainStartAt(std::size_t i) const {
    char c = At(i);
    return OpensPlain(c) ||
           (c == '-' && At(i + 1) != ' ' && At(i + 1) != '\n' && i + 1 < text_.size());
  }

  // Whether an implicit key (plain or quoted, then ':' and a blank) starts at i.
  bool KeyAhead(std::size_t i) const {
    char c = At(i);
    std::size_t end;
    if (c == '"' || c == '\'') {
      end = QuotedEnd(i);
      if (end == std::string_view::npos) return false;
      while (At(end) == ' ') ++end;
    } else if (PlainStartAt(i)) {
      std::size_t value_end;
      end = PlainEnd(i, value_end);
    } else {
      return false;
    }
    if (At(end) != ':' || !BlankOrEnd(end + 1)) return false;
    if (end - i > kMaxKeyLength) throw Unsupported{};
    return true;
  }

  void Enter() {
    if (++depth_ > kMaxNesting) throw Unsupported{};
  }

  // A block map whose first key is at pos_, in column `col`.
  void BlockMap(int col, const Anchor& anchor) {
    Enter();
    sink_.OnOpen(Kind::kMap, anchor.name.empty() ? Here() : anchor.at, nullptr, anchor.name);
    for (;;) {
      Key();
      BlockValue(col, true);
      int next = NextContentLine();
      if (next < col) break;
      if (next > col || !KeyAhead(pos_)) throw Unsupported{};
    }
    sink_.OnClose();
    --depth_;
  }

  // A block sequence whose first '-' is at pos_, in column `col`. An indentless one (under a
  // map key, in the key's column) ends at the map's next key.
  void BlockSequence(int col, const Anchor& anchor, bool indentless) {
    Enter();
    sink_.OnOpen(Kind::kSequence, anchor.name.empty() ? Here() : anchor.at, nullptr, anchor.name);
    for (;;) {
      ++pos_;  // the '-'
      content_ready_ = false;
      BlockValue(col, false);
      int next = NextContentLine();
      if (next < col) break;
      if (next > col) throw Unsupported{};
      if (!SequenceEntryAt(pos_)) {
        if (indentless) break;
        throw Unsupported{};
      }
    }
    sink_.OnClose();
    --depth_;
  }

  // The key at pos_ (KeyAhead said so), then its ':'.
  void Key() {
    content_ready_ = false;
    if (Cur() == '"' || Cur() == '\'') {
      Quoted();
      while (Cur() == ' ') ++pos_;
    } else {
      std::size_t value_end;
      std::size_t start = pos_;
      pos_ = PlainEnd(pos_, value_end);
      Plain(start, value_end);
    }
    ++pos_;  // the ':'
  }

  // The value after a key's ':' (in_map) or a sequence's '-', both just passed. `indent` is
  // the column of the map or sequence: a value on the next lines must be deeper.
  void BlockValue(int indent, bool in_map) {
    Mark after_indicator = Here();  // where libyaml puts an empty value
    while (Cur() == ' ') ++pos_;
    if (LineEnds()) {
      ValueOnNextLines(indent, in_map, Anchor{}, after_indicator);
      return;
    }
    InlineValue(indent, in_map);
  }

  // Whether nothing but a comment follows on this line.
  bool LineEnds() const { return Cur() == '#' || Cur() == '\n' || pos_ >= text_.size(); }

  // The value on the lines after its key or '-', this line ending at pos_. With nothing there,
  // it is a null at `empty_at`; an anchor must have a node to name.
  void ValueOnNextLines(int indent, bool in_map, const Anchor& anchor, const Mark& empty_at) {
    EndOfLine();
    int next = NextContentLine();
    if (in_map && next == indent && SequenceEntryAt(pos_)) {
      BlockSequence(next, anchor, true);
      return;
    }
    if (next > indent) {
      NestedBlock(next, indent, anchor);
      return;
    }
    if (!anchor.name.empty()) throw Unsupported{};  // an empty node with an anchor
    EmptyScalar(empty_at);
  }

  // A value on the lines after its key or '-', at pos_ in column `col`, deeper than the
  // `indent` of the map or sequence holding it: a map, a sequence, or a plain or quoted scalar.
  void NestedBlock(int col, int indent, const Anchor& anchor) {
    content_ready_ = false;
    if (SequenceEntryAt(pos_)) {
      BlockSequence(col, anchor, false);
      return;
    }
    if (KeyAhead(pos_)) {
      BlockMap(col, anchor);
      return;
    }
    if (Cur() == '"' || Cur() == '\'') {
      Quoted(anchor);
      EndOfLine();
      return;
    }
    if (!OpensPlain(Cur())) throw Unsupported{};
    PlainValue(indent, anchor);
  }

  void EmptyScalar(const Mark& at) {
    ScalarEvent e;
    e.plain = true;
    e.start = e.end = at;
    sink_.OnScalar(e);
  }

  // A value that starts on the line of its key or '-', at pos_.
  void InlineValue(int indent, bool in_map) {
    content_ready_ = false;
    Anchor anchor;
    if (Cur() == '&') {
      anchor.at = Here();
      std::size_t start = ++pos_;
      while (pos_ < text_.size() && IsWordChar(text_[pos_])) ++pos_;
      if (pos_ == start || !BlankOrEnd(pos_)) throw Unsupported{};
      anchor.name = text_.substr(start, pos_ - start);
      while (Cur() == ' ') ++pos_;
      if (LineEnds()) {
        ValueOnNextLines(indent, in_map, anchor, anchor.at);
        return;
      }
    }
    char c = Cur();
    if (c == '*') {
      if (!anchor.name.empty()) throw Unsupported{};
      Mark at = Here();
      std::size_t start = ++pos_;
      while (pos_ < text_.size() && IsWordChar(text_[pos_])) ++pos_;
      if (pos_ == start || !BlankOrEnd(pos_)) throw Unsupported{};
      sink_.OnAlias(text_.substr(start, pos_ - start), at);
      EndOfLine();
      return;
    }
    if (c == '[' || c == '{') {
      Flow(anchor);
      EndOfLine();
      return;
    }
    if (c == '|' || c == '>') {
      BlockScalar(indent, anchor);
      return;
    }
    if (SequenceEntryAt(pos_)) {  // "- - x"
      if (in_map || !anchor.name.empty()) throw Unsupported{};
      BlockSequence(static_cast<int>(pos_ - line_start_), anchor, false);
      return;
    }
    if (KeyAhead(pos_)) {  // "- key: value"
      if (in_map || !anchor.name.empty()) throw Unsupported{};
      BlockMap(static_cast<int>(pos_ - line_start_), anchor);
      return;
    }
    if (c == '"' || c == '\'') {
      Quoted(anchor);
      EndOfLine();
      return;
    }
    if (!PlainStartAt(pos_)) throw Unsupported{};
    PlainValue(indent, anchor);
  }

  // A plain scalar value at pos_, and its continuation lines: the lines that follow, deeper than
  // `indent`, up to a comment. Lines are joined by a space, or by the line breaks of the empty
  // lines between them.
  void PlainValue(int indent, const Anchor& anchor) {
    std::size_t start = pos_, value_end;
    Mark start_mark = anchor.name.empty() ? Here() : anchor.at;
    pos_ = PlainEnd(pos_, value_end);
    if (Cur() == ':') throw Unsupported{};  // "a: b: c"
    Mark end = MarkAt(value_end);
    bool continued = false;
    while (Cur() == '\n') {
      std::size_t at = pos_, at_line_start = line_start_;
      std::uint32_t at_line = line_;
      NewLine();
      std::size_t breaks = 0, col = 0;
      for (;;) {  // empty lines, and the indentation of the next one
        col = 0;
        while (At(pos_ + col) == ' ') ++col;
        if (At(pos_ + col) != '\n') break;
        ++breaks;
        pos_ += col;
        NewLine();
      }
      char c = At(pos_ + col);
      if (pos_ + col >= text_.size() || static_cast<int>(col) <= indent || c == '#') {
        pos_ = at, line_ = at_line, line_start_ = at_line_start;  // the scalar ended before
        break;
      }
      if (!OpensPlain(c)) throw Unsupported{};  // content libyaml reads, but not worth it here
      if (!continued) scratch_.assign(text_, start, value_end - start);
      continued = true;
      if (breaks == 0) {
        scratch_ += ' ';
      } else {
        scratch_.append(breaks, '\n');
      }
      pos_ += col;
      std::size_t line_start = pos_;
      pos_ = PlainEnd(pos_, value_end);
      if (Cur() == ':') throw Unsupported{};
      scratch_.append(text_, line_start, value_end - line_start);
      end = MarkAt(value_end);
    }
    ScalarEvent e;
    e.value = continued ? std::string_view(scratch_) : text_.substr(start, value_end - start);
    e.anchor = anchor.name;
    e.plain = true;
    e.start = start_mark;
    e.end = end;
    e.one_line = start_mark.line == end.line;  // an anchor may be on the line before
    sink_.OnScalar(e);
    EndOfLine();
  }

  // A plain scalar on the current line without an anchor: a key, or inside a flow collection.
  void Plain(std::size_t start, std::size_t end) {
    ScalarEvent e;
    e.value = text_.substr(start, end - start);
    e.plain = true;
    e.start = MarkAt(start);
    e.end = MarkAt(end);
    sink_.OnScalar(e);
  }

  // A quoted scalar at pos_, closed on the same line; pos_ moves past it.
  void Quoted(const Anchor& anchor = Anchor{}) {
    std::size_t open = pos_;
    std::size_t end = QuotedEnd(open);
    if (end == std::string_view::npos) throw Unsupported{};
    std::string_view inner = text_.substr(open + 1, end - open - 2);
    ScalarEvent e;
    e.value = Unescape(text_[open], inner);
    e.anchor = anchor.name;
    e.quoted = true;
    e.start = anchor.name.empty() ? MarkAt(open) : anchor.at;
    e.end = MarkAt(end);
    e.one_line = e.start.line == e.end.line;  // an anchor may be on the line before
    pos_ = end;
    sink_.OnScalar(e);
  }

  // The value of a quoted scalar's inside: the text itself when it has nothing to undo.
  std::string_view Unescape(char quote, std::string_view inner) {
    char special = quote == '"' ? '\\' : '\'';
    if (inner.find(special) == std::string_view::npos) return inner;
    scratch_.clear();
    for (std::size_t i = 0; i < inner.size(); ++i) {
      char c = inner[i];
      if (c != special) {
        scratch_ += c;
        continue;
      }
      ++i;  // a quoted scalar's inside never ends with a lone escape
      if (quote == '\'') {
        scratch_ += '\'';
        continue;
      }
      scratch_ += Escaped(inner, i);
    }
    return scratch_;
  }

  // The character a double-quoted escape stands for; inner[i] follows the backslash.
  static char Escaped(std::string_view inner, std::size_t& i) {
    switch (inner[i]) {
      case '0':
        return '\0';
      case 'a':
        return '\a';
      case 'b':
        return '\b';
      case 't':
        return '\t';
      case 'n':
        return '\n';
      case 'v':
        return '\v';
      case 'f':
        return '\f';
      case 'r':
        return '\r';
      case 'e':
        return '\x1B';
      case ' ':
        return ' ';
      case '"':
        return '"';
      case '/':
        return '/';
      case '\\':
        return '\\';
      case 'x': {
        if (i + 2 >= inner.size()) throw Unsupported{};
        int value = 0;
        for (int k = 1; k <= 2; ++k) {
          char h = inner[i + k];
          int digit = h >= '0' && h <= '9'   ? h - '0'
                      : h >= 'a' && h <= 'f' ? h - 'a' + 10
                      : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                             : -1;
          if (digit < 0) throw Unsupported{};
          value = value * 16 + digit;
        }
        if (value >= 0x80) throw Unsupported{};  // written as UTF-8: libyaml's business
        i += 2;
        return static_cast<char>(value);
      }
      default:
        // \N \_ \L \P \u \U: beyond ASCII. Others are errors to libyaml, "\'" too.
        throw Unsupported{};
    }
  }

  // A flow collection at pos_, all on this line.
  void Flow(const Anchor& anchor) {
    Enter();
    char open = Cur();
    char close = open == '[' ? ']' : '}';
    sink_.OnOpen(open == '[' ? Kind::kSequence : Kind::kMap,
                 anchor.name.empty() ? Here() : anchor.at, nullptr, anchor.name);
    ++pos_;
    SkipSpaces();
    if (Cur() == close) {
      ++pos_;
      sink_.OnClose();
      --depth_;
      return;
    }
    for (;;) {
      if (open == '{') {
        FlowScalar(true);
        SkipSpaces();
        if (Cur() != ':' || At(pos_ + 1) != ' ') throw Unsupported{};
        ++pos_;
        SkipSpaces();
        if (Cur() == ',' || Cur() == '}') throw Unsupported{};  // an empty value
      }
      FlowNode();
      SkipSpaces();
      if (Cur() == close) break;
      if (Cur() != ',') throw Unsupported{};
      ++pos_;
      SkipSpaces();
      if (Cur() == close) throw Unsupported{};  // a trailing comma
    }
    ++pos_;
    sink_.OnClose();
    --depth_;
  }

  void SkipSpaces() {
    while (Cur() == ' ') ++pos_;
  }

  void FlowNode() {
    char c = Cur();
    if (c == '[' || c == '{') {
      Flow(Anchor{});
      return;
    }
    FlowScalar(false);
  }

  // A scalar inside a flow collection: quoted, or plain up to an indicator. A map key's plain
  // scalar may stop at ": ".
  void FlowScalar(bool key) {
    char c = Cur();
    if (c == '"' || c == '\'') {
      Quoted();
      return;
    }
    bool opens = OpensPlain(c) || (c == '-' && (IsWordChar(At(pos_ + 1)) || At(pos_ + 1) == '.'));
    if (!opens) throw Unsupported{};
    std::size_t start = pos_;
    std::size_t value_end = pos_;
    for (;; ++pos_) {
      if (pos_ >= text_.size()) throw Unsupported{};
      c = text_[pos_];
      if (c == ',' || c == '[' || c == ']' || c == '{' || c == '}') break;
      if (c == ':') {
        if (key && At(pos_ + 1) == ' ') break;
        throw Unsupported{};
      }
      if (c == '#' || c == '?' || c == '\n') throw Unsupported{};
      if (c != ' ') value_end = pos_ + 1;
    }
    pos_ = value_end;
    Plain(start, value_end);
  }

  // A literal (|) or folded (>) block scalar whose indicator is at pos_; `indent` is the column
  // of the map or sequence holding it.
  void BlockScalar(int indent, const Anchor& anchor) {
    Mark start = anchor.name.empty() ? Here() : anchor.at;
    bool literal = Cur() == '|';
    ++pos_;
    int chomping = 0;  // -1 strip, 0 clip, +1 keep
    if (Cur() == '-' || Cur() == '+') chomping = Cur() == '-' ? -1 : 1, ++pos_;
    if (Cur() >= '0' && Cur() <= '9') throw Unsupported{};  // an indentation indicator
    while (Cur() == ' ') ++pos_;
    if (Cur() == '#') SkipToLineEnd();
    if (pos_ >= text_.size() || text_[pos_] != '\n') throw Unsupported{};
    NewLine();
    // Leading empty lines; one holding spaces would take part in guessing the indentation.
    std::size_t trailing_breaks = 0;
    while (Cur() == '\n') {
      ++trailing_breaks;
      NewLine();
    }
    std::size_t col = 0;
    while (At(pos_ + col) == ' ') ++col;
    if (At(pos_ + col) == '\n' || pos_ + col >= text_.size()) throw Unsupported{};
    if (static_cast<int>(col) <= indent) throw Unsupported{};  // empty: libyaml's business
    scratch_.clear();
    scratch_.append(trailing_breaks, '\n');
    trailing_breaks = 0;
    bool leading_break = false;  // the break ending the last content line
    bool leading_blank = false;  // the last content line began with a space
    pos_ += col;
    // Each content line: pos_ is at its column `col`.
    for (;;) {
      bool trailing_blank = Cur() == ' ';
      if (!literal && leading_break && !leading_blank && !trailing_blank) {
        if (trailing_breaks == 0) scratch_ += ' ';
      } else if (leading_break) {
        scratch_ += '\n';
      }
      leading_break = false;
      scratch_.append(trailing_breaks, '\n');
      trailing_breaks = 0;
      leading_blank = trailing_blank;
      std::size_t line_end = text_.find('\n', pos_);
      if (line_end == std::string_view::npos) line_end = text_.size();
      scratch_.append(text_, pos_, line_end - pos_);
      pos_ = line_end;
      if (pos_ >= text_.size()) break;
      NewLine();
      leading_break = true;
      // The breaks of empty lines, and the indentation of the next line.
      std::size_t spaces;
      for (;;) {
        spaces = 0;
        while (spaces < col && At(pos_ + spaces) == ' ') ++spaces;
        if (At(pos_ + spaces) != '\n') break;
        ++trailing_breaks;
        pos_ += spaces;
        NewLine();
      }
      if (spaces < col || pos_ + spaces >= text_.size()) break;  // the scalar ends
      pos_ += spaces;
    }
    if (chomping != -1 && leading_break) scratch_ += '\n';
    if (chomping == 1) scratch_.append(trailing_breaks, '\n');
    ScalarEvent e;
    e.value = scratch_;
    e.anchor = anchor.name;
    e.start = start;
    e.end = Here();
    e.one_line = false;
    sink_.OnScalar(e);
  }

  std::string_view text_;
  EventSink& sink_;
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1;
  std::size_t line_start_ = 0;
  int depth_ = 0;
  bool content_ready_ = false;  // NextContentLine found content at content_pos_
  std::size_t content_pos_ = 0;
  int content_col_ = 0;
  std::string scratch_;  // values that differ from the text
  // PlainEnd's last answer.
  mutable std::size_t plain_from_ = std::string_view::npos, plain_end_ = 0, plain_value_end_ = 0;
};

bool Scan(std::string_view text, EventSink& sink, bool checked) {
  try {
    Scanner(text, sink).Run(checked);
    return true;
  } catch (const Unsupported&) {
    return false;
  }
}

}  // namespace

bool FastScan(std::string_view text, EventSink& sink) { return Scan(text, sink, false); }

bool FastScanAscii(std::string_view text, EventSink& sink) { return Scan(text, sink, true); }

}  // namespace toscac::yaml
