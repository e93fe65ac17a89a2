#pragma once
// The implementation files a deployment runs: each one named relative to the root template's
// directory, refused when it leaves that directory (M901), hashed, and listed once.
//
//   Artifacts files(TemplateDirectory(program), program.diags);
//   FileRef ref = files.Add(*implementation.primary);   // ref.run == "artifacts/scripts/a.sh"
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "emit/manifest.h"

namespace toscac::emit {

// What a step's `run` (or `dependencies`) says about a file.
struct FileRef {
  std::string run;       // "artifacts/<file>"; a URL stays as written
  bool missing = false;  // the file does not exist (the checks warned, N511)
  bool refused = false;  // it leaves the template's directory or cannot be read (reported)
};

class Artifacts {
 public:
  Artifacts(std::filesystem::path template_dir, diag::Diagnostics& diags);
  // Registers the file named by a YAML scalar (as written in the template).
  FileRef Add(const ir::Node& file);
  // Every file registered, by file name.
  std::vector<ArtifactFile> All() const;
  // The entry of a registered path ("artifacts/scripts/a.sh"), or nullptr.
  const ArtifactFile* Find(const std::string& path) const;

 private:
  FileRef Register(const std::string& file, const diag::Location& at);

  std::filesystem::path dir_;        // absolute and normalised
  std::filesystem::path canonical_;  // with symbolic links resolved
  diag::Diagnostics& diags_;
  std::map<std::string, ArtifactFile> files_;  // by path
  std::map<std::string, FileRef> refs_;        // by name as written, refused ones not
};

// The directory implementation files are read from: the root template's (the current
// directory for standard input).
std::filesystem::path TemplateDirectory(const load::Program& program);

}  // namespace toscac::emit
