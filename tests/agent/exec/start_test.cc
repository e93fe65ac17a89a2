// What a step starts with: its program, arguments, environment, descriptors and signals, and
// the ways it fails to start.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "exec/process.h"
#include "exec_test_support.h"

namespace toscac::agent::exec {
namespace {

using testing::Exists;
using testing::ExpectReaped;
using testing::ReadFile;
using testing::TempDir;

Command Step(const TempDir& dir, const std::string& script, mode_t mode = 0755) {
  Command command;
  command.program = dir.Write("step.sh", script, mode);
  command.env = {{"DIR", dir.path()}};
  command.output_path = dir.File("out.log");
  command.timeout = std::chrono::seconds(5);
  return command;
}

// Each would run something if it ever reached a shell as code.
std::vector<std::string> HostileValues(const TempDir& dir) {
  std::string pwned = dir.File("pwned");
  return {
      "$(touch " + pwned + ")",
      "`touch " + pwned + "`",
      "; touch " + pwned + "; rm -rf x",
      "x' && touch '" + pwned,
      "\"; touch \"" + pwned,
      "back\\slash \\n and %s %d",
      "line one\nline two\n",
      "  spaces around  ",
      "",
      "-n",
      "unicode: h\xC3\xA9llo \xE2\x9C\x93 \xE6\x97\xA5\xE6\x9C\xAC",
      "bytes: \x01\x1b[31m\x7f\xff\xfe",
  };
}

TEST(ProcessStartTest, EnvironmentReachesTheStepVerbatim) {
  TempDir dir;
  std::vector<std::string> values = HostileValues(dir);
  std::string script = "#!/bin/sh\n";
  Command command = Step(dir, "");
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::string name = "V" + std::to_string(i);
    command.env.emplace_back(name, values[i]);
    script += "printf '%s' \"$" + name + "\" > \"$DIR/" + name + "\"\n";
  }
  dir.Write("step.sh", script);
  Outcome outcome = exec::Run(command);
  ASSERT_TRUE(outcome.ok()) << outcome.Describe() << "\n" << ReadFile(command.output_path);
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(ReadFile(dir.File("V" + std::to_string(i))), values[i]) << "V" << i;
  }
  EXPECT_FALSE(Exists(dir.File("pwned")));
}

TEST(ProcessStartTest, ArgumentsReachTheStepVerbatim) {
  TempDir dir;
  std::vector<std::string> values = HostileValues(dir);
  Command command = Step(dir,
                         "#!/bin/sh\n"
                         "i=0\n"
                         "for arg in \"$@\"; do printf '%s' \"$arg\" > \"$DIR/A$i\"; "
                         "i=$((i + 1)); done\n");
  command.args = values;
  Outcome outcome = exec::Run(command);
  ASSERT_TRUE(outcome.ok()) << outcome.Describe();
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(ReadFile(dir.File("A" + std::to_string(i))), values[i]) << "A" << i;
  }
  EXPECT_FALSE(Exists(dir.File("pwned")));
}

TEST(ProcessStartTest, AgentEnvironmentDoesNotLeak) {
  TempDir dir;
  setenv("TOSCAC_TEST_SECRET", "hunter2", 1);
  Command command = Step(dir, "#!/bin/sh\nenv\n");
  Outcome outcome = exec::Run(command);
  unsetenv("TOSCAC_TEST_SECRET");
  ASSERT_TRUE(outcome.ok());
  std::string env = ReadFile(command.output_path);
  EXPECT_EQ(env.find("hunter2"), std::string::npos) << env;
  EXPECT_NE(env.find("PATH="), std::string::npos) << env;
  EXPECT_NE(env.find("DIR=" + dir.path() + "\n"), std::string::npos) << env;
  if (const char* home = getenv("HOME")) {
    EXPECT_NE(env.find(std::string("HOME=") + home + "\n"), std::string::npos) << env;
  }
}

