#include "cli/deploy_command.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <thread>

#include "cli/progress.h"
#include "core/files.h"
#include "core/keys.h"
#include "core/launch.h"
#include "core/manifest.h"
#include "core/secrets.h"
#include "core/status.h"
#include "store/store.h"

namespace toscac::cli {

namespace {
namespace fs = std::filesystem;
using agent::DeploymentStatus;
using agent::Json;
using agent::NodeStatus;

std::atomic<bool> g_interrupted{false};
void OnInterrupt(int) { g_interrupted = true; }

// Compiled deployments live beside the store: <store dir>/.toscac/<deployment>/.
// With etcd, where this machine keeps them: ./.toscac/<deployment>/.
fs::path DeploymentsDir(const std::string& store) {
  if (store.rfind("etcd", 0) == 0) return fs::absolute(".toscac");
  std::string path = store;
  if (path.rfind("sqlite:", 0) == 0) path = path.substr(7);
  return fs::absolute(path).parent_path() / ".toscac";
}

std::string Hostname() {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) return "localhost";
  return host;
}

// The pid of a live toscac-agent of this host holding the node, or 0.
pid_t AgentPid(const NodeStatus& n) {
  if (!n.agent.is_object() || n.agent.value("host", "") != Hostname()) return 0;
  if (!n.agent["pid"].is_number()) return 0;
  pid_t pid = n.agent["pid"].get<pid_t>();
  if (!agent::ProcessAlive(pid)) return 0;
  // Only ever signal our own agents: the pid must still be a toscac-agent.
  std::ifstream cmdline("/proc/" + std::to_string(pid) + "/cmdline");
  std::string text((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
  return text.find("toscac-agent") == std::string::npos ? 0 : pid;
}

std::vector<std::string> AgentArgs(const DeployFlags& flags, const std::string& url,
                                   const fs::path& dir, const std::string& node) {
  return {"--store",
          url,
          "--dir",
          dir.string(),
          "--node",
          node,
          "--heal-interval",
          std::to_string(flags.heal_interval),
          "--retry-base",
          std::to_string(flags.retry_base),
          "--lease-ttl",
          std::to_string(flags.lease_ttl),
          "--require-deployment"};
}

std::vector<std::string> WithSecrets(const DeployFlags& flags, std::vector<std::string> args) {
  if (flags.secrets.empty()) return args;
  args.push_back("--secrets");
  args.push_back(fs::absolute(flags.secrets).string());  // agents run elsewhere
  return args;
}

// Before any agent starts: the secrets file is acceptable and holds every secret the
// deployment's manifests refer to. Names only are printed, never values.
bool CheckSecrets(const DeployFlags& flags, const fs::path& dir, const agent::Index& index) {
  std::string error;
  agent::Secrets secrets;
  if (!flags.secrets.empty()) {
    auto loaded = agent::LoadSecrets(flags.secrets, error);
    if (!loaded) {
      std::cerr << "toscac: " << error << "\n";
      return false;
    }
    secrets = std::move(*loaded);
  }
  std::string missing;
  for (const auto& [node, file] : index.manifests) {
    auto m = agent::LoadManifest((dir / file).string(), error);
    if (m) missing += agent::MissingSecrets(*m, secrets);
  }
  if (missing.empty()) return true;
  std::cerr << "toscac: the deployment needs secrets the "
            << (flags.secrets.empty() ? "agents are not given (--secrets FILE)"
                                      : "secrets file does not hold")
            << ":\n"
            << missing;
  return false;
}

bool StartAgent(const DeployFlags& flags, const std::string& url, const fs::path& dir,
                const std::string& node, bool detached, std::vector<pid_t>& children) {
  std::error_code ec;
  fs::create_directories(dir / "logs", ec);
  std::string error;
  std::string log = (dir / "logs" / (agent::EncodeKeyPart(node) + ".agent.log")).string();
  pid_t pid = agent::LaunchAgent(agent::AgentProgram(),
                                 WithSecrets(flags, AgentArgs(flags, url, dir, node)), log,
                                 detached, error);
  if (pid < 0) {
    std::cerr << "toscac: " << error << "\n";
    return false;
  }
  if (!detached) children.push_back(pid);
  return true;
}

// Stops this host's agents of the deployment (SIGTERM; SIGKILL after 10 s). Their nodes keep
// their state in the store; new agents resume from it.
void StopAgents(agent::store::Store& store, const std::string& name) {
  auto d = agent::ReadDeployment(store, name);
  if (!d) return;
  std::vector<pid_t> pids;
  for (const NodeStatus& n : d->nodes) {
    if (pid_t pid = AgentPid(n)) pids.push_back(pid);
  }
  for (pid_t pid : pids) kill(pid, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (pid_t pid : pids) {
    while (agent::ProcessAlive(pid) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (agent::ProcessAlive(pid)) kill(pid, SIGKILL);
  }
  // Claims of agents that died without releasing them.
  for (const NodeStatus& n : d->nodes) {
    if (!n.agent.is_null()) store.Delete(agent::NodeKey(name, n.node, "agent"));
  }
}

void ShowFailure(const DeploymentStatus& d, const fs::path& dir) {
  for (const NodeStatus& n : d.nodes) {
    if (n.state != "failed") continue;
    std::cerr << "toscac: node '" << n.node << "' failed";
    if (n.error.is_object()) {
      std::cerr << " in " << n.error.value("step", "?") << ": " << n.error.value("message", "");
    }
    std::cerr << "\n";
    if (n.error.is_object() && n.error["output"].is_string() &&
        !n.error["output"].get<std::string>().empty()) {
      std::cerr << "  last output:\n";
      std::string out = n.error["output"].get<std::string>();
      size_t start = 0;
      while (start < out.size()) {
        size_t end = out.find('\n', start);
        if (end == std::string::npos) end = out.size();
        std::cerr << "    " << out.substr(start, end - start) << "\n";
        start = end + 1;
      }
    }
    std::cerr << "  logs: " << (dir / "logs" / agent::EncodeKeyPart(n.node)).string() << "/\n";
  }
}

enum class Goal { kStarted, kDeleted };

// A node that failed on its way down (not one that failed earlier and has not begun its
// teardown yet).
bool TeardownError(const NodeStatus& n) {
  if (!n.error.is_object() || !n.error["step"].is_string()) return false;
  std::string step = n.error["step"].get<std::string>();
  return step == "stop" || step == "delete" ||
         (step.size() > 14 && step.compare(step.size() - 14, 14, ".remove_target") == 0);
}

bool Reached(const NodeStatus& n, Goal goal) {
  if (goal == Goal::kStarted) return n.state == "started";
  return n.state == "deleted" || n.state == "absent" || n.state == "initial";
}

// Follows the deployment until every node reached the goal (0), one failed (1), the
// timeout passed or an agent is gone (1), or Ctrl-C (130).
int Follow(agent::store::Store& store, const std::string& name, Goal goal, double timeout,
           const fs::path& dir, bool local_agents = true) {
  Progress progress(std::cout, isatty(STDOUT_FILENO) != 0);
  auto started = std::chrono::steady_clock::now();
  std::map<std::string, std::chrono::steady_clock::time_point> agentless;
  while (true) {
    auto d = agent::ReadDeployment(store, name);
    if (!d) {
      std::cerr << "toscac: deployment '" << name << "' is not in the store\n";
      return 1;
    }
    progress.Update(*d);
    bool all = !d->nodes.empty();
    auto now = std::chrono::steady_clock::now();
    for (const NodeStatus& n : d->nodes) {
      all &= Reached(n, goal) && (goal == Goal::kStarted || n.agent.is_null());
      if (n.state == "failed" && (goal == Goal::kStarted || TeardownError(n))) {
        progress.Finish();
        ShowFailure(*d, dir);
        return 1;
      }
      // An agent that is gone while its node still has work to do: nothing will move.
      // Agents of other hosts may come later: only our own are expected at once.
      bool idle = Reached(n, goal) || !n.agent.is_null() || !local_agents;
      if (idle) {
        agentless.erase(n.node);
        continue;
      }
      auto [it, inserted] = agentless.try_emplace(n.node, now);
      if (now - it->second > std::chrono::seconds(5)) {
        progress.Finish();
        std::cerr << "toscac: no agent runs node '" << n.node << "' (state " << n.state << "); see "
                  << (dir / "logs" / (agent::EncodeKeyPart(n.node) + ".agent.log")) << "\n";
        return 1;
      }
    }
    if (all) {
      progress.Finish();
      std::cout << "deployment '" << name << "' "
                << (goal == Goal::kStarted ? "started" : "torn down") << ": " << d->nodes.size()
                << " nodes in " << std::fixed << std::setprecision(1) << progress.Elapsed()
                << " s\n";
      return 0;
    }
    if (g_interrupted) return 130;
    if (timeout > 0 && std::chrono::duration<double>(now - started).count() > timeout) {
      progress.Finish();
      std::cerr << "toscac: timed out after " << timeout << " s\n";
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

int RunUp(const DeployFlags& flags) {
  std::string url = StoreUrl(flags.store);
  fs::path root = DeploymentsDir(url);
  fs::path staging = root / (".staging-" + std::to_string(getpid()));
  std::error_code ec;
  fs::create_directories(root, ec);
  CompileFlags compile = flags.compile;
  compile.output = staging.string();
  int code = RunCompile(compile);
  if (code != kExitOk) {
    fs::remove_all(staging, ec);
    return code;
  }
  std::string error;
  auto index = agent::LoadIndex((staging / "index.json").string(), error);
  if (!index) {
    std::cerr << "toscac: " << error << "\n";
    return kExitUsage;
  }
  if (!CheckSecrets(flags, staging, *index)) {
    fs::remove_all(staging, ec);
    return 1;
  }
  const std::string name = index->deployment;
  fs::path dir = root / agent::EncodeKeyPart(name);
  auto store = agent::store::OpenStore(url);
  auto current = agent::ReadDeployment(*store, name);
  bool same = current && current->record.is_object() &&
              current->record.value("content_hash", "") == index->content_hash;
  bool all_running = current && !current->nodes.empty();
  if (current) {
    for (const NodeStatus& n : current->nodes) all_running &= AgentPid(n) != 0;
  }
  if (same && all_running && !flags.foreground) {
    fs::remove_all(staging, ec);
  } else {
    StopAgents(*store, name);
    for (const char* part : {"index.json", "manifests", "artifacts"})
      fs::remove_all(dir / part, ec);
    fs::create_directories(dir, ec);
    for (const char* part : {"index.json", "manifests", "artifacts"}) {
      if (fs::exists(staging / part)) fs::rename(staging / part, dir / part, ec);
    }
    fs::remove_all(staging, ec);
    Json record = {
        {"content_hash", index->content_hash}, {"dir", dir.string()}, {"nodes", index->nodes}};
    store->Put(agent::DeploymentPrefix(name) + "deployment", record.dump());
  }
  store->Put(agent::DeploymentPrefix(name) + "desired", "up");
  std::vector<pid_t> children;
  if (!(same && all_running && !flags.foreground)) {
    for (const std::string& node : index->nodes) {
      if (!StartAgent(flags, url, dir, node, !flags.foreground, children)) return 1;
    }
  }
  signal(SIGINT, OnInterrupt);
  code = Follow(*store, name, Goal::kStarted, flags.timeout, dir);
  if (flags.foreground && code == 0) {
    std::cout << "agents running in the foreground; Ctrl-C stops them\n";
    while (!g_interrupted) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (flags.foreground) {
    for (pid_t pid : children) kill(pid, SIGTERM);
    for (pid_t pid : children) waitpid(pid, nullptr, 0);
    if (g_interrupted) std::cout << "agents stopped; the store keeps their state\n";
  }
  return code == 130 ? 130 : code;
}

// toscac deploy: compile, publish the files in the store for agents on other hosts
// (toscac-agent --deployment NAME --host HOST), and ask for the deployment to be up.
int RunPublish(const DeployFlags& flags) {
  std::string url = StoreUrl(flags.store);
  fs::path staging = fs::temp_directory_path() / ("toscac-deploy-" + std::to_string(getpid()));
  CompileFlags compile = flags.compile;
  compile.output = staging.string();
  int code = RunCompile(compile);
  std::error_code ec;
  if (code != kExitOk) {
    fs::remove_all(staging, ec);
    return code;
  }
  std::string error;
  auto index = agent::LoadIndex((staging / "index.json").string(), error);
  auto store = agent::store::OpenStore(url);
  bool published = index && agent::PublishFiles(*store, index->deployment, staging.string(), error);
  fs::remove_all(staging, ec);
  if (!published) {
    std::cerr << "toscac: " << error << "\n";
    return 1;
  }
  const std::string& name = index->deployment;
  Json record = {{"content_hash", index->content_hash},
                 {"dir", nullptr},
                 {"nodes", index->nodes},
                 {"published", true}};
  store->Put(agent::DeploymentPrefix(name) + "deployment", record.dump());
  store->Put(agent::DeploymentPrefix(name) + "desired", "up");
  std::cout << "published deployment '" << name << "' (" << index->nodes.size()
            << " nodes); on each host run: toscac-agent --store " << url << " --deployment " << name
            << " --host HOST\n";
  if (!flags.wait) return 0;
  signal(SIGINT, OnInterrupt);
  return Follow(*store, name, Goal::kStarted, flags.timeout, fs::path(), false);
}

int RunDown(const DeployFlags& flags) {
  std::string url = StoreUrl(flags.store);
  auto store = agent::store::OpenStore(url);
  auto name = PickDeployment(*store, flags.name);
  if (!name) return 1;
  auto d = agent::ReadDeployment(*store, *name);
  if (!d || !d->record.is_object()) {
    std::cerr << "toscac: deployment '" << *name << "' is not in the store\n";
    return 1;
  }
  bool published = d->record.value("published", false);
  fs::path dir = published ? fs::path() : fs::path(d->record.value("dir", ""));
  store->Put(agent::DeploymentPrefix(*name) + "desired", "down");
  if (published) {
    // The agents run on their hosts: follow them.
    signal(SIGINT, OnInterrupt);
    int code = Follow(*store, *name, Goal::kDeleted, flags.timeout, dir, false);
    if (code == 0) store->DeletePrefix(agent::DeploymentPrefix(*name));
    return code;
  }
  // Teardown needs each node's agent: start those that are not running.
  std::vector<pid_t> children;
  for (const NodeStatus& n : d->nodes) {
    if (Reached(n, Goal::kDeleted) || AgentPid(n) != 0) continue;
    if (!StartAgent(flags, url, dir, n.node, true, children)) return 1;
  }
  signal(SIGINT, OnInterrupt);
  int code = Follow(*store, *name, Goal::kDeleted, flags.timeout, dir);
  if (code != 0) {
    if (auto now = agent::ReadDeployment(*store, *name)) ShowFailure(*now, dir);
    return code;
  }
  store->DeletePrefix(agent::DeploymentPrefix(*name));
  return 0;
}

void PrintStatusText(const DeploymentStatus& d) {
  std::cout << "deployment " << d.name << " (desired: " << d.desired << ")\n";
  for (const NodeStatus& n : d.nodes) {
    std::cout << "  " << n.node << ": " << n.state;
    std::string step = StepOf(n);
    if (!step.empty()) std::cout << ", " << step;
    if (n.agent.is_object()) {
      std::cout << " [agent pid " << n.agent.value("pid", 0) << " on " << n.agent.value("host", "?")
                << "]";
    } else {
      std::cout << " [no agent]";
    }
    std::cout << "\n";
    for (const auto& [k, v] : n.attributes.items()) {
      std::cout << "      " << k << " = " << (v.is_string() ? v.get<std::string>() : v.dump())
                << "\n";
    }
    if (n.error.is_object()) {
      std::cout << "      last error: " << n.error.value("step", "?") << ": "
                << n.error.value("message", "") << "\n";
    }
  }
}

int RunStatus(const DeployFlags& flags) {
  auto store = agent::store::OpenStore(StoreUrl(flags.store));
  std::vector<DeploymentStatus> all = agent::ReadStatus(*store);
  if (!flags.name.empty()) {
    std::erase_if(all, [&](const DeploymentStatus& d) { return d.name != flags.name; });
    if (all.empty()) {
      std::cerr << "toscac: deployment '" << flags.name << "' is not in the store\n";
      return 1;
    }
  }
  if (flags.format == "json") {
    Json out = Json::array();
    for (const auto& d : all) out.push_back(agent::StatusJson(d));
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (all.empty()) std::cout << "no deployments\n";
  for (const auto& d : all) PrintStatusText(d);
  return 0;
}

int RunCall(const DeployFlags& flags) {
  auto dot = flags.operation.find('.');
  if (dot == std::string::npos) {
    std::cerr << "toscac: name the operation as INTERFACE.OPERATION\n";
    return kExitUsage;
  }
  auto store = agent::store::OpenStore(StoreUrl(flags.store));
  auto name = PickDeployment(*store, flags.name);
  if (!name) return 1;
  std::string id = std::to_string(getpid()) + "-" +
                   std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  Json request = {{"interface", flags.operation.substr(0, dot)},
                  {"operation", flags.operation.substr(dot + 1)}};
  store->Put(agent::NodeKey(*name, flags.node, "requests/" + id), request.dump());
  std::string reply_key = agent::NodeKey(*name, flags.node, "replies/" + id);
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(
                      static_cast<int64_t>((flags.timeout > 0 ? flags.timeout : 300) * 1000));
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto reply = store->Get(reply_key)) {
      store->Delete(reply_key);
      Json r = Json::parse(reply->value, nullptr, false);
      if (r.is_object() && r.value("ok", false)) {
        std::cout << flags.node << " " << flags.operation << ": done\n";
        return 0;
      }
      std::cerr << "toscac: " << flags.node << " " << flags.operation
                << " failed: " << (r.is_object() ? r.value("message", "") : reply->value) << "\n";
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::cerr << "toscac: no answer from the agent of '" << flags.node << "'\n";
  return 1;
}

void AddStoreFlag(CLI::App* cmd, DeployFlags& flags) {
  cmd->add_option("--store", flags.store, "The state store: a SQLite file (default ./toscac.db)");
}

void AddAgentFlags(CLI::App* cmd, DeployFlags& flags) {
  cmd->add_option("--heal-interval", flags.heal_interval,
                  "Seconds between re-checks of a started node (default 10)");
  cmd->add_option("--retry-base", flags.retry_base,
                  "Seconds before the first retry of a failed step (default 1)");
  cmd->add_option("--lease-ttl", flags.lease_ttl, "Seconds an agent's liveness lease lasts");
  cmd->add_option("--secrets", flags.secrets,
                  "JSON file (mode 600) of the values of secret inputs, for the agents");
  cmd->add_option("--timeout", flags.timeout, "Give up after this many seconds (default: never)");
}
}  // namespace

std::string StoreUrl(const std::string& store) {
  if (store.find(':') != std::string::npos && store.rfind("/", 0) != 0) return store;
  return "sqlite:" + fs::absolute(store).string();
}

std::optional<std::string> PickDeployment(agent::store::Store& store, const std::string& name) {
  if (!name.empty()) return name;
  auto all = agent::ReadStatus(store);
  if (all.size() == 1) return all.front().name;
  if (all.empty()) {
    std::cerr << "toscac: the store holds no deployment\n";
  } else {
    std::cerr << "toscac: the store holds several deployments; name one with --name:";
    for (const auto& d : all) std::cerr << " " << d.name;
    std::cerr << "\n";
  }
  return std::nullopt;
}

std::unique_ptr<DeployFlags> AddDeploy(CLI::App& app) {
  auto owned = std::make_unique<DeployFlags>();
  DeployFlags& flags = *owned;
  CompileFlags& c = flags.compile;
  flags.up = app.add_subcommand("up", "Deploy a template on this machine: compile, start agents");
  flags.up->add_option("file", c.file, "TOSCA service template")->required();
  flags.up->add_option("--inputs", c.input_files, "YAML file of input values (repeatable)")
      ->allow_extra_args(false);
  flags.up->add_option("-i,--input", c.input_pairs, "An input value: name=value (repeatable)")
      ->allow_extra_args(false);
  flags.up->add_option("--name", c.name, "Deployment name (default: from the template)");
  flags.up->add_flag("--foreground", flags.foreground,
                     "Stay attached; Ctrl-C stops the agents (the state stays in the store)");
  AddStoreFlag(flags.up, flags);
  AddAgentFlags(flags.up, flags);
  AddOutputFlags(flags.up, c.out, false);
  AddLoadFlags(flags.up, c.options.load);

  flags.deploy = app.add_subcommand(
      "deploy", "Publish a deployment in the store for agents on several hosts (etcd)");
  flags.deploy->add_option("file", c.file, "TOSCA service template")->required();
  flags.deploy->add_option("--inputs", c.input_files, "YAML file of input values (repeatable)")
      ->allow_extra_args(false);
  flags.deploy->add_option("-i,--input", c.input_pairs, "An input value: name=value (repeatable)")
      ->allow_extra_args(false);
  flags.deploy->add_option("--name", c.name, "Deployment name (default: from the template)");
  flags.deploy->add_flag("--wait", flags.wait, "Follow progress until every node is started");
  flags.deploy->add_option("--timeout", flags.timeout, "With --wait: give up after S seconds");
  AddStoreFlag(flags.deploy, flags);
  AddOutputFlags(flags.deploy, c.out, false);
  AddLoadFlags(flags.deploy, c.options.load);

  flags.status = app.add_subcommand("status", "Show every node's state, attributes and error");
  AddStoreFlag(flags.status, flags);
  flags.status->add_option("--name", flags.name, "Only this deployment");
  flags.status->add_option("--format", flags.format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));

  flags.down = app.add_subcommand("down", "Tear a deployment down in reverse order");
  AddStoreFlag(flags.down, flags);
  flags.down->add_option("--name", flags.name, "The deployment (when the store has several)");
  AddAgentFlags(flags.down, flags);

  flags.call = app.add_subcommand("call", "Run an operation of a node, e.g. Maintenance.enter");
  flags.call->add_option("node", flags.node, "The node")->required();
  flags.call->add_option("operation", flags.operation, "INTERFACE.OPERATION")->required();
  AddStoreFlag(flags.call, flags);
  flags.call->add_option("--name", flags.name, "The deployment (when the store has several)");
  flags.call->add_option("--timeout", flags.timeout, "Seconds to wait for the answer");
  return owned;
}

int RunDeploy(const DeployFlags& flags) {
  try {
    if (flags.up->parsed()) return RunUp(flags);
    if (flags.deploy->parsed()) return RunPublish(flags);
    if (flags.status->parsed()) return RunStatus(flags);
    if (flags.down->parsed()) return RunDown(flags);
    if (flags.call->parsed()) return RunCall(flags);
  } catch (const agent::store::StoreError& e) {
    std::cerr << "toscac: " << e.what() << "\n";
    return 1;
  }
  return -1;
}

}  // namespace toscac::cli
