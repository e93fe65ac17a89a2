#pragma once
// Emitting a deployment: one manifest per node template (the contract between the compiler and
// the agents), the deployment's index, and the implementation files they run. The format and
// its ordering rules are documented in docs/manifest-format.md; the JSON Schemas are
// schemas/manifest.schema.json, schemas/index.schema.json and schemas/ir.schema.json.
//
//   eval::Evaluator ev(model, inputs);
//   emit::Deployment d = emit::BuildDeployment(model, ev, {"shop"});
//   if (!program.diags.HasErrors()) emit::WriteDeployment(d, "out", &error);   // write.h
//
// or, for a large topology, with each manifest handed on as soon as it is built instead of all
// of them held in `d.manifests`:
//
//   emit::StagedManifests staged("out");                                        // write.h
//   emit::Deployment d = emit::BuildDeployment(model, ev, {"shop"}, staged.Sink());
//   if (!program.diags.HasErrors()) staged.Commit(d, &error);
//
// Every key of every document sits in a fixed order and every array in a deterministic one,
// so the same input gives the same bytes (JsonText).
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "check/check.h"
#include "eval/eval.h"

namespace toscac::emit {

using Json = nlohmann::ordered_json;

inline constexpr int kManifestVersion = 1;
inline constexpr int kIndexVersion = 1;
inline constexpr int kIrVersion = 1;

// An implementation file, copied next to the manifests.
struct ArtifactFile {
  std::string file;                   // relative to the template's directory: "scripts/a.sh"
  std::string path;                   // as the manifests name it: "artifacts/scripts/a.sh"
  std::filesystem::path source;       // where it is read from
  std::optional<std::string> sha256;  // lower-case hex; nullopt when the file is missing
  std::optional<std::string> bytes;   // its content, when read from an archive (not `source`)
};

struct Options {
  std::string deployment;  // the deployment's name (see DefaultDeploymentName)
};

struct Deployment {
  std::string name;
  std::string index_text;          // the index as written (JsonText)
  Json index;                      // the same as Json; only when BuildDeployment was given no sink
  std::vector<std::string> nodes;  // whose manifests there are, in the index's order
  // Each manifest as written (JsonText), by node name; only when BuildDeployment was given no
  // sink. Text, not Json: the manifests of a large topology are many times its size, and as
  // Json several times their text again.
  std::vector<std::pair<std::string, std::string>> manifests;
  std::vector<ArtifactFile> artifacts;  // by file, each once
};

// Receives each manifest's text (as JsonText gives it) with its node's name, in the index's node
// order, as soon as it is built. The text is valid during the call only.
using ManifestSink = std::function<void(const std::string& node, std::string_view text)>;

// Builds every manifest and the index. Values are evaluated with `ev`, which reports problems
// into the program's diagnostics; so does this function (M901, M902). Call it only for a
// program without errors, and use the result only if it still has none. Never throws.
// The manifests go to `sink`, one at a time: a topology without instance counts never has more
// than one in memory (with them, ExpandInstances needs them all as Json).
Deployment BuildDeployment(check::Model& model, eval::Evaluator& ev, const Options& options,
                           const ManifestSink& sink);
// The same, with the manifests kept in `manifests`.
Deployment BuildDeployment(check::Model& model, eval::Evaluator& ev, const Options& options);

// `--emit ir`: { "ir_version": 1, "index": {...}, "nodes": { "<node>": manifest, ... } }.
// Each manifest's text (`manifests`: BuildDeployment without a sink) is parsed back into Json.
Json IrDocument(const Deployment& d);

// The bytes of a document as written: 2-space indentation, UTF-8, a trailing newline.
std::string JsonText(const Json& doc);

// The root template's metadata template_name, else the file's stem ("deployment" for standard
// input).
std::string DefaultDeploymentName(const load::Program& program);

}  // namespace toscac::emit
