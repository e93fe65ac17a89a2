#pragma once
// A TOSCA Cloud Service Archive (a zip file) read in memory through libzip: nothing is ever
// unpacked to disk. Opening checks every entry before any is read, so that a hostile archive is
// refused as a whole: names that would leave the archive when unpacked ("zip slip": "..",
// absolute names, backslashes, drive letters, links), repeated names, and the sizes of a zip
// bomb (too many entries, an entry or the whole too large, a compression ratio too high).
//
//   csar::Problem problem;
//   auto archive = csar::Archive::Open("app.csar", {}, problem);
//   if (archive == nullptr) report(problem.code, problem.message);
//   std::string text, why;
//   archive->Read("definitions/app.yaml", text, why);
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"

namespace toscac::csar {

struct Limits {
  std::uint64_t max_entry_bytes = 256ull << 20;  // one entry, uncompressed
  std::uint64_t max_total_bytes = 1ull << 30;    // all entries, uncompressed
  std::uint32_t max_entries = 10000;
  // Uncompressed size over compressed size. Checked only for entries over kRatioFloor bytes:
  // small files of repeated text compress well and harm nobody.
  std::uint32_t max_ratio = 100;
};

inline constexpr std::uint64_t kRatioFloor = 1u << 20;

// Why an archive was refused.
struct Problem {
  diag::Code code = diag::Code::F010;
  std::string message;
  std::string note;  // "" for none
  bool io = false;   // the file itself could not be read (missing, a directory): exit code 2
};

class Archive {
 public:
  // Opens the zip file at `path` (named `name` in messages) and checks every entry. nullptr,
  // with `problem` set, when the archive is refused.
  static std::unique_ptr<Archive> Open(const std::string& path, const std::string& name,
                                       const Limits& limits, Problem& problem);
  ~Archive();
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  bool Contains(const std::string& entry) const { return index_.count(entry) > 0; }
  // The names of the files (not directories), sorted.
  std::vector<std::string> Names() const;
  // Decompresses one entry. False with `why` ("no such entry", "it is corrupt: ...") when it
  // cannot be read; `too_large` is set when it is larger than its header declared.
  bool Read(const std::string& entry, std::string& out, std::string& why, bool* too_large);

 private:
  explicit Archive(void* zip) : zip_(zip) {}
  bool Index(const std::string& name, const Limits& limits, Problem& problem);

  void* zip_;                                   // zip_t*, kept out of this header
  std::map<std::string, std::uint64_t> index_;  // file name -> entry index
  std::map<std::string, std::uint64_t> sizes_;  // file name -> declared uncompressed size
};

// Does `path` name an archive (".csar" or ".zip", in any case)?
bool IsArchivePath(std::string_view path);

// Joins `name` to the directory `dir` inside an archive and removes "." and ".." parts:
// ("definitions", "../types/a.yaml") -> "types/a.yaml". "" when the result would leave the
// archive or `name` is absolute.
std::string JoinInside(std::string_view dir, std::string_view name);

// How diagnostics name an entry: ("app.csar", "definitions/app.yaml") ->
// "app.csar!/definitions/app.yaml".
inline std::string DisplayName(std::string_view archive, std::string_view entry) {
  return std::string(archive) + "!/" + std::string(entry);
}

// The directory part of an entry name: "definitions/app.yaml" -> "definitions"; "a.yaml" -> "".
std::string DirOf(std::string_view entry);

}  // namespace toscac::csar
