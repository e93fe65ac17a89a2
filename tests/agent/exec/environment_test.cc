#include "exec/environment.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

namespace toscac::agent::exec {
namespace {

TEST(EnvironmentTest, ValidNames) {
  EXPECT_TRUE(IsValidVariableName("A"));
  EXPECT_TRUE(IsValidVariableName("_"));
  EXPECT_TRUE(IsValidVariableName("db_Port2"));
  EXPECT_FALSE(IsValidVariableName(""));
  EXPECT_FALSE(IsValidVariableName("2A"));
  EXPECT_FALSE(IsValidVariableName("A-B"));
  EXPECT_FALSE(IsValidVariableName("A.B"));
  EXPECT_FALSE(IsValidVariableName("A=B"));
  EXPECT_FALSE(IsValidVariableName("\xC3\xA9"));
}

TEST(EnvironmentTest, StartsFromPathAndAddsVariablesInOrder) {
  Environment env = BuildEnvironment({{"B", "1"}, {"A", "x=y"}, {"B", "2"}});
  ASSERT_EQ(env.error, "");
  ASSERT_GE(env.entries.size(), 3u);
  EXPECT_EQ(env.entries[0].rfind("PATH=", 0), 0u);
  EXPECT_EQ(env.entries[env.entries.size() - 2], "B=2");
  EXPECT_EQ(env.entries.back(), "A=x=y");
}

TEST(EnvironmentTest, KeepsOnlyHarmlessAgentVariables) {
  setenv("TOSCAC_TEST_SECRET", "hunter2", 1);
  Environment env = BuildEnvironment({});
  unsetenv("TOSCAC_TEST_SECRET");
  for (const std::string& entry : env.entries) {
    std::string name = entry.substr(0, entry.find('='));
    EXPECT_TRUE(name == "PATH" || name == "HOME" || name == "USER" || name == "LOGNAME" ||
                name == "LANG" || name == "LC_ALL" || name == "TZ" || name == "TMPDIR")
        << entry;
  }
}

TEST(EnvironmentTest, ReportsTheFirstBadVariable) {
  EXPECT_EQ(BuildEnvironment({{"OK", "1"}, {"NOT OK", "2"}, {"", "3"}}).error,
            "invalid environment variable name 'NOT OK'");
  Environment env = BuildEnvironment({{"X", std::string("a\0b", 3)}});
  EXPECT_EQ(env.error, "environment variable 'X' has a NUL byte in its value");
  EXPECT_TRUE(env.entries.empty());
}

}  // namespace
}  // namespace toscac::agent::exec
