// Starting and stopping agent processes on this machine, for `toscac up` and `down`.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace toscac::agent {

// The toscac-agent to run: $TOSCAC_AGENT, else the one next to the toscac the user ran
// ($TOSCAC_FRONT_EXE, set by the static front for its twin), else the one next to the running
// executable, else "toscac-agent" from PATH.
std::string AgentProgram();

// Starts `program args...` with stdout and stderr appended to log_path. Detached: in a new
// session, not our child (it outlives us and we never reap it); attached: our child, in our
// process group, so Ctrl-C reaches it too. Returns the pid, or -1 with `error` set.
pid_t LaunchAgent(const std::string& program, const std::vector<std::string>& args,
                  const std::string& log_path, bool detached, std::string& error);

// Whether the process runs (and is not a zombie of ours).
bool ProcessAlive(pid_t pid);

}  // namespace toscac::agent
