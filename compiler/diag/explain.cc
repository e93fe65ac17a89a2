#include "diag/explain.h"

#include <algorithm>
#include <vector>

#include "diag/diagnostic.h"

namespace toscac::diag {
namespace {

// docs/diagnostics.md writes `H` for the first line of every TOSCA file in its examples.
constexpr std::string_view kFirstLine = "tosca_definitions_version: tosca_simple_yaml_1_3";

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(0, end));
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return lines;
}

bool IsFence(std::string_view line) { return line.starts_with("```"); }

// A markdown heading ("## Y: YAML", "### Y001"); only meaningful outside code blocks, where
// "# b.yaml" is a YAML comment.
bool IsHeading(std::string_view line) {
  std::size_t hashes = line.find_first_not_of('#');
  return hashes != 0 && hashes != std::string_view::npos && line[hashes] == ' ';
}

bool IsSectionOf(std::string_view line, std::string_view code) {
  if (!line.starts_with("### ")) return false;
  line.remove_prefix(4);
  return line.starts_with(code) && (line.size() == code.size() || line[code.size()] == ' ');
}

// The lines of the section "### CODE", without its heading, up to the next heading.
std::vector<std::string_view> SectionLines(std::string_view doc, std::string_view code) {
  std::vector<std::string_view> out;
  bool in_fence = false, in_section = false;
  for (std::string_view line : Lines(doc)) {
    if (!in_fence && IsHeading(line)) {
      if (in_section) break;
      in_section = IsSectionOf(line, code);
      continue;
    }
    if (IsFence(line)) in_fence = !in_fence;
    if (in_section) out.push_back(line);
  }
  return out;
}

// A line of a code block, indented, with `H` spelled out.
std::string CodeLine(std::string_view line) {
  if (line.empty()) return "";
  std::string out = "    ";
  if (line == "H" || line.starts_with("H ")) {
    out += kFirstLine;
    line.remove_prefix(1);
  }
  out += line;
  return out;
}

std::string Body(const std::vector<std::string_view>& lines) {
  std::string out;
  bool in_fence = false;
  for (std::string_view line : lines) {
    if (IsFence(line)) {
      in_fence = !in_fence;
      continue;
    }
    out += in_fence ? CodeLine(line) : std::string(line);
    out += '\n';
  }
  // Blank lines before the next heading are the doc's spacing, not the explanation's.
  while (out.ends_with("\n\n")) out.pop_back();
  std::size_t first = out.find_first_not_of('\n');
  return first == std::string::npos ? "" : out.substr(first);
}

}  // namespace

std::optional<std::string> Explain(std::string_view code, std::string_view doc) {
  for (const CodeInfo& info : AllCodes()) {
    if (info.name != code) continue;
    std::string body = Body(SectionLines(doc, code));
    if (body.empty()) return std::nullopt;
    std::string out(info.name);
    out += " (" + std::string(SeverityName(info.severity)) + "): ";
    out += info.summary;
    out += "\n\n" + body;
    return out;
  }
  return std::nullopt;
}

}  // namespace toscac::diag
