// A node's manifest as the agent uses it: read from the JSON the compiler wrote, after the
// document passed schemas/manifest.schema.json (embedded in the binary). The agent never
// reads TOSCA; this is its whole view of a node.
//
//   std::string error;
//   auto manifest = LoadManifest("out/manifests/db.json", error);   // nullopt + error
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace toscac::agent {

using Json = nlohmann::ordered_json;

struct Action {
  std::string run;  // relative to the deployment directory; empty: nothing to run
  std::vector<std::string> dependencies;
  Json env = Json::object();  // input name -> value, possibly holding run-time references
  int timeout_s = 300;
  int retries = 3;
  bool missing = false;
  // Inputs that are the node's own properties: input name -> property. `toscac set` changes
  // the property; the step then gets the new value.
  std::map<std::string, std::string> env_properties;
};

struct Wait {
  std::string node;
  std::string state;   // started | stopped | deleted
  std::string before;  // create | configure | stop
};

// One lifecycle step or relationship operation.
struct Operation {
  std::string name;           // create, configure, ..., or the relationship operation's name
  std::string interface;      // Standard, Configure, ...
  std::optional<Action> run;  // "do"
  std::optional<Action> check;
  Json outputs = Json::object();  // output name -> [entity, attribute]
  // Relationship operations only:
  std::string requirement, peer, when;
  bool source_side = true;
};

struct Artifact {
  std::string path;  // as named in the manifest: artifacts/...
  std::optional<std::string> sha256;
};

// One of several instances of a node template: "web[1]" is {"web", 1, 3}.
struct Instance {
  std::string of;
  int index = 0;
  int count = 1;
};

struct Manifest {
  std::string deployment, node, type;
  std::optional<Instance> instance;
  std::vector<std::string> type_chain;
  std::optional<std::string> host, compute;
  Json properties = Json::object();
  Json attributes = Json::object();
  std::vector<Wait> wait_for, teardown_wait_for;
  std::vector<Operation> steps;     // create, configure, start
  std::vector<Operation> teardown;  // stop, delete
  std::vector<Operation> relationship_operations;
  std::vector<Operation> operations;
  std::vector<Artifact> artifacts;

  bool IsA(const std::string& type_name) const;
  // The node template: `instance->of` for an instance, else the node.
  const std::string& Template() const { return instance ? instance->of : node; }
};

std::optional<Manifest> LoadManifest(const std::string& path, std::string& error);
// Loads several, in parallel on up to one thread per core (checking a manifest against the
// schema is most of an agent's start); the manifests come back in the order of the paths.
// On failure the error is the first one in that order, as loading them one by one would say.
std::optional<std::vector<Manifest>> LoadManifests(const std::vector<std::string>& paths,
                                                   std::string& error);
// Parses a document already in memory (tests); `origin` names it in errors.
std::optional<Manifest> ParseManifest(const Json& doc, const std::string& origin,
                                      std::string& error);

// The deployment's index.json: the nodes and where their manifests are.
struct Index {
  std::string deployment;
  std::string content_hash;
  std::vector<std::string> nodes;
  std::map<std::string, std::string> manifests;  // node -> path relative to the index
  std::vector<std::vector<std::string>> waves;
};
std::optional<Index> LoadIndex(const std::string& path, std::string& error);

}  // namespace toscac::agent
