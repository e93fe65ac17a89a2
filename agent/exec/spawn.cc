#include "exec/spawn.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <vector>

#include "exec/environment.h"
#include "exec/interpreter.h"
#include "exec/redact.h"

namespace toscac::agent::exec {

namespace {

// What the child writes to the report pipe when it gives up before or at execve.
enum class Stage : int { kSetup = 1, kChdir, kExec, kFallback };
struct Report {
  int stage = 0;
  int error = 0;
};

// Everything the child needs, prepared before fork: after it only async-signal-safe calls
// are allowed (no allocation, no locks), since another thread may have held them.
struct ChildPlan {
  char* const* argv = nullptr;
  char* const* fallback_argv = nullptr;  // nullptr: none
  char* const* envp = nullptr;
  const char* working_dir = nullptr;  // nullptr: stay
  int stdin_fd = -1;
  int output_fd = -1;
  int report_fd = -1;
  pid_t parent = -1;
};

class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { Reset(); }
  int get() const { return fd_; }
  void Reset(int fd = -1) {
    if (fd_ >= 0) close(fd_);
    fd_ = fd;
  }
  int Release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

std::string ErrnoText(int error) { return std::generic_category().message(error); }

// The child dup2s onto 0, 1 and 2: none of its sources may be one of those (the agent may run
// with a standard stream closed). -1 and errno on error.
int AboveStdio(int fd) {
  if (fd < 0 || fd > 2) return fd;
  int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
  int error = errno;
  close(fd);
  errno = error;
  return moved;
}

[[noreturn]] void Fail(int report_fd, Stage stage, int error) {
  Report report{static_cast<int>(stage), error};
  [[maybe_unused]] ssize_t written = write(report_fd, &report, sizeof report);
  _exit(127);
}

void ResetSignals() {
  struct sigaction action = {};
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  // SIG_IGN survives execve: an agent ignoring SIGPIPE would pass that on. Errors are for
  // SIGKILL, SIGSTOP and the C library's own signals, which stay as they are.
  for (int sig = 1; sig < NSIG; ++sig) sigaction(sig, &action, nullptr);
}

// Every descriptor above 2 is closed by execve; the report pipe, already close-on-exec, stays
// open until then.
void CloseOnExecAbove2() {
  if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
  // Kernels before 5.11: walk /proc/self/fd, with getdents64 since opendir allocates.
  int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    alignas(dirent64) char buffer[4096];
    ssize_t size;
    while ((size = getdents64(dir, buffer, sizeof buffer)) > 0) {
      for (ssize_t offset = 0; offset < size;) {
        const auto* entry = reinterpret_cast<const dirent64*>(buffer + offset);
        offset += entry->d_reclen;
        int fd = 0;
        const char* c = entry->d_name;
        for (; *c >= '0' && *c <= '9'; ++c) fd = fd * 10 + (*c - '0');
        if (*c == '\0' && c != entry->d_name && fd > 2) fcntl(fd, F_SETFD, FD_CLOEXEC);
      }
    }
    close(dir);
    return;
  }
  struct rlimit limit;
  rlim_t last = getrlimit(RLIMIT_NOFILE, &limit) == 0 ? limit.rlim_cur : 1024;
  if (last > (1 << 20)) last = 1 << 20;
  for (rlim_t fd = 3; fd < last; ++fd) fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC);
}

[[noreturn]] void RunChild(const ChildPlan& plan) {
  // A group of its own first, so that a timeout reaches everything it starts.
  if (setpgid(0, 0) != 0) Fail(plan.report_fd, Stage::kSetup, errno);
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) Fail(plan.report_fd, Stage::kSetup, errno);
  // The agent may have died before prctl: nobody would stop this step then.
  if (getppid() != plan.parent) _exit(127);
  ResetSignals();
  if (dup2(plan.stdin_fd, 0) < 0 || dup2(plan.output_fd, 1) < 0 || dup2(plan.output_fd, 2) < 0) {
    Fail(plan.report_fd, Stage::kSetup, errno);
  }
  CloseOnExecAbove2();
  if (plan.working_dir != nullptr && chdir(plan.working_dir) != 0) {
    Fail(plan.report_fd, Stage::kChdir, errno);
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execve(plan.argv[0], plan.argv, plan.envp);
  if (errno != ENOEXEC || plan.fallback_argv == nullptr) Fail(plan.report_fd, Stage::kExec, errno);
  execve(plan.fallback_argv[0], plan.fallback_argv, plan.envp);
  Fail(plan.report_fd, Stage::kFallback, errno);
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

// execve takes C strings: a NUL would silently cut a path or an argument short.
std::string FindNul(const Command& command) {
  auto has_nul = [](const std::string& s) { return s.find('\0') != std::string::npos; };
  if (has_nul(command.program)) return "the program path has a NUL byte";
  for (std::size_t i = 0; i < command.args.size(); ++i) {
    if (has_nul(command.args[i])) {
      return "argument " + std::to_string(i + 1) + " of '" + command.program + "' has a NUL byte";
    }
  }
  if (has_nul(command.working_dir)) return "the working directory has a NUL byte";
  if (has_nul(command.output_path)) return "the output path has a NUL byte";
  return "";
}

std::string Describe(const Report& report, const Command& command, const Invocation& plan) {
  std::string error = ErrnoText(report.error);
  switch (static_cast<Stage>(report.stage)) {
    case Stage::kChdir:
      return "cannot change to working directory '" + command.working_dir + "': " + error;
    case Stage::kExec:
      // A direct execve fails with ENOENT when the file's "#!" interpreter is missing.
      if (plan.interpreter.empty() || (plan.direct && report.error != ENOENT)) break;
      return "cannot run '" + command.program + "' with interpreter '" + plan.interpreter +
             "': " + error;
    case Stage::kFallback:
      return "cannot run '" + command.program + "' with interpreter '" + plan.fallback_argv[0] +
             "': " + error;
    case Stage::kSetup:
      return "cannot start '" + command.program + "': " + error;
  }
  return "cannot run '" + command.program + "': " + error;
}

// Waits for the child's report: nothing (the pipe closed at execve) or why it failed.
std::string AwaitExec(pid_t pid, int report_fd, const Command& command, const Invocation& plan) {
  Report report;
  ssize_t n;
  do {
    n = read(report_fd, &report, sizeof report);
  } while (n < 0 && errno == EINTR);
  if (n != static_cast<ssize_t>(sizeof report)) return "";
  while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
  return Describe(report, command, plan);
}

}  // namespace

