#include "exec/interpreter.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

namespace toscac::agent::exec {

namespace {

constexpr const char* kShell = "/bin/sh";

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string ErrnoText(int error) { return std::generic_category().message(error); }

// The first kShebangLimit bytes of the file, or an errno.
int ReadHead(const std::string& path, std::string& head) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return errno;
  head.resize(kShebangLimit);
  std::size_t got = 0;
  while (got < head.size()) {
    ssize_t n = read(fd, head.data() + got, head.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      close(fd);
      head.clear();
      return error;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  close(fd);
  head.resize(got);
  return 0;
}

}  // namespace

std::optional<Shebang> ParseShebang(std::string_view head) {
  if (head.substr(0, 2) != "#!") return std::nullopt;
  Shebang shebang;
  std::size_t end = head.find_first_of(std::string_view("\n\0", 2));
  if (end == std::string_view::npos) {
    // The whole file is one line shorter than the limit, or the line is cut: the kernel
    // would cut the argument, which is worse than refusing.
    if (head.size() >= kShebangLimit) return shebang;
    end = head.size();
  }
  std::string_view line = head.substr(2, end - 2);
  while (!line.empty() && IsBlank(line.front())) line.remove_prefix(1);
  while (!line.empty() && IsBlank(line.back())) line.remove_suffix(1);
  std::size_t name_end = 0;
  while (name_end < line.size() && !IsBlank(line[name_end])) ++name_end;
  shebang.interpreter = std::string(line.substr(0, name_end));
  std::string_view rest = line.substr(name_end);
  while (!rest.empty() && IsBlank(rest.front())) rest.remove_prefix(1);
  if (!rest.empty()) shebang.argument = std::string(rest);
  return shebang;
}

Invocation PlanInvocation(const std::string& program, const std::vector<std::string>& args) {
  Invocation plan;
  if (program.empty()) {
    plan.error = "no program to run";
    return plan;
  }
  // The child changes to Command::working_dir before execve: a relative path must not move.
  std::error_code ignored;
  std::string path = std::filesystem::absolute(program, ignored).string();
  if (path.empty()) path = program;
  struct stat info;
  if (stat(path.c_str(), &info) != 0) {
    plan.error = "cannot run '" + program + "': " + ErrnoText(errno);
    return plan;
  }
  if (!S_ISREG(info.st_mode)) {
    plan.error = "cannot run '" + program +
                 "': " + (S_ISDIR(info.st_mode) ? ErrnoText(EISDIR) : "not a regular file");
    return plan;
  }
  // An executable need not be readable; its head only names the interpreter in messages.
  std::string head;
  int read_error = ReadHead(path, head);
  std::optional<Shebang> shebang = ParseShebang(head);
  if (access(path.c_str(), X_OK) == 0) {
    plan.direct = true;
    if (shebang) plan.interpreter = shebang->interpreter;
    plan.argv = {path};
    plan.fallback_argv = {kShell, path};
  } else {
    if (read_error != 0) {
      plan.error = "cannot read '" + program + "': " + ErrnoText(read_error);
      return plan;
    }
    if (shebang && shebang->interpreter.empty()) {
      plan.error = "cannot run '" + program + "': its '#!' line names no interpreter or is " +
                   "longer than " + std::to_string(kShebangLimit - 1) + " bytes";
      return plan;
    }
    plan.interpreter = shebang ? shebang->interpreter : kShell;
    plan.argv = {plan.interpreter};
    if (shebang && shebang->argument) plan.argv.push_back(*shebang->argument);
    plan.argv.push_back(path);
  }
  plan.argv.insert(plan.argv.end(), args.begin(), args.end());
  if (!plan.fallback_argv.empty()) {
    plan.fallback_argv.insert(plan.fallback_argv.end(), args.begin(), args.end());
  }
  return plan;
}

}  // namespace toscac::agent::exec
