// `toscac validate --format sarif` against what SARIF 2.1.0 (OASIS, sarif-schema-2.1.0.json and
// the spec's SHALLs) requires of a log: version "2.1.0", runs with tool.driver.name, rules with
// an id and a text, results with a message, a level of the enum and a ruleIndex that points at
// their rule, physical locations with an artifact URI and 1-based regions. The checker is proved
// to refuse what breaks those (a checker that accepts everything would pass the rest too).
#include "diag/sarif.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "driver/driver.h"

namespace toscac {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kSourceDir = TOSCAC_SOURCE_DIR;
const diag::SarifTool kTool{"toscac", "0.1.0", "https://example.org/toscac",
                            "https://example.org/toscac/docs/diagnostics.md"};

// Collects what is wrong with a SARIF log, one line per problem; "" when nothing is.
class SarifChecker {
 public:
  std::string Check(const json& log) {
    Expect(log.is_object(), "", "the log is not an object");
    if (!log.is_object()) return out_;
    Expect(log.value("version", "") == "2.1.0", "/version", "is not \"2.1.0\"");
    Expect(log.value("$schema", "").ends_with("sarif-schema-2.1.0.json"), "/$schema",
           "does not name the 2.1.0 schema");
    Expect(log.contains("runs") && log["runs"].is_array(), "/runs", "is not an array");
    if (!log.contains("runs") || !log["runs"].is_array()) return out_;
    for (std::size_t i = 0; i < log["runs"].size(); ++i) {
      CheckRun(log["runs"][i], "/runs/" + std::to_string(i));
    }
    return out_;
  }

 private:
  void Expect(bool ok, const std::string& at, const std::string& what) {
    if (!ok) out_ += at + ": " + what + "\n";
  }
  static bool IsText(const json& j, const char* key) {
    return j.is_object() && j.contains(key) && j[key].is_object() && j[key].contains("text") &&
           j[key]["text"].is_string() && !j[key]["text"].get<std::string>().empty();
  }
  static bool IsLevel(const json& j) {
    static const std::set<std::string> kLevels = {"none", "note", "warning", "error"};
    return j.is_string() && kLevels.count(j.get<std::string>()) == 1;
  }
  static bool IsAbsoluteUri(const json& j) {
    if (!j.is_string()) return false;
    std::string s = j;
    std::size_t colon = s.find(':');
    return colon != std::string::npos && colon > 0 && s.find_first_of(" <>\"") == s.npos;
  }

  void CheckRun(const json& run, const std::string& at) {
    const json* driver = nullptr;
    if (run.contains("tool") && run["tool"].contains("driver")) driver = &run["tool"]["driver"];
    Expect(driver != nullptr, at + "/tool/driver", "is missing");
    if (driver == nullptr) return;
    Expect(driver->value("name", "") != "", at + "/tool/driver/name", "is missing or empty");
    if (driver->contains("informationUri")) {
      Expect(IsAbsoluteUri((*driver)["informationUri"]), at + "/tool/driver/informationUri",
             "is not an absolute URI");
    }
    json rules = driver->value("rules", json::array());
    for (std::size_t i = 0; i < rules.size(); ++i) {
      CheckRule(rules[i], at + "/tool/driver/rules/" + std::to_string(i));
    }
    if (run.contains("columnKind")) {
      Expect(run["columnKind"] == "utf16CodeUnits" || run["columnKind"] == "unicodeCodePoints",
             at + "/columnKind", "is not a column kind");
    }
    json results = run.value("results", json::array());
    for (std::size_t i = 0; i < results.size(); ++i) {
      CheckResult(results[i], rules, at + "/results/" + std::to_string(i));
    }
  }

  void CheckRule(const json& rule, const std::string& at) {
    Expect(rule.value("id", "") != "", at + "/id", "is missing or empty");
    Expect(IsText(rule, "shortDescription"), at + "/shortDescription", "has no text");
    if (rule.contains("help")) Expect(IsText(rule, "help"), at + "/help", "has no text");
    if (rule.contains("helpUri")) {
      Expect(IsAbsoluteUri(rule["helpUri"]), at + "/helpUri", "is not an absolute URI");
    }
    if (rule.contains("defaultConfiguration")) {
      Expect(IsLevel(rule["defaultConfiguration"].value("level", json())),
             at + "/defaultConfiguration/level", "is not a level");
    }
  }

