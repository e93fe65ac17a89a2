// toscac-agent: plays the part of one or more nodes of a compiled deployment.
//   toscac-agent --store sqlite:app.db --dir out/ --node db
// Glue only: flags, loading and checking manifests, signals; the work is in Agent.
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <thread>

#include "core/agent.h"
#include "core/files.h"
#include "core/keys.h"
#include "core/secrets.h"
#include "store/store.h"

namespace {
std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop = true; }

std::chrono::milliseconds Ms(double seconds) {
  return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
}
}  // namespace

// The nodes whose Compute node is placed on `host`: by --place COMPUTE=HOST, else a Compute
// node runs on the host of its own name. Every manifest is read to know; they go to `loaded`.
std::optional<std::vector<std::string>> NodesOnHost(
    const toscac::agent::Index& index, const std::string& dir, const std::string& host,
    const std::vector<std::string>& places, std::map<std::string, toscac::agent::Manifest>& loaded,
    std::string& error) {
  std::map<std::string, std::string> placement;
  for (const std::string& p : places) {
    auto eq = p.find('=');
    if (eq == std::string::npos) {
      error = "--place wants COMPUTE=HOST, got '" + p + "'";
      return std::nullopt;
    }
    placement[p.substr(0, eq)] = p.substr(eq + 1);
  }
  std::vector<std::string> paths;
  for (const auto& entry : index.manifests) paths.push_back(dir + "/" + entry.second);
  auto manifests = toscac::agent::LoadManifests(paths, error);
  if (!manifests) return std::nullopt;
  std::vector<std::string> nodes;
  size_t i = 0;
  for (const auto& entry : index.manifests) {
    toscac::agent::Manifest& m = (*manifests)[i++];
    std::string compute = m.compute.value_or(entry.first);
    auto it = placement.find(compute);
    if ((it == placement.end() ? compute : it->second) == host) nodes.push_back(entry.first);
    loaded.emplace(entry.first, std::move(m));
  }
  return nodes;
}

