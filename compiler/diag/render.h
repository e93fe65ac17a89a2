#pragma once
// Renders diagnostics for people (text with a caret line) and for tools (GCC's one-line form,
// JSON; SARIF is in sarif.h).
//
//   app.yaml:14:13: error[T201]: unknown node type 'tosca.nodes.Compte'
//         type: tosca.nodes.Compte
//               ^~~~~~~~~~~~~~~~~~
//   app.yaml:14:13: note: did you mean 'tosca.nodes.Compute'?
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "diag/source_manager.h"

namespace toscac::diag {

struct TextOptions {
  bool color = false;
  bool caret = true;  // print the source line and a caret under the location
};

std::string RenderText(const std::vector<Diagnostic>& diags, const SourceManager& sm,
                       const TextOptions& options);

// One line per diagnostic and per note, the form editors' problem matchers read (as GCC's):
//   app.yaml:14:13: error: unknown node type 'tosca.nodes.Compte' [T201]
//   app.yaml:14:13: note: did you mean 'tosca.nodes.Compute'?
std::string RenderGcc(const std::vector<Diagnostic>& diags, const SourceManager& sm);

// "1 error generated." / "2 errors and 1 warning generated."; empty when there is nothing.
std::string RenderSummary(std::size_t errors, std::size_t warnings);

// One JSON document (schemas/diagnostics.schema.json), pretty-printed, ending in a newline.
std::string RenderJson(const std::vector<Diagnostic>& diags, const SourceManager& sm);

// The same for several runs (one per file given on the command line), as one document.
struct JsonRun {
  const std::vector<Diagnostic>* diags;
  const SourceManager* sources;
};
std::string RenderJson(const std::vector<JsonRun>& runs);

}  // namespace toscac::diag
