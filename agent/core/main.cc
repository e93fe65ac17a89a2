// toscac-agent: plays the part of one or more nodes of a compiled deployment.
//   toscac-agent --store sqlite:app.db --dir out/ --node db
// Glue only: flags, loading and checking manifests, signals; the work is in Agent.
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <iostream>

#include "core/agent.h"
#include "store/store.h"

namespace {
std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop = true; }

std::chrono::milliseconds Ms(double seconds) {
  return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
}
}  // namespace

int main(int argc, char** argv) {
  using namespace toscac::agent;
  CLI::App app{"toscac-agent: plays a node's part of a deployment compiled by toscac",
               "toscac-agent"};
  app.set_version_flag("--version", std::string("toscac-agent ") + TOSCAC_VERSION);
  std::string store_url = "sqlite:toscac.db", dir;
  std::vector<std::string> nodes;
  bool all = false;
  double heal = 10, retry_base = 1, lease_ttl = 10;
  AgentOptions options;
  app.add_option("--store", store_url, "the state store: sqlite:PATH (default sqlite:toscac.db)");
  app.add_option("--dir", dir, "the compiled deployment: index.json, manifests/, artifacts/")
      ->required();
  app.add_option("--node", nodes, "a node to play (repeatable)");
  app.add_flag("--all", all, "play every node of the deployment");
  app.add_option("--heal-interval", heal, "seconds between re-checks of a started node");
  app.add_option("--retry-base", retry_base, "seconds before the first retry of a failed step");
  app.add_option("--lease-ttl", lease_ttl, "seconds the agent's liveness lease lasts");
  app.add_option("--address", options.address, "the address a Compute node publishes");
  app.add_option("--log-dir", options.log_dir, "where step output goes (default DIR/logs)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  options.deployment_dir = dir;
  if (options.log_dir.empty()) options.log_dir = dir + "/logs";
  options.heal_interval = Ms(heal);
  options.retry_base = Ms(retry_base);
  options.lease_ttl = std::chrono::seconds(std::max<int64_t>(1, static_cast<int64_t>(lease_ttl)));
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) == 0) options.host = host;

  std::string error;
  auto index = LoadIndex(dir + "/index.json", error);
  if (!index) {
    std::cerr << "toscac-agent: " << error << "\n";
    return 1;
  }
  if (all) nodes = index->nodes;
  if (nodes.empty()) {
    std::cerr << "toscac-agent: name the nodes to play with --node, or --all\n";
    return 2;
  }
  std::vector<Manifest> manifests;
  for (const std::string& node : nodes) {
    auto it = index->manifests.find(node);
    if (it == index->manifests.end()) {
      std::cerr << "toscac-agent: no node '" << node << "' in deployment '" << index->deployment
                << "'\n";
      return 1;
    }
    auto m = LoadManifest(dir + "/" + it->second, error);
    if (!m) {
      std::cerr << "toscac-agent: " << error;
      return 1;
    }
    std::string problems = VerifyArtifacts(*m, dir);
    if (!problems.empty()) {
      std::cerr << "toscac-agent: node '" << node << "' refused:\n" << problems;
      return 1;
    }
    manifests.push_back(std::move(*m));
  }
  signal(SIGTERM, OnSignal);
  signal(SIGINT, OnSignal);
  signal(SIGPIPE, SIG_IGN);
  try {
    auto store = store::OpenStore(store_url);
    Log log([](const std::string& line) { std::cerr << line << std::endl; });
    Context context(*store, index->deployment, options, log);
    Agent agent(context, std::move(manifests));
    return agent.Run(g_stop);
  } catch (const store::StoreError& e) {
    std::cerr << "toscac-agent: " << e.what() << "\n";
    return 1;
  }
}
