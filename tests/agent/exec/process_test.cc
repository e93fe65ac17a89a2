#include "exec/process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <string>
#include <thread>

#include "exec_test_support.h"

namespace toscac::agent::exec {
namespace {

using std::chrono::milliseconds;
using testing::BecomesGone;
using testing::ExpectReaped;
using testing::IsGone;
using testing::ReadFile;
using testing::TempDir;

// A shell script step; $DIR is the test's directory.
Command Script(const TempDir& dir, const std::string& body) {
  Command command;
  command.program = dir.Write("step.sh", "#!/bin/sh\n" + body);
  command.env = {{"DIR", dir.path()}};
  command.output_path = dir.File("out.log");
  command.timeout = std::chrono::seconds(5);
  command.kill_grace = milliseconds(200);
  return command;
}

pid_t ReadPid(const std::string& path) { return static_cast<pid_t>(std::stol(ReadFile(path))); }

TEST(ProcessTest, ZeroExitIsOk) {
  TempDir dir;
  auto process = Process::Start(Script(dir, "exit 0\n"));
  Outcome outcome = process->Wait();
  EXPECT_EQ(outcome.kind, Outcome::Kind::kExited);
  EXPECT_TRUE(outcome.ok());
  EXPECT_EQ(outcome.Describe(), "exit status 0");
  ExpectReaped(process->pid());
}

TEST(ProcessTest, ReportsExitStatus) {
  TempDir dir;
  Outcome outcome = exec::Run(Script(dir, "exit 3\n"));
  EXPECT_EQ(outcome.kind, Outcome::Kind::kExited);
  EXPECT_EQ(outcome.exit_code, 3);
  EXPECT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.Describe(), "exit status 3");
}

TEST(ProcessTest, ReportsSignal) {
  TempDir dir;
  auto process = Process::Start(Script(dir, "kill -KILL $$\n"));
  Outcome outcome = process->Wait();
  EXPECT_EQ(outcome.kind, Outcome::Kind::kSignaled);
  EXPECT_EQ(outcome.signal, SIGKILL);
  EXPECT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.Describe(), "killed by signal 9 (SIGKILL)");
  ExpectReaped(process->pid());
}

TEST(ProcessTest, PollDoesNotBlock) {
  TempDir dir;
  auto process = Process::Start(Script(dir, "sleep 100\n"));
  auto before = std::chrono::steady_clock::now();
  EXPECT_FALSE(process->Poll().has_value());
  EXPECT_FALSE(process->Poll().has_value());
  EXPECT_LT(std::chrono::steady_clock::now() - before, milliseconds(50));
  process->Kill();
  std::optional<Outcome> outcome = process->Poll();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->kind, Outcome::Kind::kSignaled);
  EXPECT_EQ(outcome->signal, SIGTERM);
  ExpectReaped(process->pid());
}

TEST(ProcessTest, PollKeepsTheOutcome) {
  TempDir dir;
  auto process = Process::Start(Script(dir, "exit 7\n"));
  Outcome first = process->Wait();
  std::optional<Outcome> again = process->Poll();
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->exit_code, 7);
  EXPECT_EQ(again->duration, first.duration);
  EXPECT_EQ(process->Wait().exit_code, 7);
}

// The reactor's way: Poll now and then, never block.
TEST(ProcessTest, TimeoutKillsTheWholeGroup) {
  TempDir dir;
  Command command = Script(dir, "sleep 100 &\necho $! > \"$DIR/child.pid\"\nsleep 100\n");
  command.timeout = milliseconds(300);
  auto process = Process::Start(command);
  std::optional<Outcome> outcome;
  while (!(outcome = process->Poll())) std::this_thread::sleep_for(milliseconds(5));
  EXPECT_EQ(outcome->kind, Outcome::Kind::kTimedOut);
  EXPECT_EQ(outcome->signal, SIGTERM);
  EXPECT_EQ(outcome->Describe(), "timed out after 300 ms");
  EXPECT_GE(outcome->duration, milliseconds(300));
  EXPECT_LT(outcome->duration, milliseconds(2000));
  EXPECT_TRUE(IsGone(process->pid()));
  EXPECT_TRUE(BecomesGone(ReadPid(dir.File("child.pid")), milliseconds(1000)));
  ExpectReaped(process->pid());
}

