#pragma once
// The long explanation of a diagnostic code, with a wrong and a right example, as
// docs/diagnostics.md gives it: the document's "### T201" section is embedded into the binary
// at build time (embed_doc.cmake), so the doc and `toscac explain` cannot disagree.
//
//   Explain("T201")   // "T201 (error): unknown type\n\nA type name ... Wrong:\n    ..."
//   Explain("T999")   // std::nullopt
#include <optional>
#include <string>
#include <string_view>

namespace toscac::diag {

// The text of docs/diagnostics.md (generated: diagnostics_doc.cc in the build directory).
std::string_view DiagnosticsDoc();

// The section of `code` in `doc`, for a terminal: a header line with the code, its severity and
// summary from codes.def, then the section's text. Code blocks lose their fences and are
// indented by four spaces; the doc's shorthand line `H` becomes the
// `tosca_definitions_version` line it stands for. std::nullopt when `code` is not in codes.def
// or `doc` has no section for it. Codes are matched exactly ("T201", not "t201").
std::optional<std::string> Explain(std::string_view code, std::string_view doc);
inline std::optional<std::string> Explain(std::string_view code) {
  return Explain(code, DiagnosticsDoc());
}

}  // namespace toscac::diag
