#include "core/manifest.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>
#include <system_error>
#include <thread>

#include "core/manifest_schema.h"

namespace toscac::agent {

namespace {

std::optional<Json> ReadJsonFile(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read '" + path + "'";
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  Json doc = Json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    error = "'" + path + "' is not JSON";
    return std::nullopt;
  }
  return doc;
}

std::optional<std::string> OptionalString(const Json& j) {
  if (j.is_string()) return j.get<std::string>();
  return std::nullopt;
}

std::optional<Action> ReadAction(const Json& j) {
  if (!j.is_object()) return std::nullopt;
  Action a;
  if (j["run"].is_string()) a.run = j["run"].get<std::string>();
  for (const Json& d : j["dependencies"]) a.dependencies.push_back(d.get<std::string>());
  a.env = j["env"];
  a.timeout_s = j["timeout_s"].get<int>();
  a.retries = j["retries"].get<int>();
  a.missing = j.value("missing", false);
  if (j.contains("env_properties")) {
    for (const auto& [name, property] : j["env_properties"].items()) {
      a.env_properties[name] = property.get<std::string>();
    }
  }
  return a;
}

Operation ReadStep(const Json& j) {
  Operation op;
  op.name = j["name"].get<std::string>();
  op.interface = j["interface"].get<std::string>();
  op.run = ReadAction(j["do"]);
  op.check = ReadAction(j["check"]);
  op.outputs = j["outputs"];
  return op;
}

std::vector<Wait> ReadWaits(const Json& j) {
  std::vector<Wait> waits;
  for (const Json& w : j) {
    waits.push_back({w["node"].get<std::string>(), w["state"].get<std::string>(),
                     w["before"].get<std::string>()});
  }
  return waits;
}

void ReadOperations(const Json& doc, Manifest& m) {
  for (const Json& j : doc["relationship_operations"]) {
    Operation op;
    op.name = j["operation"].get<std::string>();
    op.interface = j["interface"].get<std::string>();
    op.requirement = j["requirement"].get<std::string>();
    op.peer = j["peer"].get<std::string>();
    op.when = j["when"].get<std::string>();
    op.run = ReadAction(j["do"]);
    op.check = ReadAction(j["check"]);
    op.outputs = j["outputs"];
    // Target-side operations are the ones TOSCA runs on the target of the relationship.
    static const char* kTargetSide[] = {"pre_configure_target", "post_configure_target",
                                        "add_source", "remove_source"};
    op.source_side = std::none_of(std::begin(kTargetSide), std::end(kTargetSide),
                                  [&](const char* n) { return op.name == n; });
    m.relationship_operations.push_back(std::move(op));
  }
  for (const Json& j : doc["operations"]) {
    Operation op;
    op.name = j["operation"].get<std::string>();
    op.interface = j["interface"].get<std::string>();
    op.run = ReadAction(j["do"]);
    op.outputs = j["outputs"];
    m.operations.push_back(std::move(op));
  }
}

bool IsNameList(const Json& j) {
  return j.is_array() &&
         std::all_of(j.begin(), j.end(), [](const Json& n) { return n.is_string(); });
}

// The shape LoadIndex reads, checked before it reads it: an index may come from a store other
// hosts write to, and nlohmann's const operator[] on a missing key (undefined behaviour) or
// get<>() of another type (an exception) would crash the agent (found by fuzz/fuzz_index.cc).
bool IsIndex(const Json& j) {
  if (!j.is_object() || !j.contains("index_version") || j["index_version"] != 1) return false;
  if (!j.contains("deployment") || !j["deployment"].is_string()) return false;
  if (!j.contains("nodes") || !j["nodes"].is_array()) return false;
  if (!j.contains("manifests") || !j["manifests"].is_object()) return false;
  if (j.contains("content_hash") && !j["content_hash"].is_string()) return false;
  if (!j.contains("waves")) return true;
  const Json& waves = j["waves"];
  return waves.is_array() && std::all_of(waves.begin(), waves.end(), IsNameList);
}

}  // namespace

