#include "exec/environment.h"

#include <cstdlib>

#include "exec/printable.h"

namespace toscac::agent::exec {

namespace {

constexpr const char* kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
constexpr const char* kInherited[] = {"HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ", "TMPDIR"};

bool IsAsciiLetterOrUnderscore(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

void Set(std::vector<std::pair<std::string, std::string>>& vars, const std::string& name,
         const std::string& value) {
  for (auto& [existing, old_value] : vars) {
    if (existing != name) continue;
    old_value = value;
    return;
  }
  vars.emplace_back(name, value);
}

}  // namespace

bool IsValidVariableName(std::string_view name) {
  if (name.empty() || !IsAsciiLetterOrUnderscore(name[0])) return false;
  for (char c : name) {
    if (!IsAsciiLetterOrUnderscore(c) && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

Environment BuildEnvironment(const std::vector<std::pair<std::string, std::string>>& vars) {
  Environment result;
  std::vector<std::pair<std::string, std::string>> merged;
  const char* path = std::getenv("PATH");
  merged.emplace_back("PATH", path != nullptr && *path != '\0' ? path : kDefaultPath);
  for (const char* name : kInherited) {
    if (const char* value = std::getenv(name)) merged.emplace_back(name, value);
  }
  for (const auto& [name, value] : vars) {
    if (!IsValidVariableName(name)) {
      result.error = "invalid environment variable name '" + Printable(name) + "'";
      return result;
    }
    if (value.find('\0') != std::string::npos) {
      result.error = "environment variable '" + name + "' has a NUL byte in its value";
      return result;
    }
    Set(merged, name, value);
  }
  for (const auto& [name, value] : merged) result.entries.push_back(name + "=" + value);
  return result;
}

}  // namespace toscac::agent::exec