int main(int argc, char** argv) {
  using namespace toscac::agent;
  CLI::App app{"toscac-agent: plays a node's part of a deployment compiled by toscac",
               "toscac-agent"};
  app.set_version_flag("--version", std::string("toscac-agent ") + TOSCAC_VERSION);
  std::string store_url = "sqlite:toscac.db", dir, deployment, host;
  std::vector<std::string> nodes, places;
  bool all = false;
  double heal = 10, retry_base = 1, lease_ttl = 10;
  AgentOptions options;
  app.add_option("--store", store_url, "the state store: sqlite:PATH (default sqlite:toscac.db)");
  app.add_option("--dir", dir, "the compiled deployment: index.json, manifests/, artifacts/");
  app.add_option("--deployment", deployment,
                 "fetch this deployment's files from the store (published by toscac deploy) "
                 "into --dir (default .toscac-agent/<deployment>)");
  app.add_option("--host", host,
                 "play every node placed on this host: whose HostedOn chain ends at the Compute "
                 "node of that name, or one mapped to it with --place");
  app.add_option("--place", places, "COMPUTE=HOST: the Compute node COMPUTE runs on HOST");
  app.add_option("--node", nodes, "a node to play (repeatable)");
  app.add_flag("--all", all, "play every node of the deployment");
  app.add_option("--heal-interval", heal, "seconds between re-checks of a started node");
  app.add_option("--retry-base", retry_base, "seconds before the first retry of a failed step");
  app.add_option("--lease-ttl", lease_ttl, "seconds the agent's liveness lease lasts");
  app.add_option("--address", options.address, "the address a Compute node publishes");
  app.add_option("--log-dir", options.log_dir, "where step output goes (default DIR/logs)");
  app.add_flag("--require-deployment", options.require_desired,
               "stop at once if the store has no 'desired' key for the deployment (it was "
               "removed); toscac up and down start agents this way");
  std::string secrets_path;
  app.add_option("--secrets", secrets_path,
                 "a JSON file of secret input name to value, mode 600: the only way secrets "
                 "reach the agent (docs/security.md)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (dir.empty() && deployment.empty()) {
    std::cerr << "toscac-agent: give --dir, or --deployment to fetch it from the store\n";
    return 2;
  }
  if (dir.empty()) dir = ".toscac-agent/" + EncodeKeyPart(deployment);
  // Opened once: for --deployment's fetch first, if any, then for the agent.
  std::unique_ptr<store::Store> store;
  if (!deployment.empty()) {
    try {
      store = store::OpenStore(store_url);
    } catch (const store::StoreError& e) {
      std::cerr << "toscac-agent: " << e.what() << "\n";
      return 1;
    }
    // Once the store has answered, an error is the store away for a moment (a member
    // restarting, an election): wait for it, as the agent does once running.
    auto pause = std::chrono::milliseconds(50);
    for (int attempt = 1;; ++attempt) {
      try {
        std::string fetch_error;
        if (!FetchFiles(*store, deployment, dir, fetch_error)) {
          std::cerr << "toscac-agent: " << fetch_error << "\n";
          return 1;
        }
        break;
      } catch (const store::StoreError& e) {
        if (attempt == 1 || attempt % 20 == 0) {
          std::cerr << "toscac-agent: store error, retrying: " << e.what() << "\n";
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(5000));
      }
    }
  }
  // Steps run in the deployment directory: every path handed to them must be absolute.
  dir = std::filesystem::absolute(dir).string();
  options.deployment_dir = dir;
  if (options.log_dir.empty()) options.log_dir = dir + "/logs";
  options.log_dir = std::filesystem::absolute(options.log_dir).string();
  options.heal_interval = Ms(heal);
  options.retry_base = Ms(retry_base);
  options.lease_ttl = std::chrono::seconds(std::max<int64_t>(1, static_cast<int64_t>(lease_ttl)));
  char hostname[256] = {0};
  if (gethostname(hostname, sizeof hostname - 1) == 0) options.host = hostname;

  std::string error;
  if (!secrets_path.empty()) {
    auto secrets = LoadSecrets(secrets_path, error);
    if (!secrets) {
      std::cerr << "toscac-agent: " << error << "\n";
      return 1;
    }
    options.secrets = std::move(*secrets);
  }
  auto index = LoadIndex(dir + "/index.json", error);
  if (!index) {
    std::cerr << "toscac-agent: " << error << "\n";
    return 1;
  }
  if (all) nodes = index->nodes;
  std::map<std::string, Manifest> loaded;
  if (!host.empty()) {
    auto placed = NodesOnHost(*index, dir, host, places, loaded, error);
    if (!placed) {
      std::cerr << "toscac-agent: " << error << "\n";
      return 1;
    }
    nodes.insert(nodes.end(), placed->begin(), placed->end());
    options.host = host;
  }
  if (nodes.empty() && !host.empty()) {
    // A host the deployment places nothing on: nothing to play, and nothing wrong.
    std::cerr << "toscac-agent: no node of deployment '" << index->deployment
              << "' is placed on host '" << host << "'\n";
    return 0;
  }
  if (nodes.empty()) {
    std::cerr << "toscac-agent: name the nodes to play with --node, --host or --all\n";
    return 2;
  }
  {
    // A node named twice (--all with --node, --host with --node) is played once.
    std::set<std::string> seen;
    std::vector<std::string> once;
    for (std::string& node : nodes) {
      if (seen.insert(node).second) once.push_back(std::move(node));
    }
    nodes = std::move(once);
  }
  std::vector<std::string> paths;
  for (const std::string& node : nodes) {
    auto it = index->manifests.find(node);
    if (it == index->manifests.end()) {
      std::cerr << "toscac-agent: no node '" << node << "' in deployment '" << index->deployment
                << "'\n";
      return 1;
    }
    if (loaded.count(node) == 0) paths.push_back(dir + "/" + it->second);
  }
  auto read = LoadManifests(paths, error);
  if (!read) {
    std::cerr << "toscac-agent: " << error;
    return 1;
  }
  std::vector<Manifest> manifests;
  size_t next_read = 0;
  for (const std::string& node : nodes) {
    auto it = loaded.find(node);
    Manifest m = it != loaded.end() ? std::move(it->second) : std::move((*read)[next_read++]);
    std::string problems = VerifyArtifacts(m, dir) + MissingSecrets(m, options.secrets);
    if (!problems.empty()) {
      std::cerr << "toscac-agent: node '" << node << "' refused:\n" << problems;
      if (secrets_path.empty() && problems.find("needs secret") != std::string::npos) {
        std::cerr << "toscac-agent: give the secrets with --secrets FILE\n";
      }
      return 1;
    }
    manifests.push_back(std::move(m));
  }
  signal(SIGTERM, OnSignal);
  signal(SIGINT, OnSignal);
  signal(SIGPIPE, SIG_IGN);
  try {
    if (!store) store = store::OpenStore(store_url);
    Log log([](const std::string& line) { std::cerr << line << std::endl; });
    Context context(*store, index->deployment, options, log);
    Agent agent(context, std::move(manifests));
    return agent.Run(g_stop);
  } catch (const store::StoreError& e) {
    std::cerr << "toscac-agent: " << e.what() << "\n";
    return 1;
  }
}
