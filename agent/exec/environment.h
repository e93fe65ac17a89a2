// The environment a step starts with. The agent's own environment may hold secrets (a store
// password, cloud credentials), so only a few harmless variables are taken from it; the rest
// comes from the step's Command::env.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace toscac::agent::exec {

struct Environment {
  std::vector<std::string> entries;  // "NAME=value", for execve
  std::string error;                 // non-empty: a variable cannot be passed; entries unset
};

// PATH (the agent's, or a standard one), then HOME, USER, LOGNAME, LANG, LC_ALL, TZ and TMPDIR
// when the agent has them, then `vars` in order. A later variable replaces an earlier one of
// the same name, in place.
//   BuildEnvironment({{"A", "1"}, {"A", "2"}}).entries == {"PATH=...", ..., "A=2"}
//   BuildEnvironment({{"A-B", "1"}}).error == "invalid environment variable name 'A-B'"
Environment BuildEnvironment(const std::vector<std::pair<std::string, std::string>>& vars);

// [A-Za-z_][A-Za-z0-9_]*: what every shell can read back.
bool IsValidVariableName(std::string_view name);

}  // namespace toscac::agent::exec