Spawned Spawn(const Command& command) {
  Spawned result;
  result.error = FindNul(command);
  if (!result.error.empty()) return result;
  Invocation plan = PlanInvocation(command.program, command.args);
  if (!plan.error.empty()) {
    result.error = plan.error;
    return result;
  }
  Environment environment = BuildEnvironment(command.env);
  if (!environment.error.empty()) {
    result.error = environment.error;
    return result;
  }
  UniqueFd stdin_fd(AboveStdio(open("/dev/null", O_RDONLY | O_CLOEXEC)));
  if (stdin_fd.get() < 0) {
    result.error = "cannot open '/dev/null': " + ErrnoText(errno);
    return result;
  }
  const char* output = command.output_path.empty() ? "/dev/null" : command.output_path.c_str();
  UniqueFd output_fd(AboveStdio(
      open(output, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, S_IRUSR | S_IWUSR)));
  if (output_fd.get() < 0) {
    result.error = "cannot open output file '" + std::string(output) + "': " + ErrnoText(errno);
    return result;
  }
  UniqueFd redact_write;
  if (!command.redact.empty()) {
    // The step writes into a pipe; a thread copies it to the file with secrets replaced.
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
      result.error = "cannot start '" + command.program + "': pipe: " + ErrnoText(errno);
      return result;
    }
    UniqueFd read_end(AboveStdio(fds[0]));
    redact_write.Reset(AboveStdio(fds[1]));
    if (read_end.get() < 0 || redact_write.get() < 0) {
      result.error = "cannot start '" + command.program + "': pipe: " + ErrnoText(errno);
      return result;
    }
    result.copy = RedactingCopy::Start(read_end.Release(), output_fd.Release(), command.redact);
  }
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    result.error = "cannot start '" + command.program + "': pipe: " + ErrnoText(errno);
    return result;
  }
  UniqueFd report_read(AboveStdio(pipe_fds[0]));
  UniqueFd report_write(AboveStdio(pipe_fds[1]));

  std::vector<char*> argv = Pointers(plan.argv);
  std::vector<char*> fallback_argv = Pointers(plan.fallback_argv);
  std::vector<char*> envp = Pointers(environment.entries);
  ChildPlan child;
  child.argv = argv.data();
  child.fallback_argv = plan.fallback_argv.empty() ? nullptr : fallback_argv.data();
  child.envp = envp.data();
  child.working_dir = command.working_dir.empty() ? nullptr : command.working_dir.c_str();
  child.stdin_fd = stdin_fd.get();
  child.output_fd = redact_write.get() >= 0 ? redact_write.get() : output_fd.get();
  child.report_fd = report_write.get();
  child.parent = getpid();

  // Signals stay blocked across fork so that none of the agent's handlers runs in the child
  // before it has reset them.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pid_t pid = fork();
  if (pid == 0) RunChild(child);
  int fork_error = errno;
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  report_write.Reset();
  redact_write.Reset();  // only the child holds the write end now: EOF when it is done
  if (pid < 0) {
    result.error = "cannot start '" + command.program + "': fork: " + ErrnoText(fork_error);
    return result;
  }
  // Also from this side, so the group exists whichever of the two runs first.
  setpgid(pid, pid);
  result.error = AwaitExec(pid, report_read.get(), command, plan);
  if (result.error.empty()) result.pid = pid;
  return result;
}

}  // namespace toscac::agent::exec
