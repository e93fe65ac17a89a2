#pragma once
// Diagnostics: stable codes, severities, and the ordered, de-duplicated set a run collects.
//
//   Diagnostics diags;
//   diags.Error(Code::T201, loc, "unknown node type 'tosca.nodes.Compte'")
//       .AddNote(loc, "did you mean 'tosca.nodes.Compute'?");
//   for (const Diagnostic& d : diags.Sorted()) ...
#include <string>
#include <string_view>
#include <vector>

#include "diag/location.h"

namespace toscac::diag {

enum class Severity { kError, kWarning, kNote };

enum class Code {
#define TOSCAC_DIAG(code, severity, summary) code,
#include "diag/codes.def"
#undef TOSCAC_DIAG
};

struct CodeInfo {
  Code code;
  std::string_view name;  // "T201"
  Severity severity;      // the default severity
  std::string_view summary;
};

const CodeInfo& Info(Code code);
std::string_view CodeName(Code code);
const std::vector<CodeInfo>& AllCodes();
std::string_view SeverityName(Severity s);

struct Note {
  Location location;
  std::string message;
  friend bool operator==(const Note&, const Note&) = default;
};

struct Diagnostic {
  Code code;
  Severity severity;
  Location location;
  std::string message;  // lower-case first letter, no final period
  std::vector<Note> notes;

  // Adds a note; a note without a location of its own is shown at the diagnostic's.
  Diagnostic& AddNote(Location loc, std::string text);
  Diagnostic& AddNote(std::string text) { return AddNote(location, std::move(text)); }
};

class Diagnostics {
 public:
  Diagnostic& Report(Code code, Location loc, std::string message);  // default severity
  Diagnostic& Error(Code code, Location loc, std::string message);
  Diagnostic& Warning(Code code, Location loc, std::string message);

  std::size_t ErrorCount() const;
  std::size_t WarningCount() const;
  bool HasErrors() const { return ErrorCount() > 0; }
  bool Empty() const { return list_.empty(); }

  // By file id, position, code and message; exact duplicates removed.
  std::vector<Diagnostic> Sorted() const;
  void Append(const Diagnostics& other);

 private:
  std::vector<Diagnostic> list_;
};

}  // namespace toscac::diag
