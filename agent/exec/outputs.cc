#include "exec/outputs.h"

#include <cerrno>
#include <string_view>

#include "exec/printable.h"
#include "exec/step_file.h"

namespace toscac::agent::exec {

namespace {

bool IsNameStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }

bool IsValidOutputName(std::string_view name) {
  if (name.empty() || !IsNameStart(name[0])) return false;
  for (char c : name) {
    if (!IsNameStart(c) && !(c >= '0' && c <= '9') && c != '.' && c != '-') return false;
  }
  return true;
}

void Set(Outputs& outputs, std::string_view name, std::string_view value) {
  for (auto& [existing, old_value] : outputs.values) {
    if (existing != name) continue;
    old_value = value;
    return;
  }
  outputs.values.emplace_back(name, value);
}

void ParseLine(std::string_view line, int number, Outputs& outputs) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty() || line.front() == '#') return;
  std::string where = "line " + std::to_string(number) + ": ";
  std::size_t equals = line.find('=');
  if (equals == std::string_view::npos) {
    outputs.errors.push_back(where + "expected 'name=value', found '" + Printable(line) + "'");
    return;
  }
  std::string_view name = line.substr(0, equals);
  if (!IsValidOutputName(name)) {
    outputs.errors.push_back(where + "invalid output name '" + Printable(name) +
                             "' (expected [A-Za-z_][A-Za-z0-9_.-]*)");
    return;
  }
  Set(outputs, name, line.substr(equals + 1));
}

}  // namespace

Outputs ReadOutputs(const std::string& path) {
  Outputs outputs;
  StepFile file = ReadStepFile(path, kMaxOutputsBytes, /*from_end=*/false);
  if (file.error != 0) {
    if (file.error != ENOENT) outputs.errors.push_back(file.error_text);
    return outputs;
  }
  const std::string& text = file.text;
  if (text.size() > kMaxOutputsBytes) {
    outputs.errors.push_back("'" + path + "' is larger than " + std::to_string(kMaxOutputsBytes) +
                             " bytes");
    return outputs;
  }
  std::string_view rest = text;
  for (int number = 1; !rest.empty(); ++number) {
    std::size_t end = rest.find('\n');
    ParseLine(rest.substr(0, end), number, outputs);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
  }
  return outputs;
}

}  // namespace toscac::agent::exec
