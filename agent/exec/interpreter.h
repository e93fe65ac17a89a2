// How a step's program file is run. Artifacts often lose their execute bit on the way (a
// copy, an unzip), so a non-executable file is still run: by the interpreter its "#!" line
// names, exactly as the kernel would have done, or by /bin/sh.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toscac::agent::exec {

// The kernel reads this many bytes of a script for its "#!" line.
inline constexpr std::size_t kShebangLimit = 256;

struct Shebang {
  std::string interpreter;  // empty: the line names none, or it does not end within the limit
  std::optional<std::string> argument;  // the rest of the line as one argument, trimmed
};

// The "#!" line at the start of `head` (the first kShebangLimit bytes of a file), split the
// way Linux's binfmt_script does: only spaces and tabs separate, "\r" is part of a word.
//   ParseShebang("#! /usr/bin/env  python3 -u \n") -> {"/usr/bin/env", "python3 -u"}
//   ParseShebang("echo hi\n") -> nullopt
std::optional<Shebang> ParseShebang(std::string_view head);

struct Invocation {
  std::vector<std::string> argv;  // argv[0] is also the file to execve
  // For an executable file the kernel cannot run (no "#!", not a binary): /bin/sh with it,
  // as execvp and every shell do. Empty otherwise.
  std::vector<std::string> fallback_argv;
  bool direct = false;  // argv[0] is the program itself
  // The "#!" interpreter the file names, or /bin/sh for a non-executable file without one;
  // for error messages.
  std::string interpreter;
  std::string error;  // non-empty: the program cannot be run; the rest is unset
};

// What to execve for `program` (made absolute against the working directory) and `args`.
// Errors: "cannot run 'x': No such file or directory", "... Is a directory", a bad "#!" line.
Invocation PlanInvocation(const std::string& program, const std::vector<std::string>& args);

}  // namespace toscac::agent::exec