bool Manifest::IsA(const std::string& type_name) const {
  return std::find(type_chain.begin(), type_chain.end(), type_name) != type_chain.end();
}

std::optional<Manifest> ParseManifest(const Json& doc, const std::string& origin,
                                      std::string& error) {
  std::string problems = ValidateManifestSchema(doc);
  if (!problems.empty()) {
    error = "'" + origin + "' is not a valid manifest (schemas/manifest.schema.json):\n" + problems;
    return std::nullopt;
  }
  Manifest m;
  m.deployment = doc["deployment"].get<std::string>();
  m.node = doc["node"].get<std::string>();
  m.type = doc["type"].get<std::string>();
  if (doc.contains("instance")) {
    const Json& i = doc["instance"];
    m.instance = Instance{i["of"].get<std::string>(), i["index"].get<int>(), i["count"].get<int>()};
  }
  for (const Json& t : doc["type_chain"]) m.type_chain.push_back(t.get<std::string>());
  m.host = OptionalString(doc["host"]);
  m.compute = OptionalString(doc["compute"]);
  m.properties = doc["properties"];
  m.attributes = doc["attributes"];
  m.wait_for = ReadWaits(doc["wait_for"]);
  m.teardown_wait_for = ReadWaits(doc["teardown_wait_for"]);
  for (const Json& s : doc["steps"]) m.steps.push_back(ReadStep(s));
  for (const Json& s : doc["teardown"]) m.teardown.push_back(ReadStep(s));
  ReadOperations(doc, m);
  for (const Json& a : doc["artifacts"]) {
    m.artifacts.push_back({a["path"].get<std::string>(), OptionalString(a["sha256"])});
  }
  return m;
}

std::optional<Manifest> LoadManifest(const std::string& path, std::string& error) {
  auto doc = ReadJsonFile(path, error);
  if (!doc) return std::nullopt;
  return ParseManifest(*doc, path, error);
}

std::optional<std::vector<Manifest>> LoadManifests(const std::vector<std::string>& paths,
                                                   std::string& error) {
  // A thread for fewer than this many would cost more than it saves.
  constexpr size_t kPerThread = 8;
  std::vector<std::optional<Manifest>> loaded(paths.size());
  std::vector<std::string> errors(paths.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < paths.size();) {
      loaded[i] = LoadManifest(paths[i], errors[i]);
    }
  };
  size_t cores = std::max(1u, std::thread::hardware_concurrency());
  size_t helpers = std::min(cores, paths.size() / kPerThread + 1) - 1;
  std::vector<std::thread> threads;
  try {
    for (size_t t = 0; t < helpers; ++t) threads.emplace_back(work);
  } catch (const std::system_error&) {
    // No thread to be had: the ones started and this one do it all.
  }
  work();
  for (std::thread& t : threads) t.join();
  std::vector<Manifest> manifests;
  manifests.reserve(paths.size());
  for (size_t i = 0; i < paths.size(); ++i) {
    if (!loaded[i]) {
      error = errors[i];
      return std::nullopt;
    }
    manifests.push_back(std::move(*loaded[i]));
  }
  return manifests;
}

std::optional<Index> LoadIndex(const std::string& path, std::string& error) {
  auto doc = ReadJsonFile(path, error);
  if (!doc) return std::nullopt;
  const Json& j = *doc;
  if (!IsIndex(j)) {
    error = "'" + path + "' is not a deployment index (index_version 1)";
    return std::nullopt;
  }
  Index index;
  index.deployment = j["deployment"].get<std::string>();
  index.content_hash = j.value("content_hash", "");
  for (const Json& n : j["nodes"]) {
    if (!n.is_string()) continue;
    index.nodes.push_back(n.get<std::string>());
  }
  for (const auto& [node, file] : j["manifests"].items()) {
    if (file.is_string()) index.manifests[node] = file.get<std::string>();
  }
  if (j.contains("waves")) {
    for (const Json& wave : j["waves"]) {
      std::vector<std::string> names;
      for (const Json& n : wave) names.push_back(n.get<std::string>());
      index.waves.push_back(std::move(names));
    }
  }
  return index;
}

}  // namespace toscac::agent
