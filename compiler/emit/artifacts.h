#pragma once
// The implementation files a deployment runs: each one named relative to the root template's
// directory, refused when it leaves that directory (M901), hashed, and listed once.
//
//   Artifacts files(TemplateDirectory(program), program.diags);
//   FileRef ref = files.Add(*implementation.primary);   // ref.run == "artifacts/scripts/a.sh"
//
// When the template came from a CSAR, the files are read from the archive, relative to the root
// template's entry, and may not leave the archive (M901).
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "csar/archive.h"
#include "diag/diagnostic.h"
#include "emit/manifest.h"

namespace toscac::emit {

// What a step's `run` (or `dependencies`) says about a file.
struct FileRef {
  std::string run;       // "artifacts/<file>"; a URL stays as written
  bool missing = false;  // the file does not exist (the checks warned, N511)
  bool refused = false;  // it leaves the template's directory or cannot be read (reported)
};

// Where implementation files are read from: a directory, or a directory inside an archive.
struct TemplateFiles {
  std::filesystem::path dir;  // on disk, when there is no archive
  csar::Archive* archive = nullptr;
  std::string entry_dir;  // inside the archive: the root template's directory ("" at its root)
};

class Artifacts {
 public:
  Artifacts(std::filesystem::path template_dir, diag::Diagnostics& diags);
  Artifacts(TemplateFiles where, diag::Diagnostics& diags);
  // Registers the file named by a YAML scalar (as written in the template).
  FileRef Add(const ir::Node& file);
  // Every file registered, by file name.
  std::vector<ArtifactFile> All() const;
  // The entry of a registered path ("artifacts/scripts/a.sh"), or nullptr.
  const ArtifactFile* Find(const std::string& path) const;

 private:
  FileRef Register(const std::string& file, const diag::Location& at);
  FileRef RegisterEntry(const std::string& file, const diag::Location& at);

  std::filesystem::path dir_;        // absolute and normalised
  std::filesystem::path canonical_;  // with symbolic links resolved
  csar::Archive* archive_ = nullptr;
  std::string entry_dir_;
  diag::Diagnostics& diags_;
  std::map<std::string, ArtifactFile> files_;  // by path
  std::map<std::string, FileRef> refs_;        // by name as written, refused ones not
};

// Where implementation files are read from: the root template's directory (the current
// directory for standard input), or its directory inside the program's archive.
TemplateFiles TemplateDirectory(const load::Program& program);

}  // namespace toscac::emit
