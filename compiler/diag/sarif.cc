#include "diag/sarif.h"

#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

namespace toscac::diag {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kSchema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

// RFC 3986 unreserved characters, the sub-delimiters and '@' may stay as they are in a path;
// ':' is escaped too, so that "a:b.yaml" is not read as a scheme.
bool KeptInUri(unsigned char c) {
  // Not std::isalnum: its answer depends on the locale, and a non-ASCII byte must be escaped.
  bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return alnum ||
         std::string_view("-._~!$&'()*+,;=@/").find(static_cast<char>(c)) != std::string_view::npos;
}

// Byte columns (1-based) to UTF-16 code units (1-based) on `line`: a character of four UTF-8
// bytes is two units, any other character one. Columns past the line's end count one unit a byte.
std::uint32_t Utf16Column(std::string_view line, std::uint32_t column) {
  std::uint32_t units = 1;
  for (std::uint32_t i = 0; i + 1 < column; ++i) {
    if (i >= line.size()) {
      ++units;
      continue;
    }
    auto c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;
    units += c >= 0xF0 ? 2 : 1;
  }
  return units;
}

Json Region(const SourceManager& sm, const Location& loc) {
  Json region;
  region["startLine"] = loc.line;
  if (loc.column == 0) return region;
  std::string_view line = sm.LineText(loc.file, loc.line);
  // Columns of the first line start after a byte order mark (yaml/loader.cc).
  if (loc.line == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
  region["startColumn"] = Utf16Column(line, loc.column);
  if (loc.end_column > loc.column) region["endColumn"] = Utf16Column(line, loc.end_column);
  return region;
}

// A location object; only a message when the place is unknown.
Json Place(const SourceManager& sm, const Location& loc) {
  Json place = Json::object();
  if (loc.file == kNoFile) return place;
  Json& physical = place["physicalLocation"];
  physical["artifactLocation"]["uri"] = FileUri(sm.Name(loc.file));
  if (loc.line != 0) physical["region"] = Region(sm, loc);
  return place;
}

std::string LevelOf(Severity s) { return std::string(SeverityName(s)); }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Json Rule(const CodeInfo& info, const SarifTool& tool) {
  Json rule;
  rule["id"] = std::string(info.name);
  rule["shortDescription"]["text"] = std::string(info.summary);
  if (!tool.help_uri.empty()) rule["helpUri"] = tool.help_uri + "#" + Lower(info.name);
  rule["help"]["text"] = "Run 'toscac explain " + std::string(info.name) +
                         "' for an explanation with a wrong and a right example.";
  rule["defaultConfiguration"]["level"] = LevelOf(info.severity);
  return rule;
}

// The codes some diagnostic uses, in code table order, each with its index in the rule list.
std::map<Code, std::size_t> UsedRules(const std::vector<JsonRun>& runs) {
  std::map<Code, std::size_t> used;
  for (const JsonRun& run : runs) {
    for (const Diagnostic& d : *run.diags) used[d.code] = 0;
  }
  std::size_t index = 0;
  for (auto& [code, i] : used) i = index++;
  return used;
}

Json Result(const Diagnostic& d, const SourceManager& sm, std::size_t rule_index) {
  Json result;
  result["ruleId"] = std::string(CodeName(d.code));
  result["ruleIndex"] = rule_index;
  result["level"] = LevelOf(d.severity);
  result["message"]["text"] = d.message;
  result["locations"] = Json::array();
  if (d.location.file != kNoFile) result["locations"].push_back(Place(sm, d.location));
  if (d.notes.empty()) return result;
  Json& related = result["relatedLocations"] = Json::array();
  for (const Note& n : d.notes) {
    Json place = {{"id", related.size() + 1}};
    place.update(Place(sm, n.location));
    place["message"]["text"] = n.message;
    related.push_back(std::move(place));
  }
  return result;
}

Json Driver(const SarifTool& tool, const std::map<Code, std::size_t>& used) {
  Json driver;
  driver["name"] = tool.name;
  driver["version"] = tool.version;
  driver["semanticVersion"] = tool.version;
  if (!tool.information_uri.empty()) driver["informationUri"] = tool.information_uri;
  driver["rules"] = Json::array();
  for (const auto& entry : used) driver["rules"].push_back(Rule(Info(entry.first), tool));
  return driver;
}

}  // namespace

std::string FileUri(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = name.starts_with('/') ? "file://" : "";
  for (char ch : name) {
    auto c = static_cast<unsigned char>(ch);
    if (KeptInUri(c)) {
      out += ch;
      continue;
    }
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
  }
  return out;
}

std::string RenderSarif(const std::vector<JsonRun>& runs, const SarifTool& tool) {
  std::map<Code, std::size_t> used = UsedRules(runs);
  Json run;
  run["tool"]["driver"] = Driver(tool, used);
  run["columnKind"] = "utf16CodeUnits";
  run["results"] = Json::array();
  for (const JsonRun& r : runs) {
    for (const Diagnostic& d : *r.diags) {
      run["results"].push_back(Result(d, *r.sources, used.at(d.code)));
    }
  }
  Json doc;
  doc["$schema"] = kSchema;
  doc["version"] = "2.1.0";
  doc["runs"].push_back(std::move(run));
  // Replace invalid UTF-8 rather than throw: messages quote user input.
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace toscac::diag
