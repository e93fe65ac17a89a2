#pragma once
// Renders diagnostics as SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), the
// format code-scanning dashboards read: one run, the tool's rules from the code table, one
// result per diagnostic with its place, and its notes as related locations.
//
//   {"$schema": "...sarif-schema-2.1.0.json", "version": "2.1.0", "runs": [{
//     "tool": {"driver": {"name": "toscac", "version": "0.1.0", "rules": [
//       {"id": "T201", "shortDescription": {"text": "unknown type"}, "helpUri": ".../#t201"...}]}},
//     "columnKind": "utf16CodeUnits",
//     "results": [{"ruleId": "T201", "ruleIndex": 0, "level": "error",
//       "message": {"text": "unknown node type 'tosca.nodes.Compte'"},
//       "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app.yaml"},
//                      "region": {"startLine": 14, "startColumn": 13, "endColumn": 31}}}],
//       "relatedLocations": [{"id": 1, "message": {"text": "did you mean ..."}, ...}]}]}]}
//
// Only the rules that some result uses are listed, in code table order; ruleIndex points into
// that list. Columns are converted from toscac's bytes to UTF-16 code units, SARIF's default.
// File names stay as toscac shows them (relative, as given on the command line), written as
// URI references; an absolute path becomes a file:// URI. The output is byte-stable.
#include <string>
#include <vector>

#include "diag/render.h"

namespace toscac::diag {

struct SarifTool {
  std::string name;             // "toscac"
  std::string version;          // "0.1.0"
  std::string information_uri;  // the project's page; omitted when empty
  std::string help_uri;         // docs/diagnostics.md's address, "#t201" is appended; optional
};

// One document, pretty-printed, ending in a newline.
std::string RenderSarif(const std::vector<JsonRun>& runs, const SarifTool& tool);

// A file name as a URI reference: "types/my app.yaml" -> "types/my%20app.yaml",
// "/srv/app.yaml" -> "file:///srv/app.yaml".
std::string FileUri(std::string_view name);

}  // namespace toscac::diag
