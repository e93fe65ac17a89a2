#pragma once
// What the emit tests share: compiling a template through the library (as `toscac compile`
// does) into a fresh temporary directory, reading JSON back, and the manifest schemas.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
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
#include "emit/manifest.h"
#include "emit/write.h"
#include "eval/eval.h"
#include "read_file.h"

namespace toscac::testing {

using test::ReadFile;

namespace fs = std::filesystem;

inline const fs::path kSourceDir = TOSCAC_SOURCE_DIR;

// A directory removed when the test ends.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "toscac-emit-XXXXXX").string();
    path_ = mkdtemp(pattern.data()) != nullptr ? fs::path(pattern) : fs::path();
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct Compiled {
  std::unique_ptr<driver::Result> result;
  emit::Deployment deployment;
  std::string diagnostics;  // as `toscac compile --color=never --no-caret` shows them
  bool errors = true;
};

inline std::string Rendered(const load::Program& program) {
  return diag::RenderText(program.diags.Sorted(), program.sources, diag::TextOptions{false, false});
}

// Validates, reads the inputs, and builds the deployment; `errors` when any phase failed.
inline Compiled Compile(const fs::path& file, const std::vector<std::string>& inputs = {}) {
  Compiled c;
  c.result = driver::Validate(load::Source::File(file.string()), {});
  load::Program& program = c.result->program;
  if (program.diags.HasErrors() || c.result->model == nullptr) {
    c.diagnostics = Rendered(program);
    return c;
  }
  eval::InputValues values;
  if (eval::ReadInputs(*c.result->model, {}, inputs, values)) {
    eval::Evaluator ev(*c.result->model, values);
    emit::Options options;
    options.deployment = emit::DefaultDeploymentName(program);
    c.deployment = emit::BuildDeployment(*c.result->model, ev, options);
  }
  c.errors = program.diags.HasErrors();
  c.diagnostics = Rendered(program);
  return c;
}

inline nlohmann::json ReadJson(const fs::path& path) {
  return nlohmann::json::parse(ReadFile(path));
}

// The schemas of schemas/: manifest, index and ir (which refers to the other two).
class ManifestSchemas {
 public:
  ManifestSchemas() {
    Load("manifest.schema.json", manifest_);
    Load("index.schema.json", index_);
    Load("ir.schema.json", ir_);
  }
  // The complaints about `doc`, one per line; "" when it is valid.
  std::string Manifest(const nlohmann::json& doc) const { return Problems(manifest_, doc); }
  std::string Index(const nlohmann::json& doc) const { return Problems(index_, doc); }
  std::string Ir(const nlohmann::json& doc) const { return Problems(ir_, doc); }

 private:
  static void Load(const std::string& name, valijson::Schema& schema) {
    nlohmann::json doc = ReadJson(kSourceDir / "schemas" / name);
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    // ir.schema.json refers to its siblings by file name.
    auto fetch = [](const std::string& uri) -> const nlohmann::json* {
      return new nlohmann::json(ReadJson(kSourceDir / "schemas" / fs::path(uri).filename()));
    };
    auto free = [](const nlohmann::json* fetched) { delete fetched; };
    parser.populateSchema(adapter, schema, fetch, free);
  }

  static std::string Problems(const valijson::Schema& schema, const nlohmann::json& doc) {
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(doc);
    if (validator.validate(schema, target, &results)) return "";
    std::string out;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
      for (const std::string& part : error.context) out += part;
      out += ": " + error.description + "\n";
    }
    return out.empty() ? "invalid\n" : out;
  }

  valijson::Schema manifest_, index_, ir_;
};

// Every document a manifest directory holds, validated; "" when all are valid.
inline std::string ValidateTree(const ManifestSchemas& schemas, const fs::path& out) {
  std::string problems;
  nlohmann::json index = ReadJson(out / "index.json");
  std::string p = schemas.Index(index);
  if (!p.empty()) problems += "index.json: " + p;
  for (const auto& [node, file] : index["manifests"].items()) {
    p = schemas.Manifest(ReadJson(out / file.get<std::string>()));
    if (!p.empty()) problems += file.get<std::string>() + ": " + p;
  }
  return problems;
}

}  // namespace toscac::testing