TEST(ProcessStartTest, LaterVariablesWin) {
  TempDir dir;
  Command command = Step(dir, "#!/bin/sh\nprintf '%s|%s' \"$A\" \"$PATH\"\n");
  command.env = {{"A", "1"}, {"PATH", "/nowhere:/bin"}, {"A", "2"}};
  ASSERT_TRUE(exec::Run(command).ok());
  EXPECT_EQ(ReadFile(command.output_path), "2|/nowhere:/bin");
}

TEST(ProcessStartTest, InvalidVariableNameFailsToStart) {
  TempDir dir;
  struct Case {
    std::string name;
    std::string error;
  };
  for (const Case& c : std::vector<Case>{
           {"BAD-NAME", "invalid environment variable name 'BAD-NAME'"},
           {"1X", "invalid environment variable name '1X'"},
           {"", "invalid environment variable name ''"},
           {"A=B", "invalid environment variable name 'A=B'"},
           {"A B\n", "invalid environment variable name 'A B\\x0a'"},
       }) {
    Command command = Step(dir, "#!/bin/sh\ntouch \"$DIR/ran\"\n");
    command.env.emplace_back(c.name, "x");
    auto process = Process::Start(command);
    Outcome outcome = process->Wait();
    EXPECT_EQ(outcome.kind, Outcome::Kind::kFailedToStart);
    EXPECT_EQ(outcome.Describe(), c.error);
    EXPECT_EQ(process->pid(), -1);
  }
  EXPECT_FALSE(Exists(dir.File("ran")));
}

TEST(ProcessStartTest, NulInValueFailsToStart) {
  TempDir dir;
  Command command = Step(dir, "#!/bin/sh\n");
  command.env.emplace_back("X", std::string("a\0b", 3));
  Outcome outcome = exec::Run(command);
  EXPECT_EQ(outcome.kind, Outcome::Kind::kFailedToStart);
  EXPECT_EQ(outcome.error, "environment variable 'X' has a NUL byte in its value");
}

TEST(ProcessStartTest, NulInArgumentFailsToStart) {
  TempDir dir;
  Command command = Step(dir, "#!/bin/sh\n");
  command.args = {"ok", std::string("a\0b", 3)};
  EXPECT_EQ(exec::Run(command).error, "argument 2 of '" + command.program + "' has a NUL byte");
  command.args.clear();
  command.working_dir = std::string("/tmp\0/x", 7);
  EXPECT_EQ(exec::Run(command).error, "the working directory has a NUL byte");
}

TEST(ProcessStartTest, NonExecutableScriptRunsItsInterpreter) {
  TempDir dir;
  // -e is the "#!" line's one argument: the script stops at false.
  Command command = Step(dir, "#!/bin/sh -e\nfalse\ntouch \"$DIR/after\"\n", 0644);
  Outcome outcome = exec::Run(command);
  EXPECT_EQ(outcome.kind, Outcome::Kind::kExited);
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_FALSE(Exists(dir.File("after")));
}

TEST(ProcessStartTest, NonExecutableScriptWithoutShebangRunsWithSh) {
  TempDir dir;
  Command command = Step(dir, "echo \"$0\"\nexit 4\n", 0644);
  Outcome outcome = exec::Run(command);
  EXPECT_EQ(outcome.exit_code, 4) << outcome.Describe();
  EXPECT_EQ(ReadFile(command.output_path), command.program + "\n");
}

TEST(ProcessStartTest, ExecutableWithoutShebangRunsWithSh) {
  TempDir dir;
  Command command = Step(dir, "echo hi\nexit 5\n", 0755);
  Outcome outcome = exec::Run(command);
  EXPECT_EQ(outcome.exit_code, 5) << outcome.Describe();
  EXPECT_EQ(ReadFile(command.output_path), "hi\n");
}

TEST(ProcessStartTest, MissingProgramFailsToStart) {
  TempDir dir;
  Command command = Step(dir, "");
  command.program = dir.File("missing.sh");
  auto process = Process::Start(command);
  std::optional<Outcome> outcome = process->Poll();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->kind, Outcome::Kind::kFailedToStart);
  EXPECT_EQ(outcome->Describe(), "cannot run '" + command.program + "': No such file or directory");
  EXPECT_EQ(process->pid(), -1);
  EXPECT_EQ(process->Wait().kind, Outcome::Kind::kFailedToStart);
  process->Kill();
}

