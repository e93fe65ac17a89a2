#include "diag/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace toscac::diag {
namespace {

std::vector<CodeInfo> MakeTable() {
  return {
#define TOSCAC_DIAG(code, severity, summary) {Code::code, #code, Severity::severity, summary},
#include "diag/codes.def"
#undef TOSCAC_DIAG
  };
}

}  // namespace

const std::vector<CodeInfo>& AllCodes() {
  static const std::vector<CodeInfo> table = MakeTable();
  return table;
}

const CodeInfo& Info(Code code) { return AllCodes()[static_cast<std::size_t>(code)]; }

std::string_view CodeName(Code code) { return Info(code).name; }

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

Diagnostic& Diagnostic::AddNote(Location loc, std::string text) {
  notes.push_back(diag::Note{loc.Known() ? loc : location, std::move(text)});
  return *this;
}

Diagnostic& Diagnostics::Report(Code code, Location loc, std::string message) {
  list_.push_back(Diagnostic{code, Info(code).severity, loc, std::move(message), {}});
  return list_.back();
}

Diagnostic& Diagnostics::Error(Code code, Location loc, std::string message) {
  list_.push_back(Diagnostic{code, Severity::kError, loc, std::move(message), {}});
  return list_.back();
}

Diagnostic& Diagnostics::Warning(Code code, Location loc, std::string message) {
  list_.push_back(Diagnostic{code, Severity::kWarning, loc, std::move(message), {}});
  return list_.back();
}

std::size_t Diagnostics::ErrorCount() const {
  return std::count_if(list_.begin(), list_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

std::size_t Diagnostics::WarningCount() const {
  return std::count_if(list_.begin(), list_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::kWarning; });
}

void Diagnostics::Append(const Diagnostics& other) {
  list_.insert(list_.end(), other.list_.begin(), other.list_.end());
}

std::vector<Diagnostic> Diagnostics::Sorted() const {
  std::vector<Diagnostic> out = list_;
  auto key = [](const Diagnostic& d) {
    return std::tie(d.location.file, d.location.line, d.location.column, d.code, d.message);
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  auto same = [&](const Diagnostic& a, const Diagnostic& b) {
    return key(a) == key(b) && a.severity == b.severity && a.notes == b.notes;
  };
  out.erase(std::unique(out.begin(), out.end(), same), out.end());
  return out;
}

}  // namespace toscac::diag
