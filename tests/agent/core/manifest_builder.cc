#include "manifest_builder.h"

#include <stdexcept>

namespace toscac::agent::testing {

namespace {
Json EmptyStep(const std::string& name) {
  return {{"name", name},
          {"interface", "Standard"},
          {"do", nullptr},
          {"check", nullptr},
          {"outputs", Json::object()}};
}

bool WaitsBeforeCreate(const std::string& family) {
  return family != "ConnectsTo" && family != "RoutesTo";
}
}  // namespace

Json ScriptAction(const std::string& run, Json env, int retries, int timeout_s) {
  return {{"run", run},
          {"dependencies", Json::array()},
          {"env", std::move(env)},
          {"timeout_s", timeout_s},
          {"retries", retries}};
}

ManifestBuilder::ManifestBuilder(const std::string& deployment, const std::string& node)
    : node_(node) {
  doc_ = {{"manifest_version", 1},
          {"deployment", deployment},
          {"node", node},
          {"type", "tosca.nodes.SoftwareComponent"},
          {"type_chain", {"tosca.nodes.SoftwareComponent", "tosca.nodes.Root"}},
          {"host", nullptr},
          {"compute", node},
          {"properties", Json::object()},
          {"attributes", {{"state", "initial"}}},
          {"requirements", Json::array()},
          {"wait_for", Json::array()},
          {"steps", {EmptyStep("create"), EmptyStep("configure"), EmptyStep("start")}},
          {"teardown_wait_for", Json::array()},
          {"teardown", {EmptyStep("stop"), EmptyStep("delete")}},
          {"relationship_operations", Json::array()},
          {"operations", Json::array()},
          {"artifacts", Json::array()}};
}

ManifestBuilder& ManifestBuilder::Type(const std::string& type) {
  doc_["type"] = type;
  doc_["type_chain"].insert(doc_["type_chain"].begin(), type);
  return *this;
}

ManifestBuilder& ManifestBuilder::Attribute(const std::string& name, Json value) {
  doc_["attributes"][name] = std::move(value);
  return *this;
}

ManifestBuilder& ManifestBuilder::Property(const std::string& name, Json value) {
  doc_["properties"][name] = std::move(value);
  return *this;
}

ManifestBuilder& ManifestBuilder::Instance(const std::string& of, int index, int count) {
  // The schema's key order does not matter to the agent; "instance" goes last.
  doc_["instance"] = {{"of", of}, {"index", index}, {"count", count}};
  return *this;
}

ManifestBuilder& ManifestBuilder::Requirement(const std::string& name, const std::string& target,
                                              const std::string& family) {
  doc_["requirements"].push_back({{"name", name},
                                  {"target", target},
                                  {"capability", name},
                                  {"relationship", nullptr},
                                  {"relationship_template", nullptr},
                                  {"family", family},
                                  {"properties", Json::object()}});
  doc_["wait_for"].push_back({{"node", target},
                              {"state", "started"},
                              {"before", WaitsBeforeCreate(family) ? "create" : "configure"}});
  if (family == "HostedOn") {
    doc_["host"] = target;
    doc_["compute"] = target;
  }
  return *this;
}

ManifestBuilder& ManifestBuilder::TeardownWaitFor(const std::string& node,
                                                  const std::string& state) {
  doc_["teardown_wait_for"].push_back({{"node", node}, {"state", state}, {"before", "stop"}});
  return *this;
}

Json& ManifestBuilder::StepJson(const std::string& name) {
  for (const char* list : {"steps", "teardown"}) {
    for (Json& step : doc_[list]) {
      if (step["name"] == name) return step;
    }
  }
  throw std::invalid_argument("no lifecycle step '" + name + "'");
}

ManifestBuilder& ManifestBuilder::Step(const std::string& name, Json do_action, Json check,
                                       Json outputs) {
  Json& step = StepJson(name);
  step["do"] = std::move(do_action);
  step["check"] = std::move(check);
  step["outputs"] = std::move(outputs);
  return *this;
}

ManifestBuilder& ManifestBuilder::RelationshipOperation(const std::string& requirement,
                                                        const std::string& peer,
                                                        const std::string& operation,
                                                        const std::string& when, Json do_action,
                                                        Json check, Json outputs) {
  doc_["relationship_operations"].push_back({{"requirement", requirement},
                                             {"peer", peer},
                                             {"relationship", nullptr},
                                             {"interface", "Configure"},
                                             {"operation", operation},
                                             {"when", when},
                                             {"do", std::move(do_action)},
                                             {"check", std::move(check)},
                                             {"outputs", std::move(outputs)}});
  return *this;
}

ManifestBuilder& ManifestBuilder::Operation(const std::string& interface,
                                            const std::string& operation, Json do_action,
                                            Json outputs) {
  doc_["operations"].push_back({{"interface", interface},
                                {"operation", operation},
                                {"do", std::move(do_action)},
                                {"outputs", std::move(outputs)}});
  return *this;
}

Manifest ManifestBuilder::Parse() const {
  std::string error;
  std::optional<Manifest> manifest = ParseManifest(doc_, node_ + ".json", error);
  // A manifest the agent cannot load is a broken test, not a result: gtest reports the throw.
  if (!manifest) throw std::invalid_argument(error);
  return *std::move(manifest);
}

void Relate(ManifestBuilder& source, const std::string& requirement, ManifestBuilder& target,
            const std::string& family) {
  source.Requirement(requirement, target.node(), family);
  target.TeardownWaitFor(source.node(), WaitsBeforeCreate(family) ? "deleted" : "stopped");
}

std::vector<Manifest> ParseAll(const std::vector<const ManifestBuilder*>& builders) {
  std::vector<Manifest> manifests;
  for (const ManifestBuilder* b : builders) manifests.push_back(b->Parse());
  return manifests;
}

}  // namespace toscac::agent::testing