TEST(ProcessStartTest, DirectoryFailsToStart) {
  TempDir dir;
  Command command = Step(dir, "");
  command.program = dir.path();
  EXPECT_EQ(exec::Run(command).error, "cannot run '" + dir.path() + "': Is a directory");
  command.program = "";
  EXPECT_EQ(exec::Run(command).error, "no program to run");
}

// The failure happens in the child, at execve, and comes back through the report pipe.
TEST(ProcessStartTest, ExecFailureIsReported) {
  TempDir dir;
  std::string not_executable = dir.Write("interp", "#!/bin/sh\n", 0644);
  Command command = Step(dir, "#!" + not_executable + "\n");
  EXPECT_EQ(exec::Run(command).error, "cannot run '" + command.program + "': Permission denied");
  command = Step(dir, "#!" + not_executable + "\n", 0644);
  EXPECT_EQ(exec::Run(command).error, "cannot run '" + command.program + "' with interpreter '" +
                                          not_executable + "': Permission denied");
}

TEST(ProcessStartTest, MissingInterpreterIsNamed) {
  TempDir dir;
  for (mode_t mode : {0755, 0644}) {
    Command command = Step(dir, "#!/nonexistent/interp -x\n", mode);
    EXPECT_EQ(exec::Run(command).error,
              "cannot run '" + command.program +
                  "' with interpreter '/nonexistent/interp': No such file " + "or directory");
  }
}

TEST(ProcessStartTest, MissingWorkingDirectoryFailsToStart) {
  TempDir dir;
  Command command = Step(dir, "#!/bin/sh\ntouch \"$DIR/ran\"\n");
  command.working_dir = dir.File("nope");
  auto process = Process::Start(command);
  EXPECT_EQ(process->Wait().error, "cannot change to working directory '" + dir.File("nope") +
                                       "': No such file or directory");
  EXPECT_FALSE(Exists(dir.File("ran")));
}

TEST(ProcessStartTest, UnwritableOutputFailsToStart) {
  TempDir dir;
  Command command = Step(dir, "#!/bin/sh\n");
  command.output_path = dir.File("nope/out.log");
  EXPECT_EQ(exec::Run(command).error,
            "cannot open output file '" + command.output_path + "': No such file or directory");
}

TEST(ProcessStartTest, DescriptorsAreNotInherited) {
  TempDir dir;
  int leaked = open("/dev/null", O_RDONLY);  // no O_CLOEXEC
  ASSERT_GE(leaked, 3);
  Command command = Step(dir, "#!/bin/sh\n[ -e /proc/$$/fd/" + std::to_string(leaked) +
                                  " ] && echo open || echo closed\n");
  Outcome outcome = exec::Run(command);
  close(leaked);
  EXPECT_TRUE(outcome.ok());
  EXPECT_EQ(ReadFile(command.output_path), "closed\n");
}

// Blocked and ignored signals survive execve: the agent's must not reach the step. A shell
// would clear its mask itself, so cat reports what execve passed on.
TEST(ProcessStartTest, SignalsAreReset) {
  TempDir dir;
  struct sigaction ignore = {}, old_action;
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGUSR1, &ignore, &old_action);
  sigset_t block, old_mask;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &block, &old_mask);
  Command command = Step(dir, "");
  command.program = "/bin/cat";
  command.args = {"/proc/self/status"};
  auto process = Process::Start(command);
  Outcome outcome = process->Wait();
  sigaction(SIGUSR1, &old_action, nullptr);
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  ASSERT_TRUE(outcome.ok()) << outcome.Describe();
  std::string status = ReadFile(command.output_path);
  EXPECT_NE(status.find("\nSigBlk:\t0000000000000000\n"), std::string::npos) << status;
  EXPECT_NE(status.find("\nSigIgn:\t0000000000000000\n"), std::string::npos) << status;
  ExpectReaped(process->pid());
}

}  // namespace
}  // namespace toscac::agent::exec
