// Starting a Command's program in a fresh child: the part of Process::Start that forks.
#pragma once

#include <sys/types.h>

#include <string>

#include "exec/process.h"

namespace toscac::agent::exec {

struct Spawned {
  pid_t pid = -1;     // the child, leader of its own process group; -1 on error
  std::string error;  // why it did not start; the child, if any, is already reaped
  std::shared_ptr<RedactingCopy> copy;  // Command::redact given: the output's copy
};

// Forks a child that makes itself a process group leader, dies with the agent, resets its
// signals, keeps only stdin (/dev/null) and stdout/stderr (the output file), changes to the
// working directory and execs. Returns once the exec has happened or failed: a failure in the
// child comes back as an errno through a close-on-exec pipe.
Spawned Spawn(const Command& command);

}  // namespace toscac::agent::exec
