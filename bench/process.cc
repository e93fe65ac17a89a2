#include "process.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <fstream>

extern char** environ;

namespace toscac::bench {

std::size_t PeakResidentBytes() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmHWM:") {
      std::size_t kb = 0;
      status >> kb;
      return kb * 1024;
    }
    status.ignore(1 << 12, '\n');
  }
  return 0;
}

namespace {

// One run, in seconds; negative when it could not be spawned or did not exit with 0.
double SpawnOnce(char* const* argv, const posix_spawn_file_actions_t* actions) {
  auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  if (posix_spawn(&pid, argv[0], actions, nullptr, argv, environ) != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? seconds : -1;
}

}  // namespace

double MedianSpawnSeconds(const std::vector<std::string>& args, int runs) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    double t = SpawnOnce(argv.data(), &actions);
    if (t < 0) break;
    times.push_back(t);
  }
  posix_spawn_file_actions_destroy(&actions);
  if (times.empty() || static_cast<int>(times.size()) != runs) return -1;
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace toscac::bench
