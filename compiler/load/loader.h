#pragma once
// The loader behind LoadProgram (internal to load/). program.cc reads the root and the profile;
// imports.cc resolves and reads imports from the disk, an archive or a URL.
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "load/program.h"
#include "toscac/embedded_profiles.h"

namespace toscac::load {

// Where a file was read from, which decides where its relative imports are looked up.
struct Origin {
  enum class Kind { kDisk, kArchive, kUrl };
  Kind kind = Kind::kDisk;
  std::string dir;          // disk: absolute directory; archive: entry's directory; url: the URL
  std::string display_dir;  // disk: the directory of the name shown in diagnostics
};

// An import, resolved: what it is, how diagnostics name it, where its own imports resolve.
struct Target {
  std::string key;  // its identity, for cycles and diamonds: a canonical path, an entry, a URL
  std::string read_from;  // the path, entry or URL to read
  std::string display;
  Origin origin;
};

class Loader {
 public:
  Loader(const LoadOptions& options, Program& program) : options_(options), program_(program) {}
  bool LoadRoot(const Source& source);

 private:
  bool LoadArchiveRoot(const Source& source);
  bool Finish(std::unique_ptr<Unit> root, const Origin& origin);
  std::unique_ptr<Unit> ParseUnit(const std::string& name, const std::string& path,
                                  std::string text, bool normative);
  bool Parse(Unit& unit, diag::FileId id);
  std::unique_ptr<Unit> ReadUnit(std::unique_ptr<Unit> unit, diag::FileId id);
  double* Timer(double LoadTimings::*phase, const Unit& unit) const;
  void LoadProfile(int minor);
  std::unique_ptr<Unit> ProfileUnit(const profiles::EmbeddedFile& f);

  // imports.cc
  void LoadImports(Unit& unit, const Origin& origin, const std::string& prefix);
  void LoadImport(const ir::Import& imp, const std::string& repository_url, const Origin& from,
                  const std::string& prefix);
  bool Resolve(const ir::Import& imp, const std::string& repository_url, const Origin& from,
               Target& target);
  bool ResolveUrl(const std::string& url, Target& target);
  bool ResolveDisk(const ir::Import& imp, const Origin& from, Target& target);
  bool ResolveEntry(const ir::Import& imp, const Origin& from, Target& target);
  bool Admit(const ir::Import& imp, const Target& target);
  bool ReadTarget(const ir::Import& imp, const Target& target, std::string& text);
  void CheckVersion(const ir::Import& imp, const Unit& unit);

  const LoadOptions& options_;
  Program& program_;
  std::filesystem::path root_dir_;
  std::vector<std::string> active_;  // the import chain being loaded, for cycle detection
  std::set<std::string> loaded_;
  std::uint32_t import_count_ = 0;
  int max_minor_ = 3;
};

}  // namespace toscac::load
