#pragma once
// Writing a deployment to a directory:
//
//   OUT/index.json                 the index
//   OUT/manifests/<node>.json      one manifest per node template
//   OUT/artifacts/<file>           each implementation file, at its path in the template's
//                                  directory ("scripts/create.sh" -> artifacts/scripts/create.sh)
//
// JSON is written as JsonText (manifest.h) gives it. TOSCA names may hold any character, so a
// node's file name is encoded (SafeFileName):
//
//   SafeFileName("web_1")      == "web_1"
//   SafeFileName("my app/v2")  == "my%20app%2Fv2"
//   SafeFileName(".hidden")    == "%2Ehidden"
#include <filesystem>
#include <string>
#include <string_view>

#include "emit/manifest.h"

namespace toscac::emit {

// Letters, digits, '_', '-' and '.' (but not a leading '.') stay; every other byte becomes
// %XX (upper-case hex). Names that would encode to more than 200 bytes keep their first 180
// bytes of encoding, then '~' and the first 16 hex digits of the name's SHA-256.
std::string SafeFileName(std::string_view name);

// "manifests/<SafeFileName(node)>.json"
std::string ManifestPath(std::string_view node);

// Writes the index, the manifests and the artifacts (those that exist) under `out`, creating
// directories as needed. Manifests of nodes no longer in the deployment are removed from
// OUT/manifests. Returns false, with `error` set, on an I/O failure.
bool WriteDeployment(const Deployment& d, const std::filesystem::path& out, std::string* error);

// Writes manifests as BuildDeployment hands them on, into a staging directory inside `out`
// (OUT/.toscac-staging), and moves them into OUT/manifests on Commit, which then writes the
// artifacts and the index as WriteDeployment does. Not committed (a compile with errors), it
// removes what it wrote, and `out` itself when it created it: a failed compile writes nothing.
//
//   StagedManifests staged("out");
//   Deployment d = BuildDeployment(model, ev, options, staged.Sink());
//   if (!program.diags.HasErrors() && !staged.Commit(d, &error)) { /* report error */ }
class StagedManifests {
 public:
  explicit StagedManifests(std::filesystem::path out);
  ~StagedManifests();
  StagedManifests(const StagedManifests&) = delete;
  StagedManifests& operator=(const StagedManifests&) = delete;

  // Writes each manifest to the staging directory; the first I/O error is kept for Commit.
  ManifestSink Sink();
  // Returns false, with `error` set, on an I/O failure (while staging or now).
  bool Commit(const Deployment& d, std::string* error);

 private:
  bool Start();
  void Stage(const std::string& node, std::string_view text);

  std::filesystem::path out_;
  std::filesystem::path stage_;
  std::filesystem::path created_;  // the outermost directory of `out` this created, if any
  bool started_ = false;
  bool committed_ = false;
  std::string error_;
};

// Writes one document to a file ("-": standard output is the caller's business).
bool WriteFile(const std::filesystem::path& path, const std::string& text, std::string* error);

}  // namespace toscac::emit