TEST(ProcessTest, TimeoutEscalatesToSigkill) {
  TempDir dir;
  Command command = Script(dir,
                           "trap '' TERM\n"
                           "sleep 100 &\n"
                           "echo $! > \"$DIR/child.pid\"\n"
                           "sleep 100\n");
  command.timeout = milliseconds(300);
  Outcome outcome = exec::Run(command);
  EXPECT_EQ(outcome.kind, Outcome::Kind::kTimedOut);
  EXPECT_EQ(outcome.signal, SIGKILL);
  EXPECT_GE(outcome.duration, milliseconds(500));  // the timeout, then the grace
  EXPECT_TRUE(BecomesGone(ReadPid(dir.File("child.pid")), milliseconds(1000)));
}

TEST(ProcessTest, DescribesTimeoutsInSeconds) {
  Outcome outcome;
  outcome.kind = Outcome::Kind::kTimedOut;
  outcome.timeout = std::chrono::seconds(5);
  EXPECT_EQ(outcome.Describe(), "timed out after 5 s");
}

TEST(ProcessTest, KillStopsTheWholeGroup) {
  TempDir dir;
  auto process =
      Process::Start(Script(dir, "sleep 100 &\necho $! > \"$DIR/child.pid\"\nsleep 100\n"));
  // Until the shell has written the whole pid.
  while (ReadFile(dir.File("child.pid")).find('\n') == std::string::npos) {
    std::this_thread::sleep_for(milliseconds(2));
  }
  process->Kill();
  std::optional<Outcome> outcome = process->Poll();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->kind, Outcome::Kind::kSignaled);
  EXPECT_TRUE(BecomesGone(ReadPid(dir.File("child.pid")), milliseconds(1000)));
  ExpectReaped(process->pid());
}

TEST(ProcessTest, DestructorKillsAndReaps) {
  TempDir dir;
  pid_t pid;
  {
    auto process = Process::Start(Script(dir, "sleep 100\n"));
    pid = process->pid();
    ASSERT_GT(pid, 0);
  }
  ExpectReaped(pid);
}

// A start step may leave a daemon behind; only a timeout or Kill stops the group.
TEST(ProcessTest, ExitLeavesBackgroundProcessesAlone) {
  TempDir dir;
  Outcome outcome = exec::Run(Script(dir, "sleep 100 &\necho $! > \"$DIR/child.pid\"\n"));
  EXPECT_TRUE(outcome.ok());
  pid_t child = ReadPid(dir.File("child.pid"));
  EXPECT_FALSE(IsGone(child));
  kill(child, SIGKILL);
}

TEST(ProcessTest, RunsInItsOwnProcessGroup) {
  TempDir dir;
  // Field 5 of /proc/PID/stat is the process group ("step.sh" has no space to confuse cut).
  auto process = Process::Start(Script(dir, "cut -d' ' -f5 /proc/$$/stat > \"$DIR/pgid\"\n"));
  EXPECT_TRUE(process->Wait().ok());
  EXPECT_EQ(ReadFile(dir.File("pgid")), std::to_string(process->pid()) + "\n");
}

TEST(ProcessTest, OutputIsAppended) {
  TempDir dir;
  Command command = Script(dir, "echo out\necho err >&2\n");
  dir.Write("out.log", "before\n", 0644);
  exec::Run(command);
  exec::Run(command);
  EXPECT_EQ(ReadFile(command.output_path), "before\nout\nerr\nout\nerr\n");
}

TEST(ProcessTest, OutputFileIsCreatedPrivate) {
  TempDir dir;
  Command command = Script(dir, "echo secret\n");
  exec::Run(command);
  struct stat info;
  ASSERT_EQ(stat(command.output_path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST(ProcessTest, StdinIsDevNull) {
  TempDir dir;
  Command command = Script(dir, "if read line; then echo got; else echo eof; fi\n");
  EXPECT_TRUE(exec::Run(command).ok());
  EXPECT_EQ(ReadFile(command.output_path), "eof\n");
}

TEST(ProcessTest, RunsInTheWorkingDirectory) {
  TempDir dir;
  std::filesystem::create_directory(dir.File("work"));
  Command command = Script(dir, "pwd -P\n");
  command.working_dir = dir.File("work");
  EXPECT_TRUE(exec::Run(command).ok());
  EXPECT_EQ(ReadFile(command.output_path),
            std::filesystem::canonical(dir.File("work")).string() + "\n");
}

}  // namespace
}  // namespace toscac::agent::exec
