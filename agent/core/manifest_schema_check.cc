#include <mutex>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "core/manifest_schema.h"

namespace toscac::agent {

namespace {
// The parsed schema, built once per process. valijson's adapter reads nlohmann::json.
const valijson::Schema& Schema() {
  static valijson::Schema* schema = [] {
    static const nlohmann::json doc = nlohmann::json::parse(ManifestSchemaText());
    auto* s = new valijson::Schema;
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, *s);
    return s;
  }();
  return *schema;
}
}  // namespace

std::string ValidateManifestSchema(const Json& doc) {
  // valijson's adapter wants a plain nlohmann::json; key order does not matter to it.
  const nlohmann::json plain(doc);
  valijson::Validator validator;
  valijson::adapters::NlohmannJsonAdapter target(plain);
  // Valid, the usual case, is known without collecting errors (valijson then stops at the
  // first constraint that fails and describes none); an invalid document is checked again to
  // say what is wrong.
  if (validator.validate(Schema(), target, nullptr)) return "";
  valijson::ValidationResults results;
  validator.validate(Schema(), target, &results);
  std::string out;
  valijson::ValidationResults::Error error;
  int shown = 0;
  while (results.popError(error) && shown < 5) {
    std::string where;
    for (const std::string& part : error.context) where += part;
    out += where + ": " + error.description + "\n";
    ++shown;
  }
  return out;
}

}  // namespace toscac::agent
