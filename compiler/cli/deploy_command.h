#pragma once
// Running a deployment on this machine: `toscac up`, `status`, `down` and `call`, against a
// state store (by default ./toscac.db, SQLite). `up` compiles, starts one toscac-agent per
// node and follows their progress; the agents keep running until `down`.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/compile_command.h"
#include "store/store.h"

namespace toscac::cli {

struct DeployFlags {
  CompileFlags compile;  // up: the template, inputs and name
  std::string store = "toscac.db";
  std::string name;  // status, down, call: the deployment (when the store has several)
  bool foreground = false;
  bool wait = false;  // deploy: follow progress
  double heal_interval = 10, retry_base = 1, lease_ttl = 10, timeout = 0;
  std::string secrets;          // up, down: the agents' secrets file (--secrets)
  std::string format = "text";  // status
  std::string node, operation;  // call
  CLI::App *up = nullptr, *deploy = nullptr, *status = nullptr, *down = nullptr, *call = nullptr;
};

std::unique_ptr<DeployFlags> AddDeploy(CLI::App& app);

// Shared with set_command.cc: the store URL of --store, and the deployment meant (the only
// one, or the one named); nullopt after telling why on standard error.
std::string StoreUrl(const std::string& store);
std::optional<std::string> PickDeployment(agent::store::Store& store, const std::string& name);
// Runs whichever of the four subcommands was given; -1 when none was.
int RunDeploy(const DeployFlags& flags);

}  // namespace toscac::cli
