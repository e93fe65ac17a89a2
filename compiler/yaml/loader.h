#pragma once
// Loads YAML text into a located tree, reporting every problem as a diagnostic.
//
//   Diagnostics diags;
//   Document doc;
//   if (Load(sm, file_id, limits, doc, diags)) use(doc.root());
//
// Checks done here, before any TOSCA meaning: UTF-8 validity, control characters, YAML syntax,
// duplicate keys, non-scalar keys, nesting depth and alias expansion (billion laughs).
#include "diag/diagnostic.h"
#include "diag/source_manager.h"
#include "yaml/events.h"
#include "yaml/node.h"

namespace toscac::yaml {

struct Limits {
  std::uint32_t max_depth = 1000;           // nested maps and sequences
  std::uint64_t max_alias_nodes = 1000000;  // nodes added by expanding aliases, in total
  std::uint64_t max_nodes = 10000000;       // nodes of one file (scalars, maps, sequences)
};

// Returns true when the document was loaded (doc.root() is set, possibly with warnings).
// On false, at least one error was reported. Scalars written as is in the text (most of them)
// point into sm's text for `file`: `sm` must outlive `doc`.
bool Load(const diag::SourceManager& sm, diag::FileId file, const Limits& limits, Document& doc,
          diag::Diagnostics& diags);

// Feeds `sink` libyaml's events for `text`, for tests that compare it with the fast scanner
// (yaml/fast_scanner.h). Returns false at a syntax error.
bool LibyamlScan(std::string_view text, EventSink& sink);

}  // namespace toscac::yaml
