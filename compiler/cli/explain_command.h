#pragma once
// `toscac explain CODE`: the long explanation of a diagnostic code, with a wrong and a right
// example, from docs/diagnostics.md (embedded). `toscac explain --list` lists every code.
#include <CLI/CLI.hpp>
#include <string>

namespace toscac::cli {

struct ExplainFlags {
  std::string code;
  bool list = false;
};

void AddExplain(CLI::App& app, ExplainFlags& flags, CLI::App*& cmd);
int RunExplain(const ExplainFlags& flags);

}  // namespace toscac::cli
