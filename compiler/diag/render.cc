#include "diag/render.h"

#include <nlohmann/json.hpp>

namespace toscac::diag {
namespace {

constexpr const char* kBold = "\x1b[1m";
constexpr const char* kRed = "\x1b[1;31m";
constexpr const char* kMagenta = "\x1b[1;35m";
constexpr const char* kCyan = "\x1b[1;36m";
constexpr const char* kGreen = "\x1b[1;32m";
constexpr const char* kReset = "\x1b[0m";
// Lines longer than this are shown as a window around the location.
constexpr std::size_t kMaxShownLine = 160;

const char* SeverityColor(Severity s) {
  switch (s) {
    case Severity::kError:
      return kRed;
    case Severity::kWarning:
      return kMagenta;
    case Severity::kNote:
      return kCyan;
  }
  return kRed;
}

std::string Position(const SourceManager& sm, const Location& loc) {
  std::string out(sm.Name(loc.file));
  if (loc.line == 0) return out;
  out += ':' + std::to_string(loc.line);
  if (loc.column != 0) out += ':' + std::to_string(loc.column);
  return out;
}

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The source line and the caret line under [column, end_column), both without newline.
// Columns are byte offsets; the caret is placed by characters so UTF-8 text lines up, and
// tabs are kept so the caret follows the terminal's tab stops.
void AppendCaret(std::string& out, std::string_view line, const Location& loc, bool color) {
  std::size_t begin = loc.column - 1;
  if (begin > line.size()) begin = line.size();
  std::size_t end = loc.end_column > loc.column ? loc.end_column - 1 : begin + 1;
  if (end > line.size()) end = std::max(begin + 1, line.size());
  std::size_t shown_from = 0;
  if (line.size() > kMaxShownLine) {
    shown_from = begin > kMaxShownLine / 2 ? begin - kMaxShownLine / 2 : 0;
    while (shown_from > 0 && IsContinuationByte(line[shown_from])) --shown_from;
    std::size_t shown_to = std::min(line.size(), shown_from + kMaxShownLine);
    while (shown_to < line.size() && IsContinuationByte(line[shown_to])) ++shown_to;
    line = line.substr(shown_from, shown_to - shown_from);
    begin -= shown_from;
    end = std::min(end - shown_from, std::max(begin + 1, line.size()));
  }
  // Control characters would reach the terminal as escape sequences: shown as '?'.
  for (char c : line) {
    auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 && c != '\t') || u == 0x7F ? '?' : c;
  }
  out += '\n';
  std::string marks;
  for (std::size_t i = 0; i < begin && i < line.size(); ++i) {
    if (IsContinuationByte(line[i])) continue;
    marks += line[i] == '\t' ? '\t' : ' ';
  }
  if (color) marks += kGreen;
  marks += '^';
  for (std::size_t i = begin + 1; i < end && i < line.size(); ++i) {
    if (!IsContinuationByte(line[i])) marks += '~';
  }
  if (color) marks += kReset;
  out += marks;
  out += '\n';
}

void AppendHeader(std::string& out, const SourceManager& sm, const Location& loc, Severity sev,
                  std::string_view code, const std::string& message, bool color) {
  if (color) out += kBold;
  out += Position(sm, loc);
  out += ": ";
  if (color) out += SeverityColor(sev);
  out += SeverityName(sev);
  if (!code.empty()) {
    out += '[';
    out += code;
    out += ']';
  }
  if (color) out += kReset, out += kBold;
  out += ": ";
  out += message;
  if (color) out += kReset;
  out += '\n';
}

}  // namespace

std::string RenderText(const std::vector<Diagnostic>& diags, const SourceManager& sm,
                       const TextOptions& options) {
  std::string out;
  for (const Diagnostic& d : diags) {
    AppendHeader(out, sm, d.location, d.severity, CodeName(d.code), d.message, options.color);
    if (options.caret && d.location.Known() && d.location.column != 0) {
      std::string_view line = sm.LineText(d.location.file, d.location.line);
      // Columns of the first line start after a byte order mark (yaml/loader.cc): it is not
      // shown either.
      if (d.location.line == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
      if (!line.empty()) AppendCaret(out, line, d.location, options.color);
    }
    for (const Note& n : d.notes) {
      AppendHeader(out, sm, n.location, Severity::kNote, "", n.message, options.color);
    }
  }
  return out;
}

std::string RenderGcc(const std::vector<Diagnostic>& diags, const SourceManager& sm) {
  std::string out;
  auto line = [&](const Location& loc, Severity sev, const std::string& message) {
    out += Position(sm, loc);
    out += ": ";
    out += SeverityName(sev);
    out += ": ";
    out += message;
  };
  for (const Diagnostic& d : diags) {
    line(d.location, d.severity, d.message);
    out += " [";
    out += CodeName(d.code);
    out += "]\n";
    for (const Note& n : d.notes) {
      line(n.location, Severity::kNote, n.message);
      out += '\n';
    }
  }
  return out;
}

std::string RenderSummary(std::size_t errors, std::size_t warnings) {
  auto count = [](std::size_t n, const char* what) {
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
  };
  if (errors == 0 && warnings == 0) return "";
  if (warnings == 0) return count(errors, "error") + " generated.\n";
  if (errors == 0) return count(warnings, "warning") + " generated.\n";
  return count(errors, "error") + " and " + count(warnings, "warning") + " generated.\n";
}

std::string RenderJson(const std::vector<Diagnostic>& diags, const SourceManager& sm) {
  return RenderJson(std::vector<JsonRun>{JsonRun{&diags, &sm}});
}

std::string RenderJson(const std::vector<JsonRun>& runs) {
  nlohmann::ordered_json doc;
  doc["version"] = 1;
  doc["diagnostics"] = nlohmann::ordered_json::array();
  std::size_t errors = 0, warnings = 0;
  for (const JsonRun& run : runs) {
    const SourceManager& sm = *run.sources;
    auto place = [&](nlohmann::ordered_json& j, const Location& loc) {
      j["file"] = std::string(sm.Name(loc.file));
      j["line"] = loc.line;
      j["column"] = loc.column;
    };
    for (const Diagnostic& d : *run.diags) {
      errors += d.severity == Severity::kError;
      warnings += d.severity == Severity::kWarning;
      nlohmann::ordered_json j;
      j["code"] = std::string(CodeName(d.code));
      j["severity"] = std::string(SeverityName(d.severity));
      place(j, d.location);
      j["end_column"] = std::max(d.location.end_column, d.location.column);
      j["message"] = d.message;
      j["notes"] = nlohmann::ordered_json::array();
      for (const Note& n : d.notes) {
        nlohmann::ordered_json jn;
        place(jn, n.location);
        jn["message"] = n.message;
        j["notes"].push_back(std::move(jn));
      }
      doc["diagnostics"].push_back(std::move(j));
    }
  }
  doc["errors"] = errors;
  doc["warnings"] = warnings;
  // Replace invalid UTF-8 rather than throw: messages quote user input.
  return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace toscac::diag
