#pragma once
// Owns the text of every file read in one run and maps FileIds to names and lines.
//
//   SourceManager sm;
//   FileId id = sm.Add("app.yaml", text);
//   sm.LineText(id, 3);   // the third line, without its newline
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "diag/location.h"

namespace toscac::diag {

class SourceManager {
 public:
  SourceManager() = default;
  // Texts are views into the files' own strings: copying would leave them pointing back here.
  SourceManager(const SourceManager&) = delete;
  SourceManager& operator=(const SourceManager&) = delete;
  SourceManager(SourceManager&&) = default;  // a deque keeps its elements where they are
  SourceManager& operator=(SourceManager&&) = default;

  // Adds a file; the returned id is never kNoFile. Names are shown as given.
  FileId Add(std::string name, std::string text);
  // Adds a file whose text lives at least as long as this manager (text embedded in the
  // program), without copying it.
  FileId AddStatic(std::string name, std::string_view text);

  std::string_view Name(FileId id) const;
  std::string_view Text(FileId id) const;
  // The text of a 1-based line, without the line terminator; empty when out of range.
  std::string_view LineText(FileId id, std::uint32_t line) const;
  std::size_t FileCount() const { return files_.size(); }

 private:
  struct File {
    std::string name;
    std::string owned;                     // the text, unless it is static
    std::string_view text;                 // owned, or the static text
    std::vector<std::size_t> line_starts;  // computed lazily
  };
  const File* Get(FileId id) const;
  std::deque<File> files_;  // deque: references stay valid as files are added
};

}  // namespace toscac::diag
