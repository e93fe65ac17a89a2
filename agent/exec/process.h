// Running one lifecycle step as a child process, for a single-threaded reactor: Start returns
// at once with the step running, Poll says whether it has finished, and nothing ever goes
// through a shell: the program, its arguments and its environment reach execve as given.
//
//   Command command;
//   command.program = "/var/lib/toscac/shop/db/create.sh";
//   command.env = {{"TOSCA_OUTPUTS", "/tmp/outputs"}, {"DB_NAME", user_value}};
//   command.output_path = "/var/log/toscac/shop/db.create.log";
//   command.timeout = std::chrono::seconds(60);
//   auto process = Process::Start(command);
//   ...                                       // the reactor goes on with other work
//   if (auto outcome = process->Poll()) {
//     if (!outcome->ok()) Report("create failed: " + outcome->Describe() + "\n" +
//                                Tail(command.output_path));
//   }
//
// The step runs in a process group of its own, so a timeout or Kill stops whatever it started
// too (SIGTERM to the group, then SIGKILL after Command::kill_grace). When it exits by itself,
// background processes it left behind are not touched: a "start" step may start a daemon.
// The agent must not set SIGCHLD to SIG_IGN (the kernel would reap the steps before Poll can)
// and must start steps from its main thread (the step dies with the thread that started it).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace toscac::agent::exec {

class RedactingCopy;

struct Command {
  // The file to run. A relative path is taken from the agent's working directory, never
  // searched in PATH. An executable file is run directly; a non-executable one by the
  // interpreter on its "#!" line, or by /bin/sh when it has none.
  std::string program;
  std::vector<std::string> args;  // argv after the program, verbatim
  // Added, in order, to a small base environment (PATH, HOME, USER, LOGNAME, LANG, LC_ALL,
  // TZ, TMPDIR, from the agent when set); later duplicates win. Names must match
  // [A-Za-z_][A-Za-z0-9_]*; values are any bytes but NUL. The agent's other variables, which
  // may hold secrets, are not passed.
  std::vector<std::pair<std::string, std::string>> env;
  std::string working_dir;  // empty: the agent's
  // stdout and stderr are appended here (created 0600 if missing); empty: /dev/null.
  // stdin is always /dev/null.
  std::string output_path;
  // Texts replaced by "********" in the output before it reaches output_path (the values of
  // secrets). When set, the output goes through a pipe the agent reads (exec/redact.h).
  std::vector<std::string> redact;
  std::chrono::milliseconds timeout{300000};
  // After SIGTERM, how long the group has before SIGKILL.
  std::chrono::milliseconds kill_grace{2000};
};

struct Outcome {
  enum class Kind { kExited, kSignaled, kTimedOut, kFailedToStart };
  Kind kind = Kind::kFailedToStart;
  int exit_code = -1;  // kExited; also kTimedOut when the step exited by itself on SIGTERM
  int signal = 0;      // kSignaled; also kTimedOut when the SIGTERM or SIGKILL ended it
  std::chrono::milliseconds duration{0};  // from Start until the step was reaped
  std::chrono::milliseconds timeout{0};   // kTimedOut: the limit that was passed
  std::string error;  // kFailedToStart: why, e.g. "cannot run 'x': Permission denied"

  bool ok() const { return kind == Kind::kExited && exit_code == 0; }
  // "exit status 3", "killed by signal 9 (SIGKILL)", "timed out after 5 s", or the error.
  std::string Describe() const;
};

class Process {
 public:
  // Never throws. Returns once the program is running or has failed to start; a failure
  // gives a Process whose Poll() returns kFailedToStart.
  static std::unique_ptr<Process> Start(const Command& command);

  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  // Kills the group (SIGTERM, grace, SIGKILL) and reaps if the step is still running.
  ~Process();

  // Non-blocking: the outcome once the step has finished, and the same outcome ever after.
  // Enforces the timeout; a timed-out step is given its grace over the following Polls.
  std::optional<Outcome> Poll();
  // Blocks until the step has finished, still enforcing the timeout.
  Outcome Wait();
  // Stops the step now: SIGTERM to its group, SIGKILL after the grace, and reaps it. Blocks
  // for at most the grace. Does nothing once the step has finished.
  void Kill();

  pid_t pid() const { return pid_; }  // -1 when it failed to start

 private:
  using Clock = std::chrono::steady_clock;
  enum class State { kRunning, kTerminating, kDone };

  Process() = default;
  void BeginTermination(Clock::time_point now);
  void CheckLeader(bool block);
  void Finish(Clock::time_point now);
  void SleepUntilChange(Clock::time_point until);

  pid_t pid_ = -1;
  State state_ = State::kDone;
  Clock::time_point started_;
  Clock::time_point deadline_;  // the timeout, then the SIGKILL after the grace
  std::chrono::milliseconds timeout_{0};
  std::chrono::milliseconds kill_grace_{0};
  bool timed_out_ = false;
  bool leader_reaped_ = false;
  int leader_status_ = 0;  // waitpid status, once reaped
  int pidfd_ = -1;         // lazily opened by Wait, to sleep until the leader exits
  Outcome outcome_;
  std::shared_ptr<RedactingCopy> copy_;  // the output's redacting copy, when there is one
};

// Start and Wait.
Outcome Run(const Command& command);

}  // namespace toscac::agent::exec
