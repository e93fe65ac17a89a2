#include "exec/process.h"

#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <exception>
#include <system_error>
#include <thread>

#include "exec/redact.h"
#include "exec/spawn.h"

namespace toscac::agent::exec {

namespace {

using std::chrono::milliseconds;

// The rest of a group after its leader has gone are not our children: nothing tells us when
// they exit, so Wait looks this often.
constexpr milliseconds kGroupPollInterval{10};

std::string FormatDuration(milliseconds duration) {
  if (duration.count() % 1000 == 0) return std::to_string(duration.count() / 1000) + " s";
  return std::to_string(duration.count()) + " ms";
}

}  // namespace

std::string Outcome::Describe() const {
  if (!error.empty()) return error;
  switch (kind) {
    case Kind::kExited:
      return "exit status " + std::to_string(exit_code);
    case Kind::kSignaled: {
      std::string text = "killed by signal " + std::to_string(signal);
      const char* name = sigabbrev_np(signal);
      return name == nullptr ? text : text + " (SIG" + name + ")";
    }
    case Kind::kTimedOut:
      return "timed out after " + FormatDuration(timeout);
    case Kind::kFailedToStart:
      break;
  }
  return "failed to start";
}

std::unique_ptr<Process> Process::Start(const Command& command) {
  std::unique_ptr<Process> process(new Process());
  process->started_ = Clock::now();
  process->timeout_ = command.timeout;
  process->kill_grace_ = command.kill_grace;
  Spawned spawned;
  try {
    spawned = Spawn(command);
  } catch (const std::exception& e) {
    spawned.error = "cannot start '" + command.program + "': " + e.what();
  }
  if (!spawned.error.empty()) {
    process->outcome_.kind = Outcome::Kind::kFailedToStart;
    process->outcome_.error = spawned.error;
    process->Finish(Clock::now());
    return process;
  }
  process->pid_ = spawned.pid;
  process->copy_ = std::move(spawned.copy);
  process->state_ = State::kRunning;
  process->deadline_ = process->started_ + command.timeout;
  return process;
}

Process::~Process() {
  Kill();
  if (pidfd_ >= 0) close(pidfd_);
}

std::optional<Outcome> Process::Poll() {
  if (state_ == State::kDone) return outcome_;
  CheckLeader(/*block=*/false);
  Clock::time_point now = Clock::now();
  if (state_ == State::kRunning) {
    // A step that ends by itself keeps whatever it left running: a daemon it started.
    if (leader_reaped_) {
      Finish(now);
      return outcome_;
    }
    if (now < deadline_) return std::nullopt;
    timed_out_ = true;
    BeginTermination(now);
    return std::nullopt;
  }
  // Terminating. Once the leader is reaped its pid stays reserved only while the group has
  // members; when kill finds none, nothing is left to stop. (A new group could take the
  // number only after the pid counter wrapped between two Polls.)
  if (leader_reaped_ && kill(-pid_, 0) != 0 && errno == ESRCH) {
    Finish(now);
    return outcome_;
  }
  if (now < deadline_) return std::nullopt;
  kill(-pid_, SIGKILL);
  CheckLeader(/*block=*/true);
  Finish(Clock::now());
  return outcome_;
}

Outcome Process::Wait() {
  for (;;) {
    if (std::optional<Outcome> outcome = Poll()) return *outcome;
    SleepUntilChange(deadline_);
  }
}

void Process::Kill() {
  if (state_ == State::kDone) return;
  if (state_ == State::kRunning) {
    CheckLeader(/*block=*/false);
    if (leader_reaped_) {
      Finish(Clock::now());
      return;
    }
    BeginTermination(Clock::now());
  }
  Wait();
}

void Process::BeginTermination(Clock::time_point now) {
  kill(-pid_, SIGTERM);
  // A stopped process would hold SIGTERM pending until SIGKILL.
  kill(-pid_, SIGCONT);
  state_ = State::kTerminating;
  deadline_ = now + kill_grace_;
}

void Process::CheckLeader(bool block) {
  if (leader_reaped_) return;
  int status = 0;
  pid_t reaped;
  do {
    reaped = waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (reaped < 0 && errno == EINTR);
  if (reaped == 0) return;
  leader_reaped_ = true;
  leader_status_ = status;
  // ECHILD: someone reaped it behind our back (SIGCHLD ignored, a waitpid(-1) elsewhere).
  if (reaped < 0) {
    outcome_.error = "lost track of process " + std::to_string(pid_) + ": " +
                     std::generic_category().message(errno);
  }
}

void Process::Finish(Clock::time_point now) {
  state_ = State::kDone;
  outcome_.duration = std::chrono::duration_cast<milliseconds>(now - started_);
  if (pidfd_ >= 0) close(pidfd_);
  pidfd_ = -1;
  // The redacted output is in the log before anyone reads it (Tail of a failure). A daemon
  // the step left holding the pipe only costs this wait once.
  if (copy_) copy_->WaitDone(500);
  if (!leader_reaped_) return;  // failed to start
  if (WIFEXITED(leader_status_)) {
    outcome_.kind = Outcome::Kind::kExited;
    outcome_.exit_code = WEXITSTATUS(leader_status_);
  } else if (WIFSIGNALED(leader_status_)) {
    outcome_.kind = Outcome::Kind::kSignaled;
    outcome_.signal = WTERMSIG(leader_status_);
  }
  if (!outcome_.error.empty()) outcome_.exit_code = -1;
  if (timed_out_) {
    outcome_.kind = Outcome::Kind::kTimedOut;
    outcome_.timeout = timeout_;
  }
}

void Process::SleepUntilChange(Clock::time_point until) {
  Clock::time_point now = Clock::now();
  if (now >= until) return;
  auto left = std::chrono::ceil<milliseconds>(until - now);
  if (!leader_reaped_) {
    // A pidfd turns readable when the leader exits; without one (old kernel, seccomp), look
    // now and then.
    if (pidfd_ < 0) pidfd_ = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
    if (pidfd_ >= 0) {
      pollfd entry = {pidfd_, POLLIN, 0};
      poll(&entry, 1, static_cast<int>(std::min<milliseconds::rep>(left.count(), 60000)));
      return;
    }
  }
  std::this_thread::sleep_for(std::min(left, kGroupPollInterval));
}

Outcome Run(const Command& command) { return Process::Start(command)->Wait(); }

}  // namespace toscac::agent::exec
