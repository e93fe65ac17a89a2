// The item a NodeMachine has under way: private to node_machine.cc and node_run.cc.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/node_machine.h"
#include "exec/process.h"

namespace toscac::agent {

// One item under way: its resolved inputs and the process of its current phase.
struct NodeMachine::Run {
  Item item;
  Phase phase = Phase::kCheckBefore;
  std::unique_ptr<exec::Process> process;
  Clock::time_point started, phase_started;
  std::vector<std::pair<std::string, std::string>> do_env, check_env;
  std::string hash;
  std::string reaction_key, fingerprint;  // reactions: what is being reacted to
  std::string request_key;                // operations run on request
  bool ran_do = false;
  bool ran_process = false;  // the check or `do`
  std::string log_path, outputs_path;
};

}  // namespace toscac::agent