  void CheckResult(const json& result, const json& rules, const std::string& at) {
    Expect(IsText(result, "message"), at + "/message", "has no text");
    Expect(IsLevel(result.value("level", json())), at + "/level", "is not a level");
    // SARIF §3.27.6: a ruleIndex SHALL point at the rule whose id is the ruleId.
    long index = result.value("ruleIndex", -1L);
    bool points = index >= 0 && static_cast<std::size_t>(index) < rules.size() &&
                  rules[index].value("id", "") == result.value("ruleId", "");
    Expect(points, at + "/ruleIndex", "does not point at the rule of ruleId");
    json locations = result.value("locations", json::array());
    for (std::size_t i = 0; i < locations.size(); ++i) {
      CheckLocation(locations[i], at + "/locations/" + std::to_string(i));
    }
    std::set<long> ids;
    json related = result.value("relatedLocations", json::array());
    for (std::size_t i = 0; i < related.size(); ++i) {
      std::string where = at + "/relatedLocations/" + std::to_string(i);
      CheckLocation(related[i], where);
      long id = related[i].value("id", -1L);
      Expect(id >= 0 && ids.insert(id).second, where + "/id", "is not a unique id");
      Expect(IsText(related[i], "message"), where + "/message", "has no text");
    }
  }

  void CheckLocation(const json& location, const std::string& at) {
    if (!location.contains("physicalLocation")) return;
    const json& physical = location["physicalLocation"];
    Expect(physical.contains("artifactLocation") &&
               physical["artifactLocation"].value("uri", "") != "",
           at + "/physicalLocation/artifactLocation/uri", "is missing or empty");
    if (!physical.contains("region")) return;
    const json& region = physical["region"];
    std::string where = at + "/physicalLocation/region";
    Expect(region.value("startLine", 0) >= 1, where + "/startLine", "is not 1-based");
    if (region.contains("startColumn")) {
      Expect(region["startColumn"] >= 1, where + "/startColumn", "is not 1-based");
    }
    if (region.contains("endColumn")) {
      Expect(region["endColumn"] > region.value("startColumn", 1), where + "/endColumn",
             "is not after startColumn");
    }
  }

