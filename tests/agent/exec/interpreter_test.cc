#include "exec/interpreter.h"

#include <gtest/gtest.h>

#include <string>

#include "exec_test_support.h"

namespace toscac::agent::exec {
namespace {

using testing::TempDir;

// "interpreter|argument", "interpreter" without one, "-" for no "#!" at all.
std::string Dump(std::string_view head) {
  std::optional<Shebang> shebang = ParseShebang(head);
  if (!shebang) return "-";
  return shebang->interpreter + (shebang->argument ? "|" + *shebang->argument : "");
}

TEST(ParseShebangTest, SplitsLikeTheKernel) {
  EXPECT_EQ(Dump("#!/bin/sh\necho hi\n"), "/bin/sh");
  EXPECT_EQ(Dump("#!/bin/sh"), "/bin/sh");
  EXPECT_EQ(Dump("#! /bin/sh -e \n"), "/bin/sh|-e");
  EXPECT_EQ(Dump("#!\t/usr/bin/env  python3 -u\n"), "/usr/bin/env|python3 -u");
  EXPECT_EQ(Dump(std::string_view("#!/bin/sh\0 -x\n", 14)), "/bin/sh");
  // The kernel splits on spaces and tabs only: a DOS line ending names "/bin/sh\r".
  EXPECT_EQ(Dump("#!/bin/sh\r\n"), "/bin/sh\r");
}

TEST(ParseShebangTest, NoShebang) {
  EXPECT_EQ(Dump(""), "-");
  EXPECT_EQ(Dump("echo hi\n"), "-");
  EXPECT_EQ(Dump(" #!/bin/sh\n"), "-");
  EXPECT_EQ(Dump("#/bin/sh\n"), "-");
}

TEST(ParseShebangTest, NamesNoInterpreter) {
  EXPECT_EQ(Dump("#!\n"), "");
  EXPECT_EQ(Dump("#!   \n"), "");
  EXPECT_EQ(Dump("#!/" + std::string(kShebangLimit, 'a')), "");
}

TEST(PlanInvocationTest, ExecutableRunsDirectly) {
  TempDir dir;
  std::string program = dir.Write("run", "#!/bin/sh\n", 0755);
  Invocation plan = PlanInvocation(program, {"a", "b c"});
  EXPECT_EQ(plan.error, "");
  EXPECT_TRUE(plan.direct);
  EXPECT_EQ(plan.argv, (std::vector<std::string>{program, "a", "b c"}));
  EXPECT_EQ(plan.fallback_argv, (std::vector<std::string>{"/bin/sh", program, "a", "b c"}));
  EXPECT_EQ(plan.interpreter, "/bin/sh");
}

TEST(PlanInvocationTest, NonExecutableRunsWithItsInterpreter) {
  TempDir dir;
  std::string program = dir.Write("run", "#!/usr/bin/env python3 -u\n", 0644);
  Invocation plan = PlanInvocation(program, {"a"});
  EXPECT_FALSE(plan.direct);
  EXPECT_EQ(plan.argv, (std::vector<std::string>{"/usr/bin/env", "python3 -u", program, "a"}));
  EXPECT_TRUE(plan.fallback_argv.empty());
  program = dir.Write("plain", "echo hi\n", 0644);
  EXPECT_EQ(PlanInvocation(program, {}).argv, (std::vector<std::string>{"/bin/sh", program}));
}

TEST(PlanInvocationTest, RelativeProgramBecomesAbsolute) {
  TempDir dir;
  std::string program = dir.Write("run", "#!/bin/sh\n", 0755);
  std::string relative = std::filesystem::relative(program).string();
  ASSERT_NE(relative[0], '/');
  Invocation plan = PlanInvocation(relative, {});
  ASSERT_EQ(plan.error, "");
  EXPECT_EQ(plan.argv[0][0], '/');
  EXPECT_TRUE(std::filesystem::equivalent(plan.argv[0], program));
}

TEST(PlanInvocationTest, BadShebangIsAnError) {
  TempDir dir;
  std::string program = dir.Write("run", "#!\necho hi\n", 0644);
  EXPECT_EQ(PlanInvocation(program, {}).error,
            "cannot run '" + program +
                "': its '#!' line names no interpreter or is longer than 255 bytes");
}

}  // namespace
}  // namespace toscac::agent::exec
