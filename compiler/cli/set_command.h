#pragma once
// `toscac set NODE name=value...`: changes properties of a deployed node template at run time.
// The agents roll the change through the template's instances one at a time, each waiting
// until the previous one's checks pass again (docs/agent.md, "Rolling updates").
#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

namespace toscac::cli {

struct SetFlags {
  std::string store = "toscac.db";
  std::string name;  // the deployment (when the store has several)
  std::string node;  // a node template
  std::vector<std::string> pairs;
  bool wait = false;
  double timeout = 0;
  CLI::App* cmd = nullptr;
};

std::unique_ptr<SetFlags> AddSet(CLI::App& app);
int RunSet(const SetFlags& flags);

}  // namespace toscac::cli