  std::string out_;
};

std::string Problems(const json& log) { return SarifChecker().Check(log); }

std::vector<fs::path> GoldenCases() {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(kSourceDir / "tests/golden/cases")) {
    if (fs::exists(fs::symlink_status(entry.path() / "input.yaml"))) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

std::string Render(const std::vector<diag::Diagnostic>& diags, const diag::SourceManager& sm) {
  return diag::RenderSarif(std::vector<diag::JsonRun>{{&diags, &sm}}, kTool);
}

TEST(Sarif, EveryGoldenCaseIsAValidLog) {
  std::vector<fs::path> cases = GoldenCases();
  ASSERT_FALSE(cases.empty());
  for (const fs::path& dir : cases) {
    SCOPED_TRACE(dir.filename().string());
    auto result = driver::Validate(load::Source::File((dir / "input.yaml").string()), {});
    std::vector<diag::Diagnostic> diags = result->program.diags.Sorted();
    json log = json::parse(Render(diags, result->program.sources));
    EXPECT_EQ(Problems(log), "");
    EXPECT_EQ(log["runs"][0]["results"].size(), diags.size());
  }
}

TEST(Sarif, ResultsRulesAndNotes) {
  diag::SourceManager sources;
  diag::FileId file = sources.Add("types/my app.yaml", "a: 1\nnode: tosca.nodes.Compte\n");
  diag::Diagnostics diags;
  diags.Error(diag::Code::T201, {file, 2, 7, 25}, "unknown node type 'tosca.nodes.Compte'")
      .AddNote({file, 2, 7, 8}, "did you mean 'tosca.nodes.Compute'?");
  diags.Warning(diag::Code::F007, {file, 1, 1, 2}, "another version");
  diags.Error(diag::Code::F001, {}, "cannot read 'x.yaml': no such file");
  json log = json::parse(Render(diags.Sorted(), sources));
  ASSERT_EQ(Problems(log), "");
  const json& run = log["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "toscac");
  EXPECT_EQ(run["tool"]["driver"]["version"], "0.1.0");
  // The rules used, in code table order, each as codes.def says.
  ASSERT_EQ(run["tool"]["driver"]["rules"].size(), 3u);
  const json& t201 = run["tool"]["driver"]["rules"][2];
  EXPECT_EQ(t201["id"], "T201");
  EXPECT_EQ(t201["shortDescription"]["text"], "unknown type");
  EXPECT_EQ(t201["helpUri"], "https://example.org/toscac/docs/diagnostics.md#t201");
  EXPECT_EQ(t201["defaultConfiguration"]["level"], "error");
  EXPECT_EQ(run["tool"]["driver"]["rules"][1]["defaultConfiguration"]["level"], "warning");
  // Results in the order of the diagnostics: sorted by file and position.
  ASSERT_EQ(run["results"].size(), 3u);
  EXPECT_TRUE(run["results"][0]["locations"].empty());
  const json& error = run["results"][2];
  EXPECT_EQ(error["ruleId"], "T201");
  EXPECT_EQ(error["level"], "error");
  const json& physical = error["locations"][0]["physicalLocation"];
  EXPECT_EQ(physical["artifactLocation"]["uri"], "types/my%20app.yaml");
  EXPECT_EQ(physical["region"], json::parse(R"({"startLine":2,"startColumn":7,"endColumn":25})"));
  EXPECT_EQ(error["relatedLocations"][0]["message"]["text"], "did you mean 'tosca.nodes.Compute'?");
  EXPECT_EQ(run["results"][1]["level"], "warning");
}

TEST(Sarif, ColumnsAreUtf16CodeUnits) {
  diag::SourceManager sources;
  // "é" is two bytes and one unit; "😀" four bytes and two units; a BOM is not counted.
  diag::FileId file = sources.Add("a.yaml",
                                  "\xEF\xBB\xBF"
                                  "a: \xC3\xA9 x\nb: \xF0\x9F\x98\x80 y\n");
  diag::Diagnostics diags;
  diags.Error(diag::Code::S102, {file, 1, 7, 8}, "after e acute");
  diags.Error(diag::Code::S102, {file, 2, 9, 10}, "after an emoji");
  json log = json::parse(Render(diags.Sorted(), sources));
  ASSERT_EQ(Problems(log), "");
  const json& results = log["runs"][0]["results"];
  EXPECT_EQ(log["runs"][0]["columnKind"], "utf16CodeUnits");
  EXPECT_EQ(results[0]["locations"][0]["physicalLocation"]["region"]["startColumn"], 6);
  EXPECT_EQ(results[1]["locations"][0]["physicalLocation"]["region"]["startColumn"], 7);
  EXPECT_EQ(results[1]["locations"][0]["physicalLocation"]["region"]["endColumn"], 8);
}

TEST(Sarif, AnEmptyRunIsAValidLogAndTheBytesAreStable) {
  diag::SourceManager sources;
  std::string once = Render({}, sources);
  EXPECT_EQ(once, Render({}, sources));
  json log = json::parse(once);
  EXPECT_EQ(Problems(log), "");
  EXPECT_TRUE(log["runs"][0]["results"].empty());
  EXPECT_TRUE(log["runs"][0]["tool"]["driver"]["rules"].empty());
}

TEST(Sarif, FileNamesAreUriReferences) {
  EXPECT_EQ(diag::FileUri("app.yaml"), "app.yaml");
  EXPECT_EQ(diag::FileUri("types/my app.yaml"), "types/my%20app.yaml");
  EXPECT_EQ(diag::FileUri("/srv/app.yaml"), "file:///srv/app.yaml");
  EXPECT_EQ(diag::FileUri("<stdin>"), "%3Cstdin%3E");
  EXPECT_EQ(diag::FileUri("c:app.yaml"), "c%3Aapp.yaml");
  EXPECT_EQ(diag::FileUri("caf\xC3\xA9.yaml"), "caf%C3%A9.yaml");
  EXPECT_EQ(diag::FileUri("app.csar!/defs/app.yaml"), "app.csar!/defs/app.yaml");
}

// Each mutation of a valid log must be refused by the checker.
TEST(Sarif, TheCheckerRefusesWhatSarifForbids) {
  const json valid = json::parse(R"({
    "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
    "version": "2.1.0",
    "runs": [{
      "tool": {"driver": {"name": "toscac", "informationUri": "https://example.org",
               "rules": [{"id": "S102", "shortDescription": {"text": "unknown keyname"},
                          "helpUri": "https://example.org/d.md#s102",
                          "defaultConfiguration": {"level": "error"}}]}},
      "results": [{"ruleId": "S102", "ruleIndex": 0, "level": "error",
                   "message": {"text": "unknown keyname 'x'"},
                   "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.yaml"},
                                  "region": {"startLine": 6, "startColumn": 7, "endColumn": 8}}}],
                   "relatedLocations": [{"id": 1, "message": {"text": "note"},
                                  "physicalLocation": {"artifactLocation": {"uri": "a.yaml"}}}]}]
    }]})");
  ASSERT_EQ(Problems(valid), "");
  struct Mutation {
    const char* what;
    json::json_pointer at;
    json value;  // null: remove the member
  };
  const std::vector<Mutation> mutations = {
      {"another version", json::json_pointer("/version"), "2.0.0"},
      {"no runs", json::json_pointer("/runs"), nullptr},
      {"no schema", json::json_pointer("/$schema"), nullptr},
      {"no driver", json::json_pointer("/runs/0/tool/driver"), nullptr},
      {"no driver name", json::json_pointer("/runs/0/tool/driver/name"), nullptr},
      {"relative informationUri", json::json_pointer("/runs/0/tool/driver/informationUri"), "x"},
      {"rule without id", json::json_pointer("/runs/0/tool/driver/rules/0/id"), nullptr},
      {"rule without text", json::json_pointer("/runs/0/tool/driver/rules/0/shortDescription"),
       nullptr},
      {"rule level", json::json_pointer("/runs/0/tool/driver/rules/0/defaultConfiguration/level"),
       "fatal"},
      {"no message", json::json_pointer("/runs/0/results/0/message"), nullptr},
      {"level fatal", json::json_pointer("/runs/0/results/0/level"), "fatal"},
      {"ruleIndex out of range", json::json_pointer("/runs/0/results/0/ruleIndex"), 1},
      {"ruleId of another rule", json::json_pointer("/runs/0/results/0/ruleId"), "T201"},
      {"no uri",
       json::json_pointer("/runs/0/results/0/locations/0/physicalLocation/"
                          "artifactLocation/uri"),
       nullptr},
      {"line 0",
       json::json_pointer("/runs/0/results/0/locations/0/physicalLocation/region/startLine"), 0},
      {"column 0",
       json::json_pointer("/runs/0/results/0/locations/0/physicalLocation/region/startColumn"), 0},
      {"empty region",
       json::json_pointer("/runs/0/results/0/locations/0/physicalLocation/region/endColumn"), 7},
      {"related without id", json::json_pointer("/runs/0/results/0/relatedLocations/0/id"),
       nullptr},
      {"column kind", json::json_pointer("/runs/0/columnKind"), "bytes"},
  };
  for (const Mutation& m : mutations) {
    SCOPED_TRACE(m.what);
    json log = valid;
    if (m.value.is_null()) {
      log[m.at.parent_pointer()].erase(m.at.back());
    } else {
      log[m.at] = m.value;
    }
    EXPECT_NE(Problems(log), "");
  }
}

}  // namespace
}  // namespace toscac
