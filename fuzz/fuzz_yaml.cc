// Fuzz target: the YAML loader (compiler/yaml/loader.h). Any bytes are one file; the loader
// must build a located tree or report diagnostics, within its limits, and the diagnostics must
// render (their caret lines index into the text).
#include <cstddef>
#include <cstdint>
#include <string>

#include "diag/render.h"
#include "yaml/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace toscac;
  diag::SourceManager sm;
  diag::Diagnostics diags;
  yaml::Document doc;
  diag::FileId id = sm.Add("fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size));
  yaml::Load(sm, id, yaml::Limits{}, doc, diags);
  std::vector<diag::Diagnostic> sorted = diags.Sorted();
  diag::RenderText(sorted, sm, diag::TextOptions{});
  diag::RenderJson(sorted, sm);
  return 0;
}
