#pragma once
// The events a YAML reader hands to the tree builder (yaml/loader.cc): libyaml's, converted, or
// the fast scanner's (yaml/fast_scanner.h). Both must hand over the same events for the same
// text; tests/yaml/fast_scanner_test.cc and the fastyaml fuzz target compare them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "yaml/node.h"

namespace toscac::yaml {

// A place in the text: its byte offset and its 1-based line and column (in bytes), as
// diagnostics count them.
struct Mark {
  std::size_t offset = 0;
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

struct ScalarEvent {
  std::string_view value;     // valid during the call only
  std::string_view anchor;    // empty when none
  const char* tag = nullptr;  // NUL-terminated, nullptr when none
  bool plain = false;         // plain style (neither quoted nor a block scalar)
  bool quoted = false;        // single- or double-quoted
  Mark start;                 // where the node starts: its anchor when it has one
  Mark end;                   // just past its last character
  bool one_line = true;       // end is on start's line
};

// Receives a document's events in order. The tree builder throws to abandon a document.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void OnDocumentStart(const Mark& at) = 0;
  virtual void OnScalar(const ScalarEvent& e) = 0;
  virtual void OnAlias(std::string_view name, const Mark& at) = 0;
  // A map or sequence begins at `at`; `tag` as for scalars.
  virtual void OnOpen(Kind kind, const Mark& at, const char* tag, std::string_view anchor) = 0;
  virtual void OnClose() = 0;
};

}  // namespace toscac::yaml
