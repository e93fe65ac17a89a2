// The JSON diagnostics (`toscac validate --format json`) against schemas/diagnostics.schema.json:
// the output of every golden case must validate, and the schema must reject what is not that
// output (a schema that accepts everything would pass the first test too).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#define VALIJSON_USE_EXCEPTIONS 1
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "diag/render.h"
#include "driver/driver.h"

namespace toscac {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kSourceDir = TOSCAC_SOURCE_DIR;

json ReadJson(const fs::path& path) {
  std::ifstream in(path);
  return json::parse(in);
}

class DiagnosticsSchema : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    schema_doc_ = new json(ReadJson(kSourceDir / "schemas/diagnostics.schema.json"));
    schema_ = new valijson::Schema;
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(*schema_doc_);
    parser.populateSchema(adapter, *schema_);
  }
  static void TearDownTestSuite() {
    delete schema_;
    delete schema_doc_;
  }

  // The schema's complaints about `doc`, one per line; "" when it is valid.
  static std::string Problems(const json& doc) {
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(doc);
    if (validator.validate(*schema_, target, &results)) return "";
    std::string out;
    for (const auto& error : results) {
      for (const std::string& part : error.context) out += part;
      out += ": " + error.description + "\n";
    }
    return out.empty() ? "invalid\n" : out;
  }

  static json* schema_doc_;
  static valijson::Schema* schema_;
};

json* DiagnosticsSchema::schema_doc_ = nullptr;
valijson::Schema* DiagnosticsSchema::schema_ = nullptr;

std::vector<fs::path> GoldenCases() {
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(kSourceDir / "tests/golden/cases")) {
    if (fs::exists(fs::symlink_status(entry.path() / "input.yaml"))) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

// A case reports something unless it expects success or needs its command-line limits to.
bool ExpectsDiagnostics(const fs::path& dir) {
  if (fs::exists(dir / "args")) return false;
  std::ifstream exit_file(dir / "expected.exit");
  int code = 1;
  exit_file >> code;
  return code != 0;
}

// What `toscac validate --format json` prints for one file (the CLI adds nothing to it).
json ValidateToJson(const fs::path& file) {
  auto result = driver::Validate(load::Source::File(file.string()), {});
  return json::parse(diag::RenderJson(result->program.diags.Sorted(), result->program.sources));
}

TEST_F(DiagnosticsSchema, EveryGoldenCaseValidates) {
  std::vector<fs::path> cases = GoldenCases();
  ASSERT_FALSE(cases.empty());
  for (const fs::path& dir : cases) {
    SCOPED_TRACE(dir.filename().string());
    json doc = ValidateToJson(dir / "input.yaml");
    EXPECT_EQ(Problems(doc), "");
    if (ExpectsDiagnostics(dir)) {
      EXPECT_FALSE(doc["diagnostics"].empty());
    }
    // The counts agree with the list: a schema cannot say that.
    std::size_t errors = 0, warnings = 0;
    for (const json& d : doc["diagnostics"]) {
      errors += d["severity"] == "error";
      warnings += d["severity"] == "warning";
    }
    EXPECT_EQ(doc["errors"], errors);
    EXPECT_EQ(doc["warnings"], warnings);
  }
}

TEST_F(DiagnosticsSchema, WarningsNotesAndUnknownPlacesValidate) {
  diag::SourceManager sources;
  diag::FileId file = sources.Add("app.yaml", "tosca_definitions_version: tosca_simple_yaml_1_3\n");
  diag::Diagnostics diags;
  diags.Warning(diag::Code::F007, {file, 1, 28, 49}, "imported file declares another version")
      .AddNote({file, 1, 1, 2}, "first note")
      .AddNote("second note, at the diagnostic's place");
  diags.Error(diag::Code::F001, {}, "cannot read 'app.yaml': no such file");
  json doc = json::parse(diag::RenderJson(diags.Sorted(), sources));
  EXPECT_EQ(Problems(doc), "");
  EXPECT_EQ(doc["errors"], 1);
  EXPECT_EQ(doc["warnings"], 1);
}

TEST_F(DiagnosticsSchema, SeveralFilesMakeOneDocument) {
  auto first = driver::Validate(
      load::Source::Text("a.yaml", "tosca_definitions_version: tosca_simple_yaml_1_3\nx: 1\n"), {});
  auto second = driver::Validate(load::Source::Text("b.yaml", "- not a map\n"), {});
  std::vector<diag::Diagnostic> a = first->program.diags.Sorted();
  std::vector<diag::Diagnostic> b = second->program.diags.Sorted();
  json doc = json::parse(diag::RenderJson(
      std::vector<diag::JsonRun>{{&a, &first->program.sources}, {&b, &second->program.sources}}));
  EXPECT_EQ(Problems(doc), "");
  ASSERT_EQ(doc["diagnostics"].size(), 2u);
  EXPECT_EQ(doc["diagnostics"][0]["file"], "a.yaml");
  EXPECT_EQ(doc["diagnostics"][1]["file"], "b.yaml");
  EXPECT_EQ(doc["errors"], 2);
}

TEST_F(DiagnosticsSchema, AnEmptyRunValidates) {
  diag::SourceManager sources;
  json doc = json::parse(diag::RenderJson({}, sources));
  EXPECT_EQ(Problems(doc), "");
}

// Each mutation of a valid document must be refused.
TEST_F(DiagnosticsSchema, RejectsWhatToscacNeverPrints) {
  const json valid = json::parse(R"({
    "version": 1,
    "diagnostics": [{"code": "S102", "severity": "error", "file": "a.yaml", "line": 6,
                     "column": 7, "end_column": 16, "message": "unknown keyname 'x'",
                     "notes": [{"file": "a.yaml", "line": 6, "column": 7, "message": "m"}]}],
    "errors": 1, "warnings": 0})");
  ASSERT_EQ(Problems(valid), "");
  struct Mutation {
    const char* what;
    json::json_pointer at;
    json value;  // null: remove the member
  };
  const std::vector<Mutation> mutations = {
      {"another version", json::json_pointer("/version"), 2},
      {"no diagnostics", json::json_pointer("/diagnostics"), nullptr},
      {"negative count", json::json_pointer("/errors"), -1},
      {"unknown member", json::json_pointer("/extra"), true},
      {"lower-case code", json::json_pointer("/diagnostics/0/code"), "s102"},
      {"code without digits", json::json_pointer("/diagnostics/0/code"), "S10"},
      {"severity note", json::json_pointer("/diagnostics/0/severity"), "note"},
      {"line as string", json::json_pointer("/diagnostics/0/line"), "6"},
      {"negative column", json::json_pointer("/diagnostics/0/column"), -1},
      {"no end_column", json::json_pointer("/diagnostics/0/end_column"), nullptr},
      {"empty message", json::json_pointer("/diagnostics/0/message"), ""},
      {"notes not a list", json::json_pointer("/diagnostics/0/notes"), "none"},
      {"note without file", json::json_pointer("/diagnostics/0/notes/0/file"), nullptr},
      {"note with severity", json::json_pointer("/diagnostics/0/notes/0/severity"), "note"},
  };
  for (const Mutation& m : mutations) {
    SCOPED_TRACE(m.what);
    json doc = valid;
    if (m.value.is_null()) {
      doc[m.at.parent_pointer()].erase(m.at.back());
    } else {
      doc[m.at] = m.value;
    }
    EXPECT_NE(Problems(doc), "");
  }
}

}  // namespace
}  // namespace toscac
