#include "exec/tail.h"

#include <string_view>

#include "exec/step_file.h"

namespace toscac::agent::exec {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool IsContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// The length of the well-formed UTF-8 sequence at text[i] (Unicode's table 3-7: no overlong
// forms, no surrogates, nothing past U+10FFFF), or 0.
std::size_t SequenceLength(std::string_view text, std::size_t i) {
  auto at = [&](std::size_t k) -> unsigned char {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
  };
  unsigned char lead = at(0);
  if (lead < 0x80) return 1;
  std::size_t length;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (at(1) < low || at(1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (!IsContinuation(at(k))) return 0;
  }
  return length;
}

std::string ValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = SequenceLength(text, i);
    if (length == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

// Drops the continuation bytes at the start: the rest of a character that was cut.
std::string_view SkipCutCharacter(std::string_view text) {
  for (int i = 0; i < 3 && !text.empty() && IsContinuation(text.front()); ++i) {
    text.remove_prefix(1);
  }
  return text;
}

}  // namespace

std::string Tail(const std::string& path, int max_lines, std::size_t max_bytes) {
  if (max_lines <= 0 || max_bytes == 0) return "";
  bool truncated = false;
  StepFile file = ReadStepFile(path, max_bytes, /*from_end=*/true, &truncated);
  if (file.error != 0) return "";
  std::string_view text = file.text;
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (truncated) {
    std::size_t first_end = text.find('\n');
    text =
        first_end == std::string_view::npos ? SkipCutCharacter(text) : text.substr(first_end + 1);
  }
  // The tail starts after the max_lines-th line break from the end, if there are that many.
  std::size_t start = 0;
  std::size_t end = text.size();
  for (int lines = 0; lines < max_lines; ++lines) {
    std::size_t newline = end == 0 ? std::string_view::npos : text.rfind('\n', end - 1);
    if (newline == std::string_view::npos) {
      start = 0;
      break;
    }
    start = newline + 1;
    end = newline;
  }
  std::string tail = ValidUtf8(text.substr(start));
  // Each replacement is three bytes for one: cut again, at a character boundary.
  if (tail.size() <= max_bytes) return tail;
  return std::string(SkipCutCharacter(std::string_view(tail).substr(tail.size() - max_bytes)));
}

}  // namespace toscac::agent::exec
