// Test seams shared by the exec tests: a temporary directory to hold scripts and what they
// write, and checks that a process is gone.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "read_file.h"

namespace toscac::agent::exec::testing {

using toscac::test::ReadFile;

// A fresh directory under gtest's temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "toscac_exec_XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp " << pattern << " failed";
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

  // Writes `content` to `name` with `mode`; returns its path.
  std::string Write(const std::string& name, const std::string& content, mode_t mode = 0755) const {
    std::string file = File(name);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << content;
    chmod(file.c_str(), mode);
    return file;
  }

 private:
  std::string path_;
};

inline bool Exists(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0;
}

// Gone, or a zombie: dead, waiting for its new parent (init) to reap it.
inline bool IsGone(pid_t pid) {
  std::string fields = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  std::size_t paren = fields.rfind(')');
  return fields.empty() || (paren != std::string::npos && fields.substr(paren + 2, 1) == "Z");
}

inline bool BecomesGone(pid_t pid, std::chrono::milliseconds within) {
  auto until = std::chrono::steady_clock::now() + within;
  while (!IsGone(pid)) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

// No zombie of ours: the process was reaped, so it is no child of the test any more.
inline void ExpectReaped(pid_t pid) {
  ASSERT_GT(pid, 0);
  EXPECT_EQ(waitpid(pid, nullptr, WNOHANG), -1) << "pid " << pid << " was not reaped";
  EXPECT_EQ(errno, ECHILD);
}

}  // namespace toscac::agent::exec::testing
