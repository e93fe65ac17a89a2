#include "core/launch.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace toscac::agent {

std::string AgentProgram() {
  if (const char* env = std::getenv("TOSCAC_AGENT"); env && *env) return env;
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  // toscac-shared, run by the static front of toscac (compiler/cli/front.h), lives in libexec:
  // the agent is next to the front the user ran.
  if (const char* front = std::getenv("TOSCAC_FRONT_EXE"); front && *front) {
    auto beside = std::filesystem::path(front).parent_path() / "toscac-agent";
    if (std::filesystem::exists(beside, ec)) return beside.string();
  }
  if (!self.empty()) {
    auto beside = self.parent_path() / "toscac-agent";
    if (std::filesystem::exists(beside, ec)) return beside.string();
  }
  return "toscac-agent";
}

pid_t LaunchAgent(const std::string& program, const std::vector<std::string>& args,
                  const std::string& log_path, bool detached, std::string& error) {
  // Everything the child needs is built before fork: after it, only async-signal-safe calls.
  std::vector<std::string> all = {program};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) {
    error = "cannot open '" + log_path + "': " + std::strerror(errno);
    return -1;
  }
  int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) {
    error = std::string("pipe: ") + std::strerror(errno);
    close(log);
    close(devnull);
    return -1;
  }
  pid_t child = fork();
  if (child == 0) {
    if (detached) {
      setsid();
      // A second fork: the agent is not our child, and not a session leader.
      pid_t grandchild = fork();
      if (grandchild != 0) _exit(grandchild < 0 ? 127 : 0);
    }
    pid_t me = getpid();
    (void)!write(report[1], &me, sizeof me);
    dup2(devnull, 0);
    dup2(log, 1);
    dup2(log, 2);
    execvp(argv[0], argv.data());
    int err = errno;
    pid_t failed = -err;
    (void)!write(report[1], &failed, sizeof failed);
    _exit(127);
  }
  close(report[1]);
  close(log);
  close(devnull);
  if (child < 0) {
    error = std::string("fork: ") + std::strerror(errno);
    close(report[0]);
    return -1;
  }
  pid_t pid = -1, failed = 0;
  ssize_t n = read(report[0], &pid, sizeof pid);
  // A second message means exec failed; EOF (the pipe closed on exec) means it ran.
  ssize_t m = read(report[0], &failed, sizeof failed);
  close(report[0]);
  if (detached) waitpid(child, nullptr, 0);
  if (n != sizeof pid) {
    error = "cannot start '" + program + "'";
    return -1;
  }
  if (m == sizeof failed && failed < 0) {
    error = "cannot run '" + program + "': " + std::strerror(-failed);
    if (!detached) waitpid(child, nullptr, 0);
    return -1;
  }
  return pid;
}

bool ProcessAlive(pid_t pid) {
  if (pid <= 0) return false;
  if (kill(pid, 0) != 0 && errno == ESRCH) return false;
  // A zombie still answers kill(); its /proc status says so.
  std::ifstream status("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_text, comm, state;
  if (status >> pid_text >> comm >> state) return state != "Z";
  return true;
}

}  // namespace toscac::agent
