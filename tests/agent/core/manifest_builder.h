// A test-only builder of node manifests: schema-valid JSON (schemas/manifest.schema.json) with
// only the parts a test cares about spelled out. Every step starts with no `do` and no `check`
// (done as soon as reached); edges add the waits the compiler would add (docs/manifest-format.md,
// "Ordering").
//
//   ManifestBuilder web("shop", "web"), server("shop", "server");
//   web.Step("create", ScriptAction("artifacts/do.sh", {{"JOURNAL", journal}}));
//   Relate(web, "host", server, "HostedOn");   // web waits for server; server for web's teardown
//   Manifest m = web.Parse();                  // throws when not schema-valid
#pragma once

#include <string>
#include <vector>

#include "core/manifest.h"

namespace toscac::agent::testing {

// An action ("do" or "check") that runs a file of the deployment directory.
Json ScriptAction(const std::string& run, Json env = Json::object(), int retries = 0,
                  int timeout_s = 30);

class ManifestBuilder {
 public:
  ManifestBuilder(const std::string& deployment, const std::string& node);

  const std::string& node() const { return node_; }

  // The node's type goes in front of the type chain (SoftwareComponent, Root by default).
  ManifestBuilder& Type(const std::string& type);
  ManifestBuilder& Attribute(const std::string& name, Json value);
  ManifestBuilder& Property(const std::string& name, Json value);
  // Makes it instance `index` of `count` of template `of` (the node should be "of[index]").
  ManifestBuilder& Instance(const std::string& of, int index, int count);
  // A resolved requirement, with its wait: before create for HostedOn, DependsOn, AttachesTo
  // and Other; before configure for ConnectsTo and RoutesTo. HostedOn also sets host.
  ManifestBuilder& Requirement(const std::string& name, const std::string& target,
                               const std::string& family);
  ManifestBuilder& TeardownWaitFor(const std::string& node, const std::string& state);
  // One of create, configure, start, stop, delete; `outputs` maps output names to
  // [entity, attribute].
  ManifestBuilder& Step(const std::string& name, Json do_action, Json check = nullptr,
                        Json outputs = Json::object());
  ManifestBuilder& RelationshipOperation(const std::string& requirement, const std::string& peer,
                                         const std::string& operation, const std::string& when,
                                         Json do_action, Json check = nullptr,
                                         Json outputs = Json::object());
  ManifestBuilder& Operation(const std::string& interface, const std::string& operation,
                             Json do_action, Json outputs = Json::object());

  Json Build() const { return doc_; }
  // Through ParseManifest, as the agent reads a manifest file; throws std::invalid_argument
  // with the schema's complaints when the document is not a valid manifest.
  Manifest Parse() const;

 private:
  Json& StepJson(const std::string& name);

  std::string node_;
  Json doc_;
};

// An edge from `source` to `target` of the family: the source's requirement and wait, the
// target's teardown wait (deleted for HostedOn-like families, stopped for ConnectsTo-like).
void Relate(ManifestBuilder& source, const std::string& requirement, ManifestBuilder& target,
            const std::string& family);

// Every manifest, parsed.
std::vector<Manifest> ParseAll(const std::vector<const ManifestBuilder*>& builders);

}  // namespace toscac::agent::testing
