#pragma once
// A place in a source file. Lines and columns are 1-based; 0 means "unknown".
#include <cstdint>

namespace toscac::diag {

using FileId = std::uint32_t;
inline constexpr FileId kNoFile = 0;

struct Location {
  FileId file = kNoFile;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  // One past the last column of the token, on the same line; equals column + 1 for a
  // single-character (or unknown-width) token.
  std::uint32_t end_column = 0;

  bool Known() const { return file != kNoFile && line != 0; }
  friend bool operator==(const Location&, const Location&) = default;
  friend auto operator<=>(const Location& a, const Location& b) = default;
};

}  // namespace toscac::diag
