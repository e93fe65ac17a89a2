#include "cli/set_command.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/deploy_command.h"
#include "core/keys.h"
#include "core/manifest.h"
#include "core/status.h"
#include "emit/write.h"
#include "store/store.h"

namespace toscac::cli {

namespace {
using agent::Json;
namespace fs = std::filesystem;

// A file of the compiled deployment: published in the store (toscac deploy), else in the
// directory `toscac up` recorded.
std::optional<Json> ReadDeploymentJson(agent::store::Store& store, const std::string& name,
                                       const Json& record, const std::string& path) {
  std::string text;
  if (auto kv = store.Get(agent::DeploymentPrefix(name) + "files/" + agent::EncodeKeyPart(path))) {
    text = kv->value;
  } else if (record.is_object() && record["dir"].is_string()) {
    std::ifstream in(fs::path(record["dir"].get<std::string>()) / path, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    text = buf.str();
  }
  Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded()) return std::nullopt;
  return doc;
}

// The instances of `node` among the deployment's nodes: itself, or node[0], node[1], ...
std::vector<std::string> Instances(const agent::DeploymentStatus& d, const std::string& node) {
  if (d.Find(node) != nullptr) return {node};
  std::vector<std::string> out;
  while (d.Find(node + "[" + std::to_string(out.size()) + "]") != nullptr) {
    out.push_back(node + "[" + std::to_string(out.size()) + "]");
  }
  return out;
}

// "name=value": the value read as JSON when it is JSON (8080, true, "x", [1]), else as text.
bool ParsePair(const std::string& pair, std::string& name, Json& value) {
  auto eq = pair.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  name = pair.substr(0, eq);
  std::string text = pair.substr(eq + 1);
  value = Json::parse(text, nullptr, false);
  if (value.is_discarded()) value = text;
  return true;
}

// The new value must be of the same JSON kind as the compiled one (a string stays a string).
bool SameKind(const Json& was, const Json& now) {
  if (was.is_number() && now.is_number()) return true;
  return was.type() == now.type();
}

// Adds the properties to the template's settings and bumps the generation; compare-and-swap,
// so two `set`s at once both land. Returns the new generation.
int64_t Publish(agent::store::Store& store, const std::string& key, const Json& properties) {
  while (true) {
    auto kv = store.Get(key);
    Json settings = kv ? Json::parse(kv->value, nullptr, false) : Json();
    if (!settings.is_object() || !settings["properties"].is_object()) {
      settings = {{"generation", 0}, {"properties", Json::object()}};
    }
    for (const auto& [k, v] : properties.items()) settings["properties"][k] = v;
    int64_t generation = settings["generation"].get<int64_t>() + 1;
    settings["generation"] = generation;
    if (store.CompareAndSwap(key, kv ? kv->mod_revision : 0, settings.dump())) return generation;
  }
}

int64_t AppliedGeneration(agent::store::Store& store, const std::string& name,
                          const std::string& node) {
  auto kv = store.Get(agent::NodeKey(name, node, "generation"));
  Json j = kv ? Json::parse(kv->value, nullptr, false) : Json();
  return j.is_object() && j["generation"].is_number_integer() ? j["generation"].get<int64_t>() : 0;
}

// Follows the roll: one line per instance as it comes back started with the new settings.
int Wait(agent::store::Store& store, const std::string& name,
         const std::vector<std::string>& instances, int64_t generation, double timeout) {
  auto start = std::chrono::steady_clock::now();
  std::set<std::string> done;
  while (done.size() < instances.size()) {
    auto d = agent::ReadDeployment(store, name);
    for (const std::string& node : instances) {
      const agent::NodeStatus* n = d ? d->Find(node) : nullptr;
      if (n != nullptr && n->state == "failed") {
        std::cerr << "toscac: " << node << " failed applying the change; the roll stops there\n";
        return 1;
      }
      if (done.count(node) || n == nullptr || n->state != "started") continue;
      if (AppliedGeneration(store, name, node) < generation) continue;
      done.insert(node);
      std::cout << node << ": updated (" << done.size() << "/" << instances.size() << ")\n";
    }
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (timeout > 0 && elapsed > timeout && done.size() < instances.size()) {
      std::cerr << "toscac: timed out after " << timeout << " s\n";
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return 0;
}

int Set(const SetFlags& flags) {
  auto store = agent::store::OpenStore(StoreUrl(flags.store));
  auto name = PickDeployment(*store, flags.name);
  if (!name) return 1;
  auto d = agent::ReadDeployment(*store, *name);
  std::vector<std::string> instances = d ? Instances(*d, flags.node) : std::vector<std::string>{};
  if (instances.empty()) {
    std::cerr << "toscac: deployment '" << *name << "' has no node '" << flags.node << "'\n";
    return 1;
  }
  auto manifest = ReadDeploymentJson(*store, *name, d->record, emit::ManifestPath(instances[0]));
  if (!manifest || !(*manifest)["properties"].is_object()) {
    std::cerr << "toscac: cannot read the manifest of '" << instances[0] << "'\n";
    return 1;
  }
  const Json& properties = (*manifest)["properties"];
  Json changes = Json::object();
  for (const std::string& pair : flags.pairs) {
    std::string property;
    Json value;
    if (!ParsePair(pair, property, value)) {
      std::cerr << "toscac: expected PROPERTY=VALUE, got '" << pair << "'\n";
      return kExitUsage;
    }
    if (!properties.contains(property)) {
      std::cerr << "toscac: node '" << flags.node << "' has no property '" << property << "'\n";
      return 1;
    }
    const Json& compiled = properties[property];
    if (compiled.is_object() && compiled.size() == 1 && compiled.contains("get_secret")) {
      std::cerr << "toscac: property '" << property
                << "' is a secret, and the store never holds secrets: change it in the agents' "
                   "secrets file and restart them (docs/security.md)\n";
      return 1;
    }
    if (!SameKind(properties[property], value)) {
      std::cerr << "toscac: property '" << property << "' holds " << properties[property].dump()
                << ", not a value like " << value.dump() << "\n";
      return 1;
    }
    changes[property] = value;
  }
  int64_t generation = Publish(*store, agent::SettingsKey(*name, flags.node), changes);
  std::cout << flags.node << ": settings " << generation << " " << changes.dump() << "; "
            << (instances.size() > 1 ? "rolling through " + std::to_string(instances.size()) +
                                           " instances, one at a time"
                                     : std::string("applying"))
            << "\n";
  if (!flags.wait) return 0;
  return Wait(*store, *name, instances, generation, flags.timeout);
}
}  // namespace

std::unique_ptr<SetFlags> AddSet(CLI::App& app) {
  auto flags = std::make_unique<SetFlags>();
  flags->cmd = app.add_subcommand(
      "set", "Change properties of a deployed node; its instances apply it one at a time");
  flags->cmd->add_option("node", flags->node, "The node template")->required();
  flags->cmd->add_option("values", flags->pairs, "PROPERTY=VALUE (the value read as JSON if it is)")
      ->required();
  flags->cmd->add_option("--store", flags->store,
                         "The state store: a SQLite file (default ./toscac.db) or etcd://...");
  flags->cmd->add_option("--name", flags->name, "The deployment (when the store has several)");
  flags->cmd->add_flag("--wait", flags->wait, "Follow the roll until every instance has it");
  flags->cmd->add_option("--timeout", flags->timeout, "With --wait: give up after S seconds");
  return flags;
}

int RunSet(const SetFlags& flags) {
  try {
    return Set(flags);
  } catch (const agent::store::StoreError& e) {
    std::cerr << "toscac: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace toscac::cli
